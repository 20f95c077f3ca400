package arxiv

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// Metadata formats the OAI client can turn into papers.
const (
	FormatArXiv    = "arXiv"    // structured authors; first and latest version dates
	FormatArXivRaw = "arXivRaw" // every version with its date; authors as one string
)

// OAIClient harvests an OAI-PMH repository (arXiv's, or one speaking its
// metadata formats). It is safe for concurrent use; requests are serialised.
type OAIClient struct {
	baseURL string
	f       *fetcher
}

// NewOAIClient returns a client for the OAI-PMH endpoint at baseURL
// (DefaultOAIURL for arXiv).
func NewOAIClient(baseURL string, o Options) *OAIClient {
	return &OAIClient{baseURL: baseURL, f: newFetcher(o)}
}

// BaseURL returns the endpoint the client harvests; harvest checkpoints are keyed by it.
func (c *OAIClient) BaseURL() string { return c.baseURL }

// ListRequest selects the records of one ListRecords harvest.
type ListRequest struct {
	Format string    // FormatArXiv (default) or FormatArXivRaw
	Set    string    // e.g. "cs" or "physics:hep-th"; "" for all
	From   time.Time // inclusive datestamp lower bound (day granularity); zero for none
	Until  time.Time // inclusive datestamp upper bound; zero for none
	// Token resumes an interrupted harvest from a saved resumptionToken; when
	// set, the other fields are not sent (the token encodes them).
	Token string
}

// ListRecords harvests the records req selects, calling fn once per page in
// order with the page's papers and the resumptionToken that follows it.
// noRecordsMatch yields one empty page. Transient failures are retried per the
// client's Options; a page whose body stays malformed after the retries ends
// the harvest with an error, and so does an error returned by fn. An
// *OAIError with code badResumptionToken means the token has expired: start
// again from a datestamp.
func (c *OAIClient) ListRecords(ctx context.Context, req ListRequest, fn func(*Page) error) error {
	if req.Format == "" {
		req.Format = FormatArXiv
	}
	if req.Format != FormatArXiv && req.Format != FormatArXivRaw {
		return paperwire.Errorf(paperwire.EINVALID, "metadata format %q is not supported (use %s or %s)", req.Format, FormatArXiv, FormatArXivRaw)
	}
	if !req.From.IsZero() && !req.Until.IsZero() && req.Until.Before(req.From) {
		return paperwire.Errorf(paperwire.EINVALID, "until %s is before from %s", req.Until.Format(time.DateOnly), req.From.Format(time.DateOnly))
	}
	q := url.Values{"verb": {"ListRecords"}}
	if req.Token != "" {
		q.Set("resumptionToken", req.Token)
	} else {
		q.Set("metadataPrefix", req.Format)
		if req.Set != "" {
			q.Set("set", req.Set)
		}
		if !req.From.IsZero() {
			q.Set("from", req.From.UTC().Format(time.DateOnly))
		}
		if !req.Until.IsZero() {
			q.Set("until", req.Until.UTC().Format(time.DateOnly))
		}
	}
	for n := 1; ; n++ {
		var page *Page
		err := c.f.fetch(ctx, c.url(q), func(r *response) error {
			if r.Status != http.StatusOK {
				return fmt.Errorf("ListRecords: status %d: %s", r.Status, bodySnippet(r.Body))
			}
			p, err := ParseListRecords(r.Body)
			if err != nil {
				var oe *OAIError
				if errors.As(err, &oe) {
					return err
				}
				return retryable(err) // truncated or garbled: ask again
			}
			page = p
			return nil
		})
		if err != nil {
			return err
		}
		page.Number = n
		if err := fn(page); err != nil {
			return err
		}
		if page.Token == "" {
			return nil
		}
		q = url.Values{"verb": {"ListRecords"}, "resumptionToken": {page.Token}}
	}
}

// Identify asks the repository to describe itself.
func (c *OAIClient) Identify(ctx context.Context) (*Repository, error) {
	var repo *Repository
	err := c.f.fetch(ctx, c.url(url.Values{"verb": {"Identify"}}), func(r *response) error {
		if r.Status != http.StatusOK {
			return fmt.Errorf("Identify: status %d: %s", r.Status, bodySnippet(r.Body))
		}
		var err error
		repo, err = ParseIdentify(r.Body)
		var oe *OAIError
		if err != nil && !errors.As(err, &oe) {
			return retryable(err)
		}
		return err
	})
	return repo, err
}

func (c *OAIClient) url(q url.Values) string {
	sep := "?"
	if strings.Contains(c.baseURL, "?") {
		sep = "&"
	}
	return c.baseURL + sep + q.Encode()
}
