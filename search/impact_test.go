package search

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/postings"
	"github.com/paperwire/paperwire/search/query"
)

// newTestAccumulator is an empty accumulator for ix.
func newTestAccumulator(ix *Index) *accumulator {
	n := ix.NumDocs()
	return &accumulator{scores: make([]float32, n+1), touched: make([]uint32, 0, n+2)}
}

// eachTitleQueryPlan plans n title queries of the demo corpus and calls fn
// with each, under the index's read lock.
func eachTitleQueryPlan(n int, fn func(ix *Index, f *fieldScoring, qs string, pl *plan)) {
	ix, titles := demoIndex()
	an := analysis.New()
	f := ix.fieldScoring()
	ix.RLock()
	defer ix.RUnlock()
	for _, qs := range titleQueries(titles, n) {
		q := query.Parse(qs)
		fn(ix, f, qs, ix.planQuery(an, &q))
	}
}

// TestImpactsMatchExactScoring scores every word of real title queries on
// the demo corpus both ways, whatever the list's length: the impacts touch
// the same documents in the same order, and each score is within the
// quantisation's bound (half a 1/256 step of the term's weight). Scoring a
// list whose stream is not kept gives the stream's scores exactly.
func TestImpactsMatchExactScoring(t *testing.T) {
	terms := 0
	eachTitleQueryPlan(60, func(ix *Index, f *fieldScoring, qs string, pl *plan) {
		for i := range pl.scored {
			st := &pl.scored[i]
			exact, quant := newTestAccumulator(ix), newTestAccumulator(ix)
			f.add(exact, st)
			var il impactList
			f.buildImpacts(st.p, &il, true)
			addImpacts(quant, &il, st.weight)
			if !slices.Equal(exact.touched, quant.touched) {
				t.Fatalf("%q term %d: impacts touched %d documents, exact scoring %d", qs, i, len(quant.touched), len(exact.touched))
			}
			onePass := newTestAccumulator(ix)
			f.addQuantised(onePass, st, false)
			if !slices.Equal(onePass.touched, quant.touched) || !slices.Equal(onePass.scores, quant.scores) {
				t.Fatalf("%q term %d: scoring without a kept stream differs from scoring from it", qs, i)
			}
			bound := st.weight/512 + 1e-5
			for _, d := range exact.touched {
				if diff := math.Abs(float64(exact.scores[d] - quant.scores[d])); diff > float64(bound) {
					t.Fatalf("%q term %d doc %d: impact score %v, exact %v (bound %v)", qs, i, d, quant.scores[d], exact.scores[d], bound)
				}
			}
			// Only documents already touched: the other half of the documents.
			exact2, quant2 := newTestAccumulator(ix), newTestAccumulator(ix)
			for j := 0; j < len(exact.touched); j += 2 {
				d := exact.touched[j]
				exact2.scores[d], quant2.scores[d] = 1, 1
				exact2.touched = append(exact2.touched, d)
				quant2.touched = append(quant2.touched, d)
			}
			f.addToTouched(exact2, st)
			addImpactsToTouched(quant2, &il, st.weight)
			for d := range exact2.scores {
				if diff := math.Abs(float64(exact2.scores[d] - quant2.scores[d])); diff > float64(bound) {
					t.Fatalf("%q term %d doc %d, touched only: impact score %v, exact %v", qs, i, d, quant2.scores[d], exact2.scores[d])
				}
			}
			terms++
		}
	})
	if terms < 200 {
		t.Fatalf("only %d terms compared", terms)
	}
}

// TestDenseImpactsMatchStream: adding a common word's list to the
// documents a search touched gives the same scores, bit for bit, from its
// dense impacts as from its stream, on real title queries of the demo
// corpus with the words before it added as a search adds them.
func TestDenseImpactsMatchStream(t *testing.T) {
	dense := 0
	eachTitleQueryPlan(200, func(ix *Index, f *fieldScoring, qs string, pl *plan) {
		order := byWeight(pl.scored, nil)
		for i, t0 := range order {
			st := &pl.scored[t0]
			var il impactList
			f.buildImpacts(st.p, &il, true)
			if il.dense == nil || i == 0 {
				continue
			}
			dense++
			fromDense, fromStream := newTestAccumulator(ix), newTestAccumulator(ix)
			for _, acc := range []*accumulator{fromDense, fromStream} {
				for _, t1 := range order[:i] {
					f.add(acc, &pl.scored[t1])
				}
			}
			addDenseToTouched(fromDense, il.dense, st.weight)
			stream := il
			stream.dense = nil
			addImpactsToTouched(fromStream, &stream, st.weight)
			if !slices.Equal(fromDense.scores, fromStream.scores) {
				t.Fatalf("%q term %d: dense impacts score differently from the stream", qs, i)
			}
		}
	})
	if dense < 50 {
		t.Fatalf("only %d lists with dense impacts compared", dense)
	}
}

// TestDenseImpactsOnlyForCommonWords pins when a list gets dense impacts
// (a quarter of the documents or more) and that a list with an impact of
// 255, which a byte plus one cannot hold, gets none.
func TestDenseImpactsOnlyForCommonWords(t *testing.T) {
	if hasDense(249, 1000) || !hasDense(250, 1000) || hasDense(10, 0) {
		t.Fatal("hasDense: want lists in a quarter of the documents or more")
	}
	stream := postings.AppendUvarint32(nil, 3)
	stream = append(stream, 7)
	stream = postings.AppendUvarint32(stream, 2)
	stream = append(stream, 254)
	got := denseImpacts(stream, 2, 6)
	if want := []byte{0, 0, 0, 8, 0, 255}; !slices.Equal(got, want) {
		t.Fatalf("dense impacts %v, want %v", got, want)
	}
	stream[len(stream)-1] = 255
	if got := denseImpacts(stream, 2, 6); got != nil {
		t.Fatalf("an impact of 255 gave dense impacts %v", got)
	}
}

// commonDocs returns n documents that all hold the word "common" (a list
// long enough to be scored from impacts) and each a word of its own.
func commonDocs(n int) []Document {
	docs := make([]Document, n)
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		docs[i] = Document{
			ID:       fmt.Sprintf("2601.%05d", i),
			Title:    fmt.Sprintf("common word%d", i),
			Abstract: strings.Repeat("filler text about nothing much ", 1+i%7) + "common",
			Date:     day,
		}
	}
	return docs
}

func hitsOf(t *testing.T, ix *Index, q string) []Scored {
	t.Helper()
	got, _, _ := ix.searchScored(Request{Query: query.Parse(q), Limit: 20, TopOnly: true}, nil)
	return got
}

// TestImpactsFollowIndexChanges checks that kept impacts are dropped when
// the index changes what scoring gives: after new documents and after new
// parameters, a search scores as an index built afresh with the same
// documents and parameters does.
func TestImpactsFollowIndexChanges(t *testing.T) {
	docs := commonDocs(impactMinPostings + 100)
	ix := BuildIndex(DefaultParams(), docs)
	before := hitsOf(t, ix, "common")
	if len(before) == 0 || len(ix.impacts.lists) == 0 {
		t.Fatalf("%d hits, %d impact lists kept: the long list was not scored from impacts", len(before), len(ix.impacts.lists))
	}

	extra := Document{ID: "2601.99999", Title: "common common common", Abstract: "common", Date: docs[0].Date}
	ix.Upsert(extra)
	got := hitsOf(t, ix, "common")
	want := hitsOf(t, BuildIndex(DefaultParams(), append(slices.Clone(docs), extra)), "common")
	if got[0].ID != extra.ID || !slices.Equal(got, want) {
		t.Fatalf("after an upsert: %v\nwant %v", got[:3], want[:3])
	}

	p := DefaultParams()
	p.K1 *= 2
	ix.SetParams(p)
	got = hitsOf(t, ix, "common")
	want = hitsOf(t, BuildIndex(p, append(slices.Clone(docs), extra)), "common")
	if !slices.Equal(got, want) {
		t.Fatalf("after new parameters: %v\nwant %v", got[:3], want[:3])
	}
}

// TestImpactsKeptOrNotScoreAlike checks that an index that keeps no
// impacts (its bound reached), or keeps no dense impacts (theirs reached),
// returns the same hits and scores.
func TestImpactsKeptOrNotScoreAlike(t *testing.T) {
	docs := commonDocs(impactMinPostings + 100)
	kept, rebuilt, sparse := BuildIndex(DefaultParams(), docs), BuildIndex(DefaultParams(), docs), BuildIndex(DefaultParams(), docs)
	rebuilt.impacts.keepBytes = 0
	sparse.impacts.keepDense = 0
	for _, q := range []string{"common", "common word7 filler", "nothing common"} {
		a, b, c := hitsOf(t, kept, q), hitsOf(t, rebuilt, q), hitsOf(t, sparse, q)
		if len(a) == 0 || !slices.Equal(a, b) || !slices.Equal(a, c) {
			t.Fatalf("%q: kept %v, not kept %v, kept without dense impacts %v", q, a, b, c)
		}
	}
	if len(rebuilt.impacts.lists) != 0 || len(kept.impacts.lists) == 0 {
		t.Fatalf("kept %d and %d lists", len(kept.impacts.lists), len(rebuilt.impacts.lists))
	}
	denseKept := func(ix *Index) (n int) {
		for _, il := range ix.impacts.lists {
			if il.dense != nil {
				n++
			}
		}
		return n
	}
	if denseKept(kept) == 0 || denseKept(sparse) != 0 || sparse.impacts.denseBytes != 0 || len(sparse.impacts.lists) == 0 {
		t.Fatalf("dense impacts kept: %d with room, %d (%d bytes) without", denseKept(kept), denseKept(sparse), sparse.impacts.denseBytes)
	}
}

// TestImpactBytesPerPosting pins the size of the derived streams on the
// demo corpus: a document delta of one byte for nearly every posting of a
// long list, and one impact byte.
func TestImpactBytesPerPosting(t *testing.T) {
	ix, titles := demoIndex()
	f := ix.fieldScoring()
	an := analysis.New()
	ix.RLock()
	defer ix.RUnlock()
	var bytes, n int
	seen := map[*postings.List]bool{}
	for _, qs := range titleQueries(titles, 400) {
		q := query.Parse(qs)
		for _, st := range ix.planQuery(an, &q).scored {
			if seen[st.p] || st.p.N < impactMinPostings/8 {
				continue
			}
			seen[st.p] = true
		}
	}
	for p := range seen {
		var il impactList
		f.buildImpacts(p, &il, false)
		bytes += len(il.data)
		n += int(il.docs)
	}
	if n < 100000 {
		t.Fatalf("only %d postings in long lists", n)
	}
	perPosting := float64(bytes) / float64(n)
	t.Logf("%.3f bytes per posting over %d postings", perPosting, n)
	if perPosting > 2.1 {
		t.Errorf("%.3f bytes per posting in impact streams, want at most 2.1", perPosting)
	}
}

// TestImpactsUnderConcurrentBatches searches from several goroutines while
// batches land (run it with -race): every search sees one generation's
// streams, and once the batches are done the index scores as one built
// afresh from the same documents.
func TestImpactsUnderConcurrentBatches(t *testing.T) {
	docs := commonDocs(impactMinPostings + 200)
	ix := BuildIndex(DefaultParams(), docs[:impactMinPostings+50])
	done := make(chan struct{})
	errs := make(chan error, 4)
	for g := range 3 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				// One searcher is the results page's: its matches and facets
				// counted apart, from bitmaps derived per generation.
				got, _, res := ix.searchScored(Request{Query: query.Parse("common filler"), Limit: 10, TopOnly: g > 0, Facets: g == 0}, nil)
				if len(got) == 0 || g == 0 && (res.Total < len(got) || len(res.Facets.Years) == 0) {
					errs <- fmt.Errorf("%d hits of %d, facets %+v", len(got), res.Total, res.Facets)
					return
				}
			}
		}()
	}
	for i := impactMinPostings + 50; i < len(docs); i += 10 {
		ix.Apply(docs[i:i+10], nil, int64(i))
		voted := slices.Clone(docs[i-50 : i-40]) // upvotes, updated in place
		for k := range voted {
			voted[k].Upvotes = i
		}
		ix.Apply(voted, nil, int64(i+1))
	}
	close(done)
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	got := hitsOf(t, ix, "common filler")
	want := hitsOf(t, BuildIndex(DefaultParams(), docs), "common filler")
	if !slices.Equal(got, want) {
		t.Fatalf("after concurrent batches: %v\nwant %v", got[:3], want[:3])
	}
}

// TestInPlaceUpdatesKeepImpacts: a batch that changes papers' upvotes,
// withdrawal or listing day but not their text changes no posting and no
// norm, so the kept impact streams stay (ScoringGen does not move), while a
// day moved in place moves DocsGen, which the year facets follow.
func TestInPlaceUpdatesKeepImpacts(t *testing.T) {
	docs := commonDocs(impactMinPostings + 100)
	ix := BuildIndex(DefaultParams(), docs)
	before := hitsOf(t, ix, "common")
	gen, docsGen := ix.ScoringGen(), ix.DocsGen()
	kept := len(ix.impacts.lists)
	if kept == 0 {
		t.Fatal("no impact list kept: the test measures nothing")
	}

	votes := slices.Clone(docs[:50])
	for i := range votes {
		votes[i].Upvotes += 3
		votes[i].Withdrawn = i%7 == 0
	}
	ix.Apply(votes, nil, 5)
	if ix.ScoringGen() != gen || ix.DocsGen() != docsGen {
		t.Fatalf("upvotes and withdrawals in place moved the generations: %d → %d, %d → %d", gen, ix.ScoringGen(), docsGen, ix.DocsGen())
	}
	if got := hitsOf(t, ix, "common"); !slices.Equal(got, before) || len(ix.impacts.lists) != kept {
		t.Fatalf("after updates in place: %d lists kept (%d before), hits changed: %v", len(ix.impacts.lists), kept, !slices.Equal(got, before))
	}
	if n, _ := ix.Number(docs[0].ID); ix.Upvotes(n) != int32(docs[0].Upvotes+3) || !ix.Withdrawn(n) {
		t.Fatal("the in-place update was not applied")
	}

	facets := func() *Facets {
		return ix.Search(Request{Query: query.Parse("common"), Limit: 10, Facets: true}).Facets
	}
	if f := facets(); len(f.Years) != 1 || f.Years[0].Value != "2026" {
		t.Fatalf("year facets %+v, want 2026 alone", f.Years)
	}
	moved := slices.Clone(docs[:10])
	for i := range moved {
		moved[i].Date = moved[i].Date.AddDate(-3, 0, 0)
	}
	ix.Apply(moved, nil, 6)
	if ix.ScoringGen() != gen || ix.DocsGen() == docsGen {
		t.Fatalf("days moved in place: ScoringGen %d → %d (want unchanged), DocsGen %d → %d (want moved)", gen, ix.ScoringGen(), docsGen, ix.DocsGen())
	}
	f := facets()
	if len(f.Years) != 2 || f.Years[1].Value != "2023" || f.Years[1].Count != 10 {
		t.Fatalf("after moving ten papers to 2023, year facets %+v", f.Years)
	}
}
