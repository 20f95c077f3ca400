package ingest

import (
	"context"
	"errors"
	"sync"

	"github.com/paperwire/paperwire"
)

// memStore is an in-memory PaperWriter and CheckpointStore with the store's
// contract (MergePaper per record, checkpoints in the same "transaction"),
// used where a test is about the importer rather than SQL. failAfter makes
// the n-th batch fail without writing anything, the way a killed process
// leaves an uncommitted transaction.
type memStore struct {
	mu        sync.Mutex
	papers    map[string]*paperwire.Paper
	cps       map[string]string
	seq       int64
	batches   int
	failAfter int
}

func newMemStore() *memStore {
	return &memStore{papers: map[string]*paperwire.Paper{}, cps: map[string]string{}}
}

var errKilled = errors.New("killed")

func (m *memStore) UpsertPapers(ctx context.Context, ps []*paperwire.Paper) (paperwire.UpsertResult, error) {
	return m.UpsertPapersAt(ctx, ps)
}

func (m *memStore) UpsertPapersAt(ctx context.Context, ps []*paperwire.Paper, cps ...paperwire.Checkpoint) (paperwire.UpsertResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failAfter > 0 && m.batches >= m.failAfter {
		return paperwire.UpsertResult{}, errKilled
	}
	m.batches++
	var res paperwire.UpsertResult
	for _, p := range ps {
		if p.ID == "" {
			return paperwire.UpsertResult{}, paperwire.Errorf(paperwire.EINVALID, "paper without id")
		}
	}
	for _, p := range ps {
		old := m.papers[p.ID]
		merged, changed := paperwire.MergePaper(old, p)
		switch {
		case old == nil:
			res.New++
		case changed:
			res.Updated++
		default:
			res.Unchanged++
			continue
		}
		m.seq++
		merged.Seq = m.seq
		m.papers[p.ID] = merged
	}
	for _, cp := range cps {
		m.cps[cp.Key] = cp.Value
	}
	return res, nil
}

func (m *memStore) Checkpoint(ctx context.Context, key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cps[key], nil
}

func (m *memStore) SetCheckpoint(ctx context.Context, cp paperwire.Checkpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cps[cp.Key] = cp.Value
	return nil
}
