package web

import (
	"context"

	"github.com/paperwire/paperwire"
)

// Searcher is what the web layer needs from search: a page of results for a
// query typed by a person, and papers related to one paper. The search
// package's index is adapted to it where the binary is wired together.
type Searcher interface {
	// Search returns one page of results. Query syntax a person gets wrong must
	// degrade to plain text, not fail; EINVALID is for impossible requests only.
	Search(ctx context.Context, req SearchRequest) (*SearchResults, error)
	// Related returns up to limit papers like the paper id, best first, without
	// the paper itself. Returns ENOTFOUND when id is not indexed.
	Related(ctx context.Context, id string, limit int) ([]*paperwire.Paper, error)
}

// SearchRequest is one search as the web layer asks it.
type SearchRequest struct {
	Query  string // as typed, at most maxQueryLen bytes
	Offset int
	Limit  int // 1–100
	// Facets asks for counts by category and year over every match; they cost
	// a pass over all matches, so only the results page asks for them.
	Facets bool
	// TopOnly says the caller shows the hits and not Total (the API, feeds):
	// the search may then skip work that only counts matches, and Total is
	// at least the hits' number rather than every match.
	TopOnly bool
}

// SearchResults is one page of hits plus the total that matched.
type SearchResults struct {
	Hits       []SearchHit
	Total      int
	Categories []paperwire.CategoryCount // facet counts over all matches, most first (optional)
	Years      []YearCount               // facet counts by listing year, newest first (optional)
}

// YearCount is a listing year and how many matches were listed in it.
type YearCount struct {
	Year  string
	Count int
}

// SearchHit is one matching paper with optional highlighted text.
type SearchHit struct {
	Paper *paperwire.Paper
	Score float64
	// Title and Snippet, when set, are the title and an abstract excerpt split
	// into spans; Match spans are shown highlighted. Text is escaped like any
	// other text, so highlighting can never inject markup. When they are not
	// set, the results page highlights the paper's title and abstract itself.
	Title   []Span
	Snippet []Span
}

// Span is a piece of highlighted text.
type Span struct {
	Text  string
	Match bool
}

// maxQueryLen bounds the query passed to a Searcher.
const maxQueryLen = 512
