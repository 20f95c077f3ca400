// Package search is Paperwire's search: BM25F ranking over the lexical
// index, query planning and filters, facets, the Engine that fuses it with
// an optional semantic layer, related papers, and the Lexical index of a
// data directory kept in sync with the store's change feed.
//
// Each job has one place:
//
//   - index/ (package index): the index's representation in memory and on
//     disk: document columns, term dictionary, postings (encoded by
//     postings/), analysis of documents into postings, tombstones and
//     compaction, the snapshot file, and the Builder that writes one with
//     bounded memory. It knows nothing of queries.
//   - plan.go, accumulate.go, phrase.go, topk.go, selecttop.go, search.go:
//     a query resolved against the index, BM25F scores, phrases, the best k
//     (selecttop.go for the usual relevance search, topk.go for the rest).
//   - facets.go, matcher.go: facet counts; the filters as a predicate for
//     the vector side.
//   - engine.go, fusion.go, rank.go, related.go, mlt.go: hybrid search,
//     fusion of rankings, related papers and "more like this".
//   - lexical.go: the data directory's index, loaded from its snapshot and
//     caught up from the change feed (sync).
//   - indexapi.go: Index, an index.Index with the scratch scoring reuses,
//     and the index names callers use without importing package index.
//   - query/ parses the query language, analysis/ turns text into terms,
//     eval/ measures ranking quality.
//
// The store is the source of truth: the index only ever holds what the change
// feed said, up to the sequence number it records, so a stale or lost index
// catches up or rebuilds instead of diverging.
package search
