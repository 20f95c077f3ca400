package search

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire/search/index"
	"github.com/paperwire/paperwire/search/index/indextest"
	"github.com/paperwire/paperwire/search/query"
)

// benchDocs makes n papers with a Zipf-like spread (indextest.ZipfDocs).
func benchDocs(n int) []Document { return indextest.ZipfDocs[Document](n) }

func BenchmarkIndexBuild(b *testing.B) {
	docs := benchDocs(5000)
	b.ResetTimer()
	for b.Loop() {
		ix := NewIndex(DefaultParams())
		for i := 0; i < len(docs); i += 1000 {
			ix.Apply(docs[i:i+1000], nil, int64(i))
		}
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkBuildToFile times the two ways to an index file from the same
// 20,000 papers in batches of 1,000: an Index in memory saved at the end,
// and a Builder spilling its postings (at its default budget, and at 1 MB,
// which spills about every batch). Heap figures are per run of the build.
func BenchmarkBuildToFile(b *testing.B) {
	docs := benchDocs(20000)
	build := map[string]func(path string) error{
		"index": func(path string) error {
			ix := NewIndex(DefaultParams())
			for i := 0; i < len(docs); i += 1000 {
				ix.Apply(docs[i:i+1000], nil, int64(i+1000))
			}
			return ix.SaveFile(path)
		},
	}
	for _, spill := range []int{index.DefaultSpillBytes, 1 << 20} {
		build[fmt.Sprintf("builder-spill-%dMB", spill>>20)] = func(path string) error {
			bu, err := NewBuilder(path, DefaultParams(), spill)
			if err != nil {
				return err
			}
			for i := 0; i < len(docs); i += 1000 {
				if err := bu.Apply(docs[i:i+1000], nil, int64(i+1000)); err != nil {
					return err
				}
			}
			return bu.Finish()
		}
	}
	for _, name := range []string{"index", "builder-spill-16MB", "builder-spill-1MB"} {
		b.Run(name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), SnapshotName)
			b.ReportAllocs()
			for b.Loop() {
				if err := build[name](path); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	docs := benchDocs(20000)
	ix := BuildIndex(DefaultParams(), docs)
	qs := []string{"w1x w50x", "w3x w700x w12x", "w5000x", "w2x w3x w4x"}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.SearchText(qs[i%len(qs)], 10)
		i++
	}
}

func BenchmarkSearchPhraseAndFilters(b *testing.B) {
	docs := benchDocs(20000)
	for i := range docs {
		docs[i].Categories = []string{[]string{"cs.LG", "cs.CL", "cs.CV"}[i%3]}
	}
	ix := BuildIndex(DefaultParams(), docs)
	q := query.Parse(`"w1x w2x" w50x cat:cs.CL -w3x`)
	b.ResetTimer()
	for b.Loop() {
		ix.Search(Request{Query: q, Facets: true})
	}
}

func BenchmarkSnapshotLoad(b *testing.B) {
	ix := BuildIndex(DefaultParams(), benchDocs(20000))
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadIndex(buf.Bytes(), DefaultParams()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchFacets counts categories and years over every match of a
// common two-word OR query, as the results page does.
func BenchmarkSearchFacets(b *testing.B) {
	docs := benchDocs(20000)
	cats := []string{"cs.LG", "cs.CL", "cs.CV", "stat.ML", "math.OC"}
	for i := range docs {
		docs[i].Categories = []string{cats[i%5], cats[(i/5)%5]}
		docs[i].Date = time.Date(2015+i%10, 1, 1+i%28, 0, 0, 0, 0, time.UTC)
	}
	ix := BuildIndex(DefaultParams(), docs)
	q := query.Parse("w1x w2x")
	b.ResetTimer()
	for b.Loop() {
		ix.Search(Request{Query: q, Facets: true})
	}
}
