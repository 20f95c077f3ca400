package eval

import (
	"context"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
)

// Memory is a System that indexes straight into an in-memory Index, without
// a store: for parameter sweeps, where only ranking changes between runs.
type Memory struct {
	Params search.Params
	ix     *search.Index
}

// Ingest indexes papers.
func (m *Memory) Ingest(_ context.Context, papers []*paperwire.Paper) error {
	docs := make([]search.Document, len(papers))
	for i, p := range papers {
		docs[i] = search.DocumentFromPaper(p)
	}
	m.ix = search.BuildIndex(m.Params, docs)
	return nil
}

// Index returns the built index (nil before Ingest).
func (m *Memory) Index() *search.Index { return m.ix }

// Search ranks papers for plain text with BM25F.
func (m *Memory) Search(_ context.Context, text string, k int) ([]string, error) {
	hits := m.ix.SearchText(text, k)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids, nil
}
