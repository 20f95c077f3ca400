package index

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire/search/index/indextest"
)

// snapshotName is the file name these tests build (the data directory's
// is search.snapshotName).
const snapshotName = "lexical.bin"

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
// and the same documents.
func TestBuilderMatchesIndex(t *testing.T) {
	for _, spill := range []int{2 << 10, 64 << 10, 1 << 30} {
		t.Run(fmt.Sprint(spill), func(t *testing.T) {
			docs, repl := indextest.VariedDocs[Document](3000, 11), indextest.VariedDocs[Document](3000, 12)
			for i := range docs { // words enough to clear the analyzers' caches
				docs[i].Abstract += fmt.Sprintf(" word%d", i)
				repl[i].Title += fmt.Sprintf(" other%d", i)
			}
			ix := New(DefaultParams())
			applyChanges(docs, repl, ix.Apply)
			path := filepath.Join(t.TempDir(), "index", snapshotName)
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
			if err := b.Finish(); err != nil {
				t.Fatal(err)
			}
			if b.Len() != ix.Len() || b.Seq() != ix.Seq() {
				t.Fatalf("builder has %d docs at seq %d, index %d at %d", b.Len(), b.Seq(), ix.Len(), ix.Seq())
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
			if err := sameDocs(ix, back); err != nil {
				t.Fatal(err)
			}
			assertOnlyFile(t, filepath.Dir(path), snapshotName)
		})
	}
}

// samePostings reports the first term whose postings differ between a and b.
func samePostings(a, b *Index) error {
	n := 0
	for id := range min(a.dict.Len(), len(a.plist)) {
		if a.plist[id].N == 0 {
			continue
		}
		t := string(a.dict.term(uint32(id)))
		n++
		pa, pb := &a.plist[id], b.Postings(t)
		if pb == nil {
			return fmt.Errorf("term %q missing", t)
		}
		if pa.N != pb.N || !bytes.Equal(pa.Data, pb.Data) || !bytes.Equal(pa.Pos, pb.Pos) {
			return fmt.Errorf("term %q: %d postings (%d+%d bytes) vs %d (%d+%d bytes)",
				t, pa.N, len(pa.Data), len(pa.Pos), pb.N, len(pb.Data), len(pb.Pos))
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
	path := filepath.Join(dir, snapshotName)
	b, err := NewBuilder(path, DefaultParams(), 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(indextest.VariedDocs[Document](200, 5), nil, 200); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	b.Abort()
	assertOnlyFile(t, dir)

	old := Build(DefaultParams(), indextest.VariedDocs[Document](10, 6))
	if err := old.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	// Leftovers of a build killed half-way are removed by the next one.
	if err := os.WriteFile(path+".postings.123.tmp", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	os.Chtimes(path+".postings.123.tmp", past, past)
	b, err = NewBuilder(path, DefaultParams(), 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(indextest.VariedDocs[Document](200, 5), nil, 200); err != nil {
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
	assertOnlyFile(t, dir, snapshotName)
}

// TestBuilderRepeatsAndDeletes: the Builder keeps no id map, yet its
// snapshot holds each id once, in its latest state: a repeat with the same
// text (new upvotes, now withdrawn), a repeat with new text, a deletion,
// and an id added again after its deletion.
func TestBuilderRepeatsAndDeletes(t *testing.T) {
	path := filepath.Join(t.TempDir(), snapshotName)
	b, err := NewBuilder(path, DefaultParams(), 0)
	if err != nil {
		t.Fatal(err)
	}
	doc := func(id, title string, up int, withdrawn bool) Document {
		return Document{ID: id, Title: title, Abstract: "shared words about lattices", Upvotes: up, Withdrawn: withdrawn}
	}
	steps := []struct {
		docs    []Document
		deletes []string
	}{
		{docs: []Document{doc("a", "alpha lattice", 1, false), doc("b", "beta lattice", 2, false), doc("c", "gamma lattice", 3, false)}},
		{docs: []Document{doc("a", "alpha lattice", 10, true), doc("b", "beta reworded", 2, false)}},
		{deletes: []string{"c", "never-added"}},
		{docs: []Document{doc("d", "delta lattice", 4, false)}},
		{deletes: []string{"d"}},
		{docs: []Document{doc("d", "delta again", 5, false)}},
	}
	for i, s := range steps {
		if err := b.Apply(s.docs, s.deletes, int64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	ix, err := LoadFile(path, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 3 || ix.Seq() != int64(len(steps)) {
		t.Fatalf("%d docs at seq %d, want a, b, d at %d", ix.Len(), ix.Seq(), len(steps))
	}
	type paper struct {
		title     string
		upvotes   int32
		withdrawn bool
	}
	got := map[string]paper{}
	for n := range uint32(ix.NumDocs()) {
		if !ix.Dead(n) {
			got[ix.ID(n)] = paper{ix.Title(n), ix.Upvotes(n), ix.Withdrawn(n)}
		}
	}
	want := map[string]paper{"a": {"alpha lattice", 10, true}, "b": {"beta reworded", 2, false}, "d": {"delta again", 5, false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("live documents %v, want %v", got, want)
	}
	if p := ix.Postings("lattic"); p == nil || p.N != 7 {
		t.Fatalf("lattice postings %+v: want the seven documents added, dead ones included", p)
	}
	if _, ok := ix.Number("c"); ok {
		t.Error("deleted c still has a number")
	}
}

// sameDocs reports the first difference between the documents of a and b.
func sameDocs(a, b *Index) error {
	if a.NumDocs() != b.NumDocs() {
		return fmt.Errorf("%d documents vs %d", a.NumDocs(), b.NumDocs())
	}
	for n := range uint32(a.NumDocs()) {
		da := fmt.Sprint(a.ID(n), a.Title(n), a.Day(n), a.Upvotes(n), a.Dead(n), a.Withdrawn(n), a.Categories(n), a.hashes[n])
		db := fmt.Sprint(b.ID(n), b.Title(n), b.Day(n), b.Upvotes(n), b.Dead(n), b.Withdrawn(n), b.Categories(n), b.hashes[n])
		for f := range NumFields {
			da += fmt.Sprint(" ", a.FieldLens(f)[n])
			db += fmt.Sprint(" ", b.FieldLens(f)[n])
		}
		if da != db {
			return fmt.Errorf("document %d: %s vs %s", n, da, db)
		}
	}
	return nil
}

// TestCategoriesOncePerDocument: a category listed twice, or in two
// spellings, counts once for its paper, built or read from a snapshot.
func TestCategoriesOncePerDocument(t *testing.T) {
	ix := Build(DefaultParams(), []Document{
		{ID: "a", Title: "x", Categories: []string{"cs.LG", "CS.LG", "cs.AI", "cs.LG"}},
		{ID: "b", Title: "y", Categories: []string{"cs.AI", "stat.ML", "cs.AI"}},
	})
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	read, err := Read(buf.Bytes(), DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	for name, ix := range map[string]*Index{"built": ix, "read": read} {
		if got := fmt.Sprint(len(ix.Categories(0)), len(ix.Categories(1))); got != "2 2" {
			t.Errorf("%s: documents hold %s categories, want 2 2", name, got)
		}
	}
}
