package arxiv

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire"
)

// Atom API defaults.
const (
	DefaultBatchSize        = 100 // ids per id_list request
	DefaultPageSize         = 100 // results per search_query request
	DefaultEmptyPageRetries = 3   // arXiv now and then answers a page with no entries
)

// APIClient queries arXiv's Atom API. It is safe for concurrent use;
// requests are serialised.
type APIClient struct {
	baseURL string
	f       *fetcher

	// BatchSize is the number of ids sent per id_list request.
	BatchSize int
	// PageSize is max_results per search_query request.
	PageSize int
	// EmptyPageRetries is how many times a page that should hold entries but
	// came back empty is asked for again before giving up.
	EmptyPageRetries int
}

// NewAPIClient returns a client for the Atom API at baseURL (DefaultAPIURL for arXiv).
func NewAPIClient(baseURL string, o Options) *APIClient {
	return &APIClient{
		baseURL: baseURL, f: newFetcher(o),
		BatchSize: DefaultBatchSize, PageSize: DefaultPageSize, EmptyPageRetries: DefaultEmptyPageRetries,
	}
}

// LookupResult is what an id_list lookup found.
type LookupResult struct {
	Papers  []*paperwire.Paper // in the order arXiv returned them
	Missing []string           // well-formed ids arXiv has no paper for
	Skipped []Skip             // entries that could not be used
}

// Lookup fetches papers by arXiv id (any spelling ParseArxivID accepts), in
// batches of BatchSize ids. Malformed ids, caught here or by arXiv's error
// entries, are an EINVALID error naming them; nothing is fetched then.
func (c *APIClient) Lookup(ctx context.Context, ids []string) (*LookupResult, error) {
	var want []string
	seen := map[string]bool{}
	var bad []string
	for _, s := range ids {
		id, _, err := paperwire.ParseArxivID(s)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%q", s))
			continue
		}
		if !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	if len(bad) > 0 {
		return nil, paperwire.Errorf(paperwire.EINVALID, "not arXiv ids: %s (expected e.g. 2410.12345 or hep-th/9901001)", strings.Join(bad, ", "))
	}
	res := &LookupResult{}
	found := map[string]bool{}
	batch := max(c.BatchSize, 1)
	for i := 0; i < len(want); i += batch {
		part := want[i:min(i+batch, len(want))]
		q := url.Values{"id_list": {strings.Join(part, ",")}, "start": {"0"}, "max_results": {strconv.Itoa(len(part))}}
		// An id_list batch that comes back empty is asked again: arXiv's empty
		// pages look just like ids it does not know.
		feed, err := c.page(ctx, q, 0, len(part))
		if err != nil && !errors.Is(err, errEmptyPage) {
			return nil, err
		}
		if err != nil {
			feed = &Feed{}
		}
		for _, p := range feed.Papers {
			found[p.ID] = true
		}
		res.Papers = append(res.Papers, feed.Papers...)
		res.Skipped = append(res.Skipped, feed.Skipped...)
	}
	for _, id := range want {
		if !found[id] {
			res.Missing = append(res.Missing, id)
		}
	}
	return res, nil
}

// SearchRequest selects search_query results.
type SearchRequest struct {
	Query     string // arXiv query syntax, e.g. "cat:cs.CL AND ti:transformer"
	Start     int    // offset of the first result
	Max       int    // results wanted in all; 0 means all that match
	SortBy    string // "relevance", "lastUpdatedDate" or "submittedDate"; "" for arXiv's default
	SortOrder string // "ascending" or "descending"
}

// Search pages through the results of a query, PageSize at a time, calling
// fn with each page in order. An empty page before the end is asked for again
// up to EmptyPageRetries times, then ends the search with an error.
func (c *APIClient) Search(ctx context.Context, req SearchRequest, fn func(*Feed) error) error {
	if strings.TrimSpace(req.Query) == "" {
		return paperwire.Errorf(paperwire.EINVALID, "empty search query")
	}
	if req.Start < 0 || req.Max < 0 {
		return paperwire.Errorf(paperwire.EINVALID, "negative start or max")
	}
	size := max(c.PageSize, 1)
	got, total := 0, -1
	for start := req.Start; ; {
		n := size
		if req.Max > 0 {
			n = min(n, req.Max-got)
		}
		q := url.Values{"search_query": {req.Query}, "start": {strconv.Itoa(start)}, "max_results": {strconv.Itoa(n)}}
		if req.SortBy != "" {
			q.Set("sortBy", req.SortBy)
		}
		if req.SortOrder != "" {
			q.Set("sortOrder", req.SortOrder)
		}
		feed, err := c.page(ctx, q, start, total)
		if err != nil {
			return err
		}
		if total < 0 {
			total = feed.TotalResults // later empty pages often claim a total of 0
		}
		if err := fn(feed); err != nil {
			return err
		}
		read := len(feed.Papers) + len(feed.Skipped)
		got += read
		start += read
		if read == 0 || start >= total || (req.Max > 0 && got >= req.Max) {
			return nil
		}
	}
}

// errEmptyPage reports a page that stayed empty although entries were expected.
var errEmptyPage = errors.New("arXiv API: page came back empty")

// page fetches one feed page, turning error entries into EINVALID and asking
// again when arXiv returns no entries for a start below the number of results
// expected (from an earlier page, or the feed's own total when expect < 0).
func (c *APIClient) page(ctx context.Context, q url.Values, start, expect int) (*Feed, error) {
	u := c.baseURL + "?" + q.Encode()
	for try := 0; ; try++ {
		var feed *Feed
		err := c.f.fetch(ctx, u, func(r *response) error {
			f, err := ParseFeed(r.Body)
			if err != nil {
				if r.Status != http.StatusOK {
					return fmt.Errorf("arXiv API: status %d: %s", r.Status, bodySnippet(r.Body))
				}
				return retryable(err) // truncated or garbled: ask again
			}
			if len(f.Errors) > 0 {
				return paperwire.Errorf(paperwire.EINVALID, "arXiv API rejected the request: %s", strings.Join(f.Errors, "; "))
			}
			if r.Status != http.StatusOK {
				return fmt.Errorf("arXiv API: status %d", r.Status)
			}
			feed = f
			return nil
		})
		if err != nil {
			return nil, err
		}
		if expect < 0 {
			expect = feed.TotalResults
		}
		if len(feed.Papers)+len(feed.Skipped) > 0 || start >= expect {
			return feed, nil
		}
		if try >= c.EmptyPageRetries {
			return nil, fmt.Errorf("%w %d times (start=%d, %d results expected)", errEmptyPage, try+1, start, expect)
		}
		c.f.opts.Logger.Warn("arxiv api returned an empty page, retrying", "url", u, "start", start, "total", feed.TotalResults, "attempt", try+1)
	}
}
