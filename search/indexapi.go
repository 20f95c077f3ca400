package search

import (
	"sync"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/index"
)

// The index's representation and file format are package index's; these
// names let callers that only index and search keep one import.
type (
	Document  = index.Document
	Params    = index.Params
	Footprint = index.Footprint
	Builder   = index.Builder
)

// Fields of a document (see index.FieldTitle).
const (
	FieldTitle      = index.FieldTitle
	FieldAbstract   = index.FieldAbstract
	FieldAuthors    = index.FieldAuthors
	FieldCategories = index.FieldCategories
	NumFields       = index.NumFields
)

// ErrCorruptSnapshot means a snapshot failed its checksum or did not decode:
// the caller rebuilds the index from the store.
var ErrCorruptSnapshot = index.ErrCorruptSnapshot

// DefaultParams returns the tuned BM25F parameters (index.DefaultParams).
func DefaultParams() Params { return index.DefaultParams() }

// DocumentFromPaper maps a stored paper to an index document.
func DocumentFromPaper(p *paperwire.Paper) Document { return index.DocumentFromPaper(p) }

// NewBuilder starts a build of the snapshot at path (see index.NewBuilder).
func NewBuilder(path string, p Params, spillBytes int) (*Builder, error) {
	return index.NewBuilder(path, p, spillBytes)
}

// Index is a lexical index that answers searches: the documents, dictionary
// and postings are the embedded index.Index's (so its methods, Apply, Len,
// SaveFile and the read accessors, are the Index's too); what is added here
// is the per-query scratch that scoring reuses.
type Index struct {
	*lexicon
	analyzers sync.Pool // *analysis.Analyzer for queries
	accPool   sync.Pool // *accumulator
	impacts   impactCache
	facets    facetCache
}

// lexicon names the embedded index.Index: a field named Index would clash
// with the Index method that makes an Index its own IndexSource.
type lexicon = index.Index

// wrap returns an Index that searches ix.
func wrap(ix *index.Index) *Index {
	return &Index{lexicon: ix, analyzers: sync.Pool{New: func() any { return analysis.New() }},
		impacts: impactCache{keepBytes: impactCacheBytes, keepDense: impactDenseBytes}}
}

// NewIndex returns an empty index.
func NewIndex(p Params) *Index { return wrap(index.New(p)) }

// BuildIndex indexes docs with the given parameters and returns the index.
func BuildIndex(p Params, docs []Document) *Index { return wrap(index.Build(p, docs)) }

// ReadIndex decodes a snapshot written by WriteTo. It returns an error
// wrapping ErrCorruptSnapshot when the data is damaged or of another version.
func ReadIndex(data []byte, p Params) (*Index, error) {
	ix, err := index.Read(data, p)
	if err != nil {
		return nil, err
	}
	return wrap(ix), nil
}

// LoadFile reads a snapshot written by SaveFile, mapping it where it can
// (see index.LoadFile).
func LoadFile(path string, p Params) (*Index, error) {
	ix, err := index.LoadFile(path, p)
	if err != nil {
		return nil, err
	}
	return wrap(ix), nil
}
