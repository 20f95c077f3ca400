package search

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// applyChanges feeds the same changes to apply in batches of 100: docs,
// then every fifth replaced by another text, then every eleventh deleted,
// with a growing sequence.
func applyChanges(docs, repl []Document, apply func(docs []Document, deletes []string, seq int64)) {
	seq := int64(0)
	for i := 0; i < len(docs); i += 100 {
		seq += 100
		apply(docs[i:min(i+100, len(docs))], nil, seq)
	}
	var changed []Document
	var deleted []string
	for i := 0; i < len(docs); i += 5 {
		d := repl[i]
		d.ID = docs[i].ID
		changed = append(changed, d)
	}
	for i := 3; i < len(docs); i += 11 {
		deleted = append(deleted, docs[i].ID)
	}
	apply(changed, nil, seq+1)
	apply(nil, deleted, seq+2)
}

// TestBuilderMatchesIndex builds the same changes into an Index and, with
// a budget small enough to spill many runs, into a Builder: the snapshot
// the Builder writes holds exactly the postings of the Index, term by term,
// and answers the same.
func TestBuilderMatchesIndex(t *testing.T) {
	for _, spill := range []int{2 << 10, 64 << 10, 1 << 30} {
		t.Run(fmt.Sprint(spill), func(t *testing.T) {
			docs, repl := variedDocs(3000, 11), variedDocs(3000, 12)
			for i := range docs { // words enough to clear the analyzers' caches
				docs[i].Abstract += fmt.Sprintf(" word%d", i)
				repl[i].Title += fmt.Sprintf(" other%d", i)
			}
			ix := NewIndex(DefaultParams())
			applyChanges(docs, repl, ix.Apply)
			path := filepath.Join(t.TempDir(), "index", SnapshotName)
			b, err := NewBuilder(path, DefaultParams(), spill)
			if err != nil {
				t.Fatal(err)
			}
			b.ix.stemWords = 1024
			applyChanges(docs, repl, func(d []Document, del []string, seq int64) {
				if err := b.Apply(d, del, seq); err != nil {
					t.Fatal(err)
				}
			})
			cleared := false
			for _, da := range b.ix.idle {
				cleared = cleared || da.an.Generation() > 1
			}
			if !cleared {
				t.Fatal("no analyzer cache was cleared: the test proves little")
			}
			runs := len(b.runs)
			if spill < 1<<20 && runs < 3 {
				t.Fatalf("%d runs spilled with a budget of %d bytes: the test proves little", runs, spill)
			}
			if b.Len() != ix.Len() || b.Seq() != ix.Seq() {
				t.Fatalf("builder has %d docs at seq %d, index %d at %d", b.Len(), b.Seq(), ix.Len(), ix.Seq())
			}
			if err := b.Finish(); err != nil {
				t.Fatal(err)
			}
			back, err := LoadFile(path, DefaultParams())
			if err != nil {
				t.Fatal(err)
			}
			if back.Len() != ix.Len() || back.Seq() != ix.Seq() || back.dead != ix.dead {
				t.Fatalf("loaded %d docs (%d dead) at seq %d, want %d (%d dead) at %d",
					back.Len(), back.dead, back.Seq(), ix.Len(), ix.dead, ix.Seq())
			}
			if err := samePostings(ix, back); err != nil {
				t.Fatal(err)
			}
			if err := sameResults(ix, back); err != nil {
				t.Fatal(err)
			}
			assertOnlyFile(t, filepath.Dir(path), SnapshotName)
		})
	}
}

// samePostings reports the first term whose postings differ between a and b.
func samePostings(a, b *Index) error {
	n := 0
	for t, id := range a.dict {
		if int(id) >= len(a.plist) || a.plist[id].n == 0 {
			continue
		}
		n++
		pa, pb := &a.plist[id], b.postingsOf(t)
		if pb == nil {
			return fmt.Errorf("term %q missing", t)
		}
		if pa.n != pb.n || !bytes.Equal(pa.data, pb.data) || !bytes.Equal(pa.pos, pb.pos) {
			return fmt.Errorf("term %q: %d postings (%d+%d bytes) vs %d (%d+%d bytes)",
				t, pa.n, len(pa.data), len(pa.pos), pb.n, len(pb.data), len(pb.pos))
		}
	}
	if n != len(b.plist) {
		return fmt.Errorf("%d terms, loaded snapshot has %d", n, len(b.plist))
	}
	return nil
}

func assertOnlyFile(t *testing.T, dir string, want ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s holds %v, want %v", dir, got, want)
	}
}

// TestBuilderAbort: an aborted build leaves neither spill files nor a
// snapshot, and a build over an existing snapshot replaces it only at Finish.
func TestBuilderAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, SnapshotName)
	b, err := NewBuilder(path, DefaultParams(), 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(variedDocs(200, 5), nil, 200); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	b.Abort()
	assertOnlyFile(t, dir)

	old := BuildIndex(DefaultParams(), variedDocs(10, 6))
	if err := old.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	// Leftovers of a build killed half-way are removed by the next one.
	if err := os.WriteFile(path+".postings.123.tmp", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err = NewBuilder(path, DefaultParams(), 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(variedDocs(200, 5), nil, 200); err != nil {
		t.Fatal(err)
	}
	if ix, err := LoadFile(path, DefaultParams()); err != nil || ix.Len() != 10 {
		t.Fatalf("before Finish the old snapshot stays: %v", err)
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	if ix, err := LoadFile(path, DefaultParams()); err != nil || ix.Len() != 200 || ix.Seq() != 200 {
		t.Fatalf("after Finish: %v", err)
	}
	assertOnlyFile(t, dir, SnapshotName)
}
