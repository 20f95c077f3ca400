package index

import (
	"testing"

	"github.com/paperwire/paperwire/search/index/indextest"
)

// TestNumberingChangesWithDocumentNumbers checks the promise caches keyed
// by document number rely on: two indexes never share a numbering, and
// compaction, which renumbers documents, gives a new one, while adding
// documents (which keeps the numbers) does not.
func TestNumberingChangesWithDocumentNumbers(t *testing.T) {
	docs := indextest.VariedDocs[Document](50, 1)
	a, b := Build(DefaultParams(), docs), Build(DefaultParams(), docs)
	if a.Numbering() == 0 || a.Numbering() == b.Numbering() {
		t.Fatalf("numberings %d and %d", a.Numbering(), b.Numbering())
	}
	before := a.Numbering()
	a.Apply(indextest.VariedDocs[Document](5, 2), nil, 0)
	if a.Numbering() != before {
		t.Errorf("adding documents changed the numbering")
	}
	a.Apply(nil, []string{docs[0].ID, docs[1].ID}, 0)
	a.Compact()
	if a.Numbering() == before {
		t.Errorf("compaction kept the numbering %d", before)
	}
}
