package search

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paperwire/paperwire/search/query"
)

func abstractOnly() Params {
	return Params{K1: 1.2, Weight: [NumFields]float64{FieldAbstract: 1}, B: [NumFields]float64{FieldAbstract: 0.75}}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-5 }

// TestBM25HandComputed checks scores worked out by hand:
// N=3, avglen=3, k1=1.2, b=0.75; "apple" has df=2 so idf = ln(1+1.5/2.5) = 0.470004.
// d1: tf=1, len 2: tf̃ = 1/(0.25+0.75·2/3) = 1.33333 → 0.470004·1.33333/2.53333 = 0.247370.
// d2: tf=2, len 3: tf̃ = 2 → 0.470004·2/3.2 = 0.293752.
func TestBM25HandComputed(t *testing.T) {
	ix := BuildIndex(abstractOnly(), []Document{
		{ID: "d1", Abstract: "apple banana"},
		{ID: "d2", Abstract: "apple apple cherry"},
		{ID: "d3", Abstract: "banana cherry cherry date"},
	})
	hits := ix.SearchText("apple", 10)
	if len(hits) != 2 || hits[0].ID != "d2" || hits[1].ID != "d1" {
		t.Fatalf("hits = %+v", hits)
	}
	if !near(hits[0].Score, 0.293752) || !near(hits[1].Score, 0.247370) {
		t.Errorf("scores = %.6f, %.6f; want 0.293752, 0.247370", hits[0].Score, hits[1].Score)
	}
	// Two terms add: "apple date" on d3 (len 4): date df=1, idf = ln(1+2.5/1.5) = 0.980829;
	// tf̃ = 1/(0.25+0.75·4/3) = 0.8 → 0.980829·0.8/2.0 = 0.392332.
	hits = ix.SearchText("apple date", 10)
	if hits[0].ID != "d3" || !near(hits[0].Score, 0.392332) {
		t.Errorf("apple date: %+v, want d3 at 0.392332", hits[0])
	}
}

// TestBM25FFieldWeights: title weight 2, abstract 1, b=0, k1=1.2; "graph" df=2 of N=2,
// idf = ln(1+0.5/2.5) = 0.182322. A: tf̃ = 2·1 + 1·1 = 3 → 0.182322·3/4.2 = 0.130230.
// B: tf̃ = 1·2 = 2 → 0.182322·2/3.2 = 0.113951.
func TestBM25FFieldWeights(t *testing.T) {
	p := Params{K1: 1.2, Weight: [NumFields]float64{2, 1, 1, 1}}
	ix := BuildIndex(p, []Document{
		{ID: "A", Title: "graph", Abstract: "graph network"},
		{ID: "B", Title: "network", Abstract: "graph graph"},
	})
	hits := ix.SearchText("graphs", 10)
	if len(hits) != 2 || hits[0].ID != "A" || !near(hits[0].Score, 0.130230) || !near(hits[1].Score, 0.113951) {
		t.Fatalf("hits = %+v", hits)
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func corpus() []Document {
	return []Document{
		{ID: "2401.00001", Title: "Large language models for code", Abstract: "We study large language models that write code.", Authors: []string{"Ada Lovelace", "Alan Turing"}, Categories: []string{"cs.CL", "cs.SE"}, Date: day("2024-01-02"), Upvotes: 5},
		{ID: "2402.00002", Title: "Language of large birds", Abstract: "Large birds have a language; models of it are small.", Authors: []string{"Charles Darwin"}, Categories: []string{"q-bio.PE"}, Date: day("2024-02-03"), Upvotes: 50},
		{ID: "2301.00003", Title: "Diffusion models for video", Abstract: "Video diffusion with large models.", Authors: []string{"Alan Turing"}, Categories: []string{"cs.CV"}, Date: day("2023-01-04"), Upvotes: 1},
		{ID: "2305.00004", Title: "Graph neural networks", Abstract: "Message passing on graphs; no language models here.", Authors: []string{"Grace Hopper"}, Categories: []string{"cs.LG"}, Date: day("2023-05-05"), Withdrawn: true},
	}
}

func ids(hits []Hit) string {
	s := ""
	for i, h := range hits {
		if i > 0 {
			s += " "
		}
		s += h.ID
	}
	return s
}

func TestSearchQueryLanguage(t *testing.T) {
	ix := BuildIndex(DefaultParams(), corpus())
	tests := []struct {
		q    string
		want string
	}{
		{`"large language models"`, "2401.00001"},
		{`"language models"`, "2401.00001 2402.00002 2305.00004"}, // "language; models" is a phrase too
		{`language models -birds`, "2401.00001 2305.00004 2301.00003"},
		{`language -"large birds"`, "2401.00001 2305.00004"},
		{`models author:turing`, "2301.00003 2401.00001"},
		{`models author:"alan turing" cat:cs.CV`, "2301.00003"},
		{`models cat:cs`, "2301.00003 2401.00001 2305.00004"},
		{`models year:2024 sort:top`, "2402.00002 2401.00001"},
		{`models after:2023-05-01 before:2024-02-01 sort:new`, "2401.00001 2305.00004"},
		{`cat:cs sort:new`, "2401.00001 2305.00004 2301.00003"},
		{`cat:cs.CL`, "2401.00001"},
		{`"no such phrase here"`, ""},
		{`zebra`, ""},
		{`author:nobody models`, ""},
		{``, ""},
	}
	for _, tt := range tests {
		res := ix.Search(Request{Query: query.Parse(tt.q)})
		if got := ids(res.Hits); got != tt.want {
			t.Errorf("%s: got [%s], want [%s]", tt.q, got, tt.want)
		}
		if res.Total != len(res.Hits) {
			t.Errorf("%s: total %d, hits %d", tt.q, res.Total, len(res.Hits))
		}
	}
}

func TestSearchFacetsPagingWithdrawn(t *testing.T) {
	ix := BuildIndex(DefaultParams(), corpus())
	res := ix.Search(Request{Query: query.Parse("models"), Limit: 2, Offset: 1, Facets: true})
	if res.Total != 4 || len(res.Hits) != 2 {
		t.Fatalf("total %d hits %d", res.Total, len(res.Hits))
	}
	all := ix.Search(Request{Query: query.Parse("models")})
	if res.Hits[0].ID != all.Hits[1].ID || res.Hits[1].ID != all.Hits[2].ID {
		t.Errorf("page 2 = %s, all = %s", ids(res.Hits), ids(all.Hits))
	}
	for _, off := range []int{1 << 62, -5, MaxOffset + 1} {
		r := ix.Search(Request{Query: query.Parse("models"), Offset: off, Limit: MaxLimit})
		if off > 0 && len(r.Hits) != 0 || off < 0 && len(r.Hits) != 4 {
			t.Errorf("offset %d: %d hits", off, len(r.Hits))
		}
	}
	f := res.Facets
	if fmt.Sprint(f.Years) != "[{2024 2} {2023 2}]" {
		t.Errorf("years = %v", f.Years)
	}
	if len(f.Categories) != 5 || f.Categories[0].Count != 1 {
		t.Errorf("categories = %v", f.Categories)
	}
	for _, h := range all.Hits {
		if h.Withdrawn != (h.ID == "2305.00004") {
			t.Errorf("%s withdrawn = %v", h.ID, h.Withdrawn)
		}
	}
}

func TestUpsertDeleteCompact(t *testing.T) {
	ix := NewIndex(DefaultParams())
	docs := corpus()
	ix.Upsert(docs...)
	// Re-adding identical text only updates metadata.
	d := docs[1]
	d.Upvotes = 99
	ix.Upsert(d)
	if h := ix.Search(Request{Query: query.Parse("birds")}).Hits; len(h) != 1 || h[0].Upvotes != 99 {
		t.Fatalf("metadata update: %+v", h)
	}
	// Changing text replaces the document.
	d.Title, d.Abstract = "Penguins", "Penguins swim."
	ix.Upsert(d)
	if h := ix.SearchText("birds", 10); len(h) != 0 {
		t.Errorf("old text still matches: %+v", h)
	}
	if h := ix.SearchText("penguin", 10); len(h) != 1 || h[0].ID != d.ID {
		t.Errorf("new text: %+v", h)
	}
	ix.Delete("2301.00003", "unknown")
	if ix.Len() != 3 {
		t.Errorf("len = %d", ix.Len())
	}
	// Many replacements trigger compaction; scores then equal a fresh build.
	for i := 0; i < 3000; i++ {
		d.Abstract = fmt.Sprintf("Penguins swim %d.", i%7)
		ix.Upsert(d)
	}
	dead := ix.Footprint().Docs - ix.Len() // tombstones
	if dead > 1100 {
		t.Errorf("dead = %d: no compaction", dead)
	}
	ix.Compact()
	fresh := BuildIndex(DefaultParams(), []Document{docs[0], d, docs[3]})
	for _, q := range []string{"penguins swim", "models", "language of large"} {
		a, b := ix.SearchText(q, 10), fresh.SearchText(q, 10)
		if ids(a) != ids(b) {
			t.Errorf("%q: %s vs fresh %s", q, ids(a), ids(b))
			continue
		}
		for i := range a {
			if !near(a[i].Score, b[i].Score) {
				t.Errorf("%q: score %v vs fresh %v", q, a[i].Score, b[i].Score)
			}
		}
	}
}

func TestConcurrentSearchAndWrites(t *testing.T) {
	ix := BuildIndex(DefaultParams(), corpus())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d := corpus()[0]
		for i := 0; i < 3000; i++ { // enough replacements to compact on the way
			d.Abstract = fmt.Sprintf("We study large language models, round %d.", i)
			ix.Upsert(d)
		}
	}()
	match := ix.Matcher(query.Parse("cat:cs"))
	for {
		select {
		case <-done:
			if h := ix.SearchText("round 2999", 1); len(h) != 1 || h[0].ID != "2401.00001" {
				t.Errorf("final state: %+v", h)
			}
			return
		default:
			ix.Search(Request{Query: query.Parse(`"language models" cat:cs -birds`), Facets: true})
			match("2401.00001")
		}
	}
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{`"large language" -birds author:turing cat:cs year:2023..2024 sort:top`, `"a`, `-"x y"`, `author:"" cat:`, "\xff\"α-β\""} {
		f.Add(s, 3, 1)
	}
	ix := BuildIndex(DefaultParams(), corpus())
	f.Fuzz(func(t *testing.T, q string, limit, offset int) {
		res := ix.Search(Request{Query: query.Parse(q), Limit: limit, Offset: offset, Facets: true})
		prox := ix.Search(Request{Query: query.Parse(q), Limit: limit, Offset: offset, Proximity: DefaultFusion().Proximity})
		if len(res.Hits) > MaxLimit || len(res.Hits) > res.Total {
			t.Fatalf("%d hits of %d", len(res.Hits), res.Total)
		}
		if prox.Total != res.Total || len(prox.Hits) != len(res.Hits) {
			t.Fatalf("with proximity %d hits of %d, without %d of %d", len(prox.Hits), prox.Total, len(res.Hits), res.Total)
		}
		for _, h := range append(res.Hits, prox.Hits...) {
			if math.IsNaN(h.Score) || h.Score < 0 {
				t.Fatalf("score %v", h.Score)
			}
		}
		ix.Matcher(query.Parse(q))
	})
}

func TestWordFormsShareOnePosting(t *testing.T) {
	ix := BuildIndex(abstractOnly(), []Document{{ID: "a", Abstract: "model models modeling modelled"}})
	p := ix.Postings("model")
	if p == nil || p.N != 1 {
		t.Fatalf("postings of model = %+v", p)
	}
	c := p.Cursor()
	if !c.Next() || c.TF[FieldAbstract] != 4 {
		t.Fatalf("postings of model = %+v", c)
	}
	if got := len(c.Positions(nil)); got != 4 {
		t.Errorf("%d positions, want 4", got)
	}
}
