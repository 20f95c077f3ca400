package eval

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/paperwire/paperwire"
)

// System is what Run measures: it ingests papers, then ranks papers for a
// query text (plain words, no query syntax), best first.
type System interface {
	Ingest(ctx context.Context, papers []*paperwire.Paper) error
	Search(ctx context.Context, text string, k int) ([]string, error)
}

// Report is one evaluation's figures. The JSON keys are stable.
type Report struct {
	Dataset      string  `json:"dataset"`
	Split        string  `json:"split"`
	Mode         string  `json:"mode"`
	NDCG10       float64 `json:"ndcg@10"`
	Recall100    float64 `json:"recall@100"`
	MRR10        float64 `json:"mrr@10"`
	Docs         int     `json:"docs"`
	Queries      int     `json:"queries"`
	IndexSeconds float64 `json:"index_seconds"`
	DocsPerSec   float64 `json:"docs_per_second"`
	P50Ms        float64 `json:"latency_p50_ms"`
	P99Ms        float64 `json:"latency_p99_ms"`
}

// Papers turns corpus documents into papers with synthetic arXiv-style ids
// (1501.00001, 1501.00002, …) and returns the id → corpus id mapping.
func Papers(docs []Doc) ([]*paperwire.Paper, map[string]string) {
	listed := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	papers := make([]*paperwire.Paper, len(docs))
	back := make(map[string]string, len(docs))
	for i, d := range docs {
		title := d.Title
		if title == "" {
			title = "Untitled" // the store requires a title
		}
		id := PaperID(i)
		papers[i] = &paperwire.Paper{ID: id, Title: title, Abstract: d.Text, ListedOn: listed}
		back[id] = d.ID
	}
	return papers, back
}

// PaperID is the synthetic id of the i-th corpus document: valid new-style
// arXiv ids from January 2015 on, 99,999 per month.
func PaperID(i int) string {
	block := i / 99999
	return fmt.Sprintf("%02d%02d.%05d", 15+block/12, 1+block%12, i%99999+1)
}

// Run ingests ds's corpus into sys, runs every judged query and scores it.
// log, if not nil, receives structured progress lines.
func Run(ctx context.Context, ds *Dataset, sys System, log *slog.Logger) (Report, error) {
	log = orDiscard(log)
	r, back, err := ingest(ctx, ds, sys, log)
	if err != nil {
		return r, err
	}
	return r, score(ctx, ds, sys, back, &r, log)
}

// ModeSystem is a System whose ranking mode can change between query runs
// over the same ingested corpus.
type ModeSystem interface {
	System
	SetMode(mode string)
}

// Compare ingests ds's corpus into sys once (one index, one trained model)
// and then scores every judged query in each of modes, in order: the same
// corpus and model behind every figure, so the modes compare like for like.
func Compare(ctx context.Context, ds *Dataset, sys ModeSystem, modes []string, log *slog.Logger) ([]Report, error) {
	log = orDiscard(log)
	base, back, err := ingest(ctx, ds, sys, log)
	if err != nil {
		return nil, err
	}
	out := make([]Report, 0, len(modes))
	for _, m := range modes {
		sys.SetMode(m)
		r := base
		r.Mode = m
		if err := score(ctx, ds, sys, back, &r, log); err != nil {
			return out, fmt.Errorf("%s: %w", m, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}

// ingest stores ds's corpus in sys and returns the report's corpus figures
// and the paper id → corpus id mapping.
func ingest(ctx context.Context, ds *Dataset, sys System, log *slog.Logger) (Report, map[string]string, error) {
	r := Report{Dataset: ds.Name, Docs: len(ds.Docs), Queries: len(ds.Queries)}
	papers, back := Papers(ds.Docs)
	start := time.Now()
	if err := sys.Ingest(ctx, papers); err != nil {
		return r, nil, fmt.Errorf("ingest: %w", err)
	}
	secs := time.Since(start).Seconds()
	if secs > 0 {
		r.DocsPerSec = round(float64(len(papers))/secs, 0)
	}
	r.IndexSeconds = round(secs, 3)
	log.Info("eval corpus indexed", "docs", len(papers), "seconds", round(secs, 2))
	return r, back, nil
}

// score runs every judged query through sys and fills r's quality and
// latency figures.
func score(ctx context.Context, ds *Dataset, sys System, back map[string]string, r *Report, log *slog.Logger) error {
	var ndcg, recall, mrr float64
	lat := make([]float64, 0, len(ds.Queries))
	for i, q := range ds.Queries {
		t0 := time.Now()
		ids, err := sys.Search(ctx, q.Text, 100)
		if err != nil {
			return fmt.Errorf("query %s: %w", q.ID, err)
		}
		lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		for j, id := range ids {
			ids[j] = back[id]
		}
		rel := ds.Qrels[q.ID]
		ndcg += NDCG(ids, rel, 10)
		recall += Recall(ids, rel, 100)
		mrr += MRR(ids, rel, 10)
		if (i+1)%1000 == 0 {
			log.Info("eval queries", "done", i+1, "of", len(ds.Queries))
		}
	}
	if n := float64(len(ds.Queries)); n > 0 {
		r.NDCG10 = round(ndcg/n, 4)
		r.Recall100 = round(recall/n, 4)
		r.MRR10 = round(mrr/n, 4)
	}
	sort.Float64s(lat)
	r.P50Ms, r.P99Ms = round(quantile(lat, 0.50), 3), round(quantile(lat, 0.99), 3)
	return nil
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

func round(x float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	return float64(int64(x*p+0.5)) / p
}
