package web

import (
	"context"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/paperwire/paperwire"
)

// Every search entry point has the same limits: a query of at most
// maxQueryLen bytes (the search box's maxlength) and maxQueryTerms words,
// and at most Config.MaxSearches searches running at once, a search that
// finds every slot taken waiting up to Config.SearchQueueWait for one and
// otherwise answered 503 with Retry-After. The API refuses a query over the
// limits with 400 before any search work; the /search page searches it
// clipped and says so (clipQuery); the search feeds cut it to maxQueryLen
// bytes, as the page always did, and refuse more words. Cached pages never
// wait for a slot; only searches do.

// maxQueryTerms bounds the words (runs of non-space) of a query.
const maxQueryTerms = 32

// searchRetryAfter is the Retry-After of a search refused for load.
const searchRetryAfter = time.Second

// Defaults of Config.MaxSearches (per GOMAXPROCS) and Config.SearchQueueWait.
const (
	searchesPerProc        = 2
	defaultSearchQueueWait = 200 * time.Millisecond
)

// checkQuery refuses (EINVALID) a query over the length or word limit.
func checkQuery(q string) error {
	if len(q) > maxQueryLen {
		return paperwire.Errorf(paperwire.EINVALID, "The query is %d bytes long; at most %d are allowed. Shorten it and search again.", len(q), maxQueryLen)
	}
	if n := countTerms(q, maxQueryTerms+1); n > maxQueryTerms {
		return paperwire.Errorf(paperwire.EINVALID, "The query has more than %d words; at most %d are allowed. Shorten it and search again.", maxQueryTerms, maxQueryTerms)
	}
	return nil
}

// clipQuery cuts q to the limits instead of refusing it, for the /search
// page: its box counts characters, not bytes, so a query typed there can
// pass 512 bytes. It keeps at most maxQueryLen bytes (on a rune boundary)
// and the first maxQueryTerms words, and reports whether it cut anything.
func clipQuery(q string) (string, bool) {
	cut := cutText(q, maxQueryLen)
	words, inWord := 0, false
	for i, r := range cut {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			if words == maxQueryTerms {
				cut = cut[:i]
				break
			}
			words++
		}
		inWord = !space
	}
	cut = strings.TrimSpace(cut)
	return cut, cut != q
}

// countTerms counts the space-separated words of q, stopping at max.
func countTerms(q string, limit int) int {
	n := 0
	for range strings.FieldsSeq(q) {
		if n++; n >= limit {
			break
		}
	}
	return n
}

// searchGate bounds concurrent searches: a slot per running search, and a
// short wait for one before giving up. A nil gate admits everything.
type searchGate struct {
	slots chan struct{}
	wait  time.Duration
}

// newSearchGate builds the gate for Config.MaxSearches and SearchQueueWait:
// max 0 means searchesPerProc×GOMAXPROCS, negative no bound; wait 0 means
// defaultSearchQueueWait, negative no wait at all.
func newSearchGate(n int, wait time.Duration) *searchGate {
	if n < 0 {
		return nil
	}
	if n == 0 {
		n = searchesPerProc * runtime.GOMAXPROCS(0)
	}
	if wait == 0 {
		wait = defaultSearchQueueWait
	}
	return &searchGate{slots: make(chan struct{}, n), wait: wait}
}

// errSearchBusy answers a search refused because every slot stayed taken.
var errSearchBusy = &retryError{
	err:   paperwire.Errorf(eunavailable, "Too many searches are running right now; please try again in a moment."),
	after: searchRetryAfter,
}

// acquire takes a slot, waiting up to g.wait; the caller must call the
// returned release. It fails with errSearchBusy, or ctx's error when the
// client goes away while waiting.
func (g *searchGate) acquire(ctx context.Context) (release func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.wait <= 0 {
		return nil, errSearchBusy
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, errSearchBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// search is the one way the handlers search: it checks req.Query against
// the limits, takes a slot, and asks the Searcher.
func (s *Server) search(ctx context.Context, req SearchRequest) (*SearchResults, error) {
	if err := checkQuery(req.Query); err != nil {
		return nil, err
	}
	if s.searcher == nil {
		return nil, errSearchUnavailable
	}
	release, err := s.searchGate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.searcher.Search(ctx, req)
}
