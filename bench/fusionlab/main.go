// Command fusionlab replays hybrid search's fusion offline over data
// directories kept by `paperwire eval --keep DIR` (the index and the trained
// model of one run), so fusion policies are compared in seconds, without
// ingesting or training again. Each argument is BEIRDIR,SPLIT,KEEPDIR:
//
//	paperwire eval ../shared/data/beir/scifact-train --split train --mode all --seed 1 --keep /tmp/keep-scifact
//	go run ./bench/fusionlab ../shared/data/beir/scifact-train,train,/tmp/keep-scifact /tmp/ki,test,/tmp/keep-ki
//
// It prints nDCG@10 and MRR@10 per collection for BM25 alone and for each
// fusion policy of the sweep. FUSIONLAB_PRF=1 replays gated pseudo-relevance
// feedback (prf.go), FUSIONLAB_PROX=1 term proximity (prox.go), and with it
// FUSIONLAB_TITLE=1 a lead-scaled vector share for title-like queries
// (title.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/eval"
	"github.com/paperwire/paperwire/search/query"
)

// judged is one query's lexical candidates and their cosines, with its judgments.
type judged struct {
	text   string
	lex    []search.Scored
	scores []float32
	found  []bool
	rel    map[string]int // paper id → relevance
	prf    [][]float32    // per prfVariants: scores against the fed-back query (FUSIONLAB_PRF)
	docs   []uint32       // the candidates' document numbers (FUSIONLAB_PROX)
	prox   [][]float32    // per proxWindows: the candidates' proximity scores (FUSIONLAB_PROX)
}

type collection struct {
	name    string
	queries []judged
}

// policy names a fusion to replay. With trust set, the vectors' share
// shrinks with the lexical top hit's lead, to nothing at a lead of trust or
// more: the query-adaptive blend measured in docs/search-quality-2.md.
type policy struct {
	name  string
	f     search.Fusion
	trust float64
}

// lead is the relative lead of the lexical top hit over the second,
// (s1 − s2)/s1: 1 for a single match, 0 for a tie or no match.
func lead(lex []search.Scored) float64 {
	switch {
	case len(lex) == 0 || lex[0].Score <= 0:
		return 0
	case len(lex) == 1:
		return 1
	}
	return min(1, max(0, (lex[0].Score-lex[1].Score)/lex[0].Score))
}

func main() {
	depth := flag.Int("depth", 1000, "lexical candidates per query")
	flag.Parse()
	ctx := context.Background()
	var cols []collection
	for _, arg := range flag.Args() {
		parts := strings.Split(arg, ",")
		if len(parts) != 3 {
			fail(fmt.Errorf("argument %q: want BEIRDIR,SPLIT,KEEPDIR", arg))
		}
		c, err := load(ctx, parts[0], parts[1], parts[2], *depth)
		if err != nil {
			fail(err)
		}
		cols = append(cols, c)
	}
	var pols []policy
	for _, w := range []float64{0.4, 0.45, 0.5, 0.55, 0.6} {
		for _, trust := range []float64{0, 0.1, 0.2, 0.5, 1} {
			for _, depth := range []int{100, 300, 1000} {
				f := search.DefaultFusion()
				f.Weight, f.Depth = w, depth
				pols = append(pols, policy{fmt.Sprintf("blend w=%.2f trust=%.1f depth=%d", w, trust, depth), f, trust})
			}
		}
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "policy\t")
	for _, c := range cols {
		fmt.Fprintf(tw, "%s nDCG\t%s MRR\t", c.name, c.name)
	}
	fmt.Fprintln(tw)
	row := func(name string, rank func(q judged) []search.Scored) {
		fmt.Fprintf(tw, "%s\t", name)
		for _, c := range cols {
			var ndcg, mrr float64
			for _, q := range c.queries {
				r := rank(q)
				ids := make([]string, 0, 10)
				for _, s := range r[:min(10, len(r))] {
					ids = append(ids, s.ID)
				}
				ndcg += eval.NDCG(ids, q.rel, 10)
				mrr += eval.MRR(ids, q.rel, 10)
			}
			n := float64(len(c.queries))
			fmt.Fprintf(tw, "%.4f\t%.4f\t", ndcg/n, mrr/n)
		}
		fmt.Fprintln(tw)
	}
	row("bm25", func(q judged) []search.Scored { return q.lex })
	if prfOn() {
		pols = pols[:0]
		f := search.DefaultFusion()
		pols = append(pols, policy{"default", f, 0})
		prfRows(row)
	}
	if proxOn() && titleOn() {
		pols = pols[:0]
		titleRows(row)
	} else if proxOn() {
		pols = pols[:0]
		pols = append(pols, policy{"default", search.DefaultFusion(), 0})
		proxRows(row)
	}
	for _, p := range pols {
		row(p.name, func(q judged) []search.Scored {
			n := min(p.f.Depth, len(q.lex))
			f := p.f
			if p.trust > 0 {
				f.Weight *= max(0, 1-lead(q.lex)/p.trust)
			}
			return search.FuseCandidates(f, q.lex[:n], q.scores[:n], q.found[:n])
		})
	}
	tw.Flush()
	for _, c := range cols {
		b, v, m := oracle(c)
		fmt.Printf("%s: BM25 better on %d queries, vectors on %d; per-query best MRR@10 %.4f\n", c.name, b, v, m)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "fusionlab:", err)
	os.Exit(1)
}

// load opens a kept eval directory and gathers every judged query's
// candidates and cosines.
func load(ctx context.Context, beir, split, keep string, depth int) (collection, error) {
	ds, err := eval.Load(beir, split)
	if err != nil {
		return collection{}, err
	}
	_, back := eval.Papers(ds.Docs)
	toPaper := make(map[string]string, len(back))
	for pid, did := range back {
		toPaper[did] = pid
	}
	in, err := instance.Open(ctx, instance.Options{DataDir: keep})
	if err != nil {
		return collection{}, err
	}
	defer in.Close()
	if err := in.OpenLexical(ctx); err != nil {
		return collection{}, err
	}
	sem := in.OpenSemantic(ctx)
	if sem == nil {
		return collection{}, fmt.Errorf("%s: no semantic layer", keep)
	}
	cs, ok := sem.Vectors.(search.CandidateScorer)
	if !ok {
		return collection{}, fmt.Errorf("%s: the vector index cannot score candidates", keep)
	}
	ix := in.Lexical().Index()
	c := collection{name: ds.Name}
	for _, q := range ds.Queries {
		hits := ix.Search(search.Request{Query: query.Plain(q.Text), Limit: depth}).Hits
		j := judged{text: q.Text, rel: map[string]int{}}
		ids := make([]string, len(hits))
		for i, h := range hits {
			j.lex = append(j.lex, search.Scored{ID: h.ID, Score: h.Score})
			ids[i] = h.ID
		}
		if proxOn() {
			for _, id := range ids {
				n, _ := ix.Number(id)
				j.docs = append(j.docs, n)
			}
			j.prox = proxScores(ix, q.Text, j.docs)
		}
		for did, r := range ds.Qrels[q.ID] {
			j.rel[toPaper[did]] = r
		}
		vecs, err := sem.Embedder.Embed(ctx, []string{q.Text})
		if err != nil {
			return collection{}, err
		}
		if j.scores, j.found, err = cs.Score(vecs[0], ids); err != nil {
			return collection{}, err
		}
		if vs, ok := sem.Vectors.(vectorSource); ok && prfOn() {
			if j.prf, err = prfScores(vecs[0], ids, vs, cs); err != nil {
				return collection{}, err
			}
		}
		c.queries = append(c.queries, j)
	}
	return c, nil
}

// oracle is the mean MRR@10 of the better of BM25 and the vectors alone
// (over the candidates) per query: the headroom fusion works within.
func oracle(c collection) (bm25Wins, vecWins int, mrr float64) {
	for _, q := range c.queries {
		l := rr(q.lex, q.rel)
		f := search.DefaultFusion()
		f.Weight = 1
		v := rr(search.FuseCandidates(f, q.lex, q.scores, q.found), q.rel)
		if l > v {
			bm25Wins++
		} else if v > l {
			vecWins++
		}
		mrr += max(l, v)
	}
	return bm25Wins, vecWins, mrr / float64(len(c.queries))
}

func rr(r []search.Scored, rel map[string]int) float64 {
	for i, s := range r[:min(10, len(r))] {
		if rel[s.ID] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}
