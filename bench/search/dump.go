package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// dumpRankings writes, for each query and a few variants of it (a phrase, a
// category filter with facets, an exclusion, sorting by date), the total,
// the top 100 ids with scores and the facets, so two versions of the index
// can be compared line by line: a change to the index's data structures must
// leave this file identical.
func dumpRankings(ix *search.Index, queries []string, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, q := range queries {
		words := strings.Fields(q)
		variants := []string{q, `"` + q + `"`, q + " cat:cs", q + " -" + words[0] + " year:2025..", q + " sort:new", "author:" + words[len(words)-1]}
		for _, v := range variants {
			res := ix.Search(search.Request{Query: query.Parse(v), Limit: 100, Facets: true})
			fmt.Fprintf(w, "q %q total %d\n", v, res.Total)
			for _, h := range res.Hits {
				fmt.Fprintf(w, "  %s %.6g %s\n", h.ID, h.Score, h.Date.Format("2006-01-02"))
			}
			for _, c := range res.Facets.Categories {
				fmt.Fprintf(w, "  cat %s %d\n", c.Value, c.Count)
			}
			for _, y := range res.Facets.Years {
				fmt.Fprintf(w, "  year %s %d\n", y.Value, y.Count)
			}
		}
		for _, h := range ix.MoreLikeThis(q, q, 20, "") {
			fmt.Fprintf(w, "  mlt %s %.6g\n", h.ID, h.Score)
		}
	}
	return w.Flush()
}
