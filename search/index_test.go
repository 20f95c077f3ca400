package search

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire/search/index/indextest"
	"github.com/paperwire/paperwire/search/query"
)

// variedDocs makes n papers with shared words, phrases, authors,
// categories and dates (indextest.VariedDocs).
func variedDocs(n int, seed uint64) []Document { return indextest.VariedDocs[Document](n, seed) }

var variedQueries = []string{
	"graph", "quantum error", `"graph neural network"`, `"neural graph"`, "protein -folding",
	`model -"language model"`, "author:turing", `author:"grace hopper" vision`, "cat:cs", "cat:cs.CL retrieval",
	"robot year:2022..2023", "sparse sort:new", "theorem sort:top", "cat:quant-ph after:2024-01", "attention cs.lg",
}

// sameResults reports the first difference between two indexes' answers.
func sameResults(a, b *Index) error {
	for _, qs := range variedQueries {
		q := query.Parse(qs)
		ra := a.Search(Request{Query: q, Limit: 50, Facets: true})
		rb := b.Search(Request{Query: q, Limit: 50, Facets: true})
		if ra.Total != rb.Total || len(ra.Hits) != len(rb.Hits) {
			return fmt.Errorf("%q: %d/%d hits vs %d/%d", qs, len(ra.Hits), ra.Total, len(rb.Hits), rb.Total)
		}
		for i := range ra.Hits {
			ha, hb := ra.Hits[i], rb.Hits[i]
			if ha.ID != hb.ID || !near(ha.Score, hb.Score) || ha.Withdrawn != hb.Withdrawn || !ha.Date.Equal(hb.Date) {
				return fmt.Errorf("%q hit %d: %+v vs %+v", qs, i, ha, hb)
			}
		}
		if fmt.Sprint(ra.Facets) != fmt.Sprint(rb.Facets) {
			return fmt.Errorf("%q facets: %v vs %v", qs, ra.Facets, rb.Facets)
		}
	}
	return nil
}

// TestCompactionMatchesFreshBuild replaces and deletes documents (tombstones
// in the postings), compacts, and expects the answers of an index built
// from the surviving documents alone: phrases, authors, categories, facets.
func TestCompactionMatchesFreshBuild(t *testing.T) {
	docs := variedDocs(600, 1)
	ix := BuildIndex(DefaultParams(), docs)
	repl := variedDocs(600, 2)
	final := map[string]Document{}
	for _, d := range docs {
		final[d.ID] = d
	}
	var deleted []string
	for i := 0; i < len(docs); i += 3 {
		d := repl[i]
		d.ID = docs[i].ID
		ix.Upsert(d)
		final[d.ID] = d
	}
	for i := 1; i < len(docs); i += 7 {
		deleted = append(deleted, docs[i].ID)
		delete(final, docs[i].ID)
	}
	ix.Delete(deleted...)
	ix.Compact()
	var rest []Document
	for _, d := range docs { // fresh build in the compacted index's order
		if _, ok := final[d.ID]; ok && !isReplaced(d.ID, docs, 3) {
			rest = append(rest, final[d.ID])
		}
	}
	for i := 0; i < len(docs); i += 3 {
		if _, ok := final[docs[i].ID]; ok {
			rest = append(rest, final[docs[i].ID])
		}
	}
	fresh := BuildIndex(DefaultParams(), rest)
	if ix.Len() != fresh.Len() {
		t.Fatalf("len %d vs fresh %d", ix.Len(), fresh.Len())
	}
	if err := sameResults(ix, fresh); err != nil {
		t.Fatal(err)
	}
	for _, qs := range []string{`"graph neural network"`, `author:"grace hopper" vision`, "cat:cs.CL retrieval", `model -"language model"`} {
		if r := ix.Search(Request{Query: query.Parse(qs)}); r.Total == 0 || r.Total == ix.Len() {
			t.Errorf("%q matches %d of %d: the comparison proves little", qs, r.Total, ix.Len())
		}
	}
}

func isReplaced(id string, docs []Document, every int) bool {
	for i := 0; i < len(docs); i += every {
		if docs[i].ID == id {
			return true
		}
	}
	return false
}

// TestSnapshotWithTombstones saves an index holding dead documents and
// postings over several blocks, loads it, and expects the same answers,
// also after both take more documents.
func TestSnapshotWithTombstones(t *testing.T) {
	docs := variedDocs(700, 3)
	ix := BuildIndex(DefaultParams(), docs)
	d := docs[5]
	d.Abstract = "a replaced abstract about graph neural networks"
	ix.Upsert(d)
	ix.Delete(docs[9].ID)
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadIndex(buf.Bytes(), DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != ix.Len() || back.Seq() != ix.Seq() {
		t.Fatalf("loaded %d docs seq %d, want %d seq %d", back.Len(), back.Seq(), ix.Len(), ix.Seq())
	}
	if p := back.Postings("graph"); p == nil || len(p.Skip()) == 0 {
		t.Fatalf("graph postings should span several blocks: %+v", p)
	}
	if err := sameResults(ix, back); err != nil {
		t.Fatal(err)
	}
	// The loaded index keeps indexing: appends copy out of the file's buffer.
	more := variedDocs(50, 4)
	for i := range more {
		more[i].ID = fmt.Sprintf("new.%d", i)
	}
	ix.Upsert(more...)
	back.Upsert(more...)
	if err := sameResults(ix, back); err != nil {
		t.Fatalf("after more documents: %v", err)
	}
}

func TestYearOfDay(t *testing.T) {
	for d := int32(-800000); d <= 800000; d += 7 {
		if got, want := yearOfDay(d), time.Unix(int64(d)*86400, 0).UTC().Year(); got != want {
			t.Fatalf("yearOfDay(%d) = %d, want %d", d, got, want)
		}
	}
	for _, d := range []int32{-1, 0, 58, 59, 60, 364, 365, 10956, 11016, 11017} { // around Feb/Mar and 2000
		if got, want := yearOfDay(d), time.Unix(int64(d)*86400, 0).UTC().Year(); got != want {
			t.Fatalf("yearOfDay(%d) = %d, want %d", d, got, want)
		}
	}
}

// TestLoadFileMapsPostings loads a snapshot through a mapping: every
// postings stream stays in the file, the index answers as the one saved,
// and it keeps indexing (appends, replacements, deletions, compaction and
// Trim copy lists out of the read-only mapping instead of writing to it).
func TestLoadFileMapsPostings(t *testing.T) {
	docs := variedDocs(3000, 7)
	ix := BuildIndex(DefaultParams(), docs)
	path := filepath.Join(t.TempDir(), SnapshotName)
	if err := ix.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadFile(path, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	f := back.Footprint()
	if f.MappedBytes != f.DataBytes+f.PosBytes || f.MappedBytes == 0 {
		t.Fatalf("%d of %d postings bytes mapped, want all", f.MappedBytes, f.DataBytes+f.PosBytes)
	}
	if err := sameResults(ix, back); err != nil {
		t.Fatal(err)
	}
	more := variedDocs(600, 8)
	for i := range more {
		more[i].ID = fmt.Sprintf("new.%d", i)
	}
	var dels []string
	for i := range docs { // enough to compact
		if i%3 != 0 {
			dels = append(dels, docs[i].ID)
		}
	}
	repl := docs[1]
	repl.Abstract = "a replaced abstract about graph neural networks"
	for _, x := range []*Index{ix, back} {
		x.Apply(append(more, repl), dels, 99)
		x.Trim()
	}
	if err := sameResults(ix, back); err != nil {
		t.Fatalf("after changes: %v", err)
	}
	if f := back.Footprint(); f.MappedBytes != 0 || f.Docs != back.Len() {
		t.Errorf("after compaction: %+v, %d live documents", f, back.Len())
	}
}
