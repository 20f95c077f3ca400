package arxiv

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/paperwire/paperwire"
)

// Defaults follow arXiv's terms of use: no more than one request every three
// seconds, one connection at a time.
const (
	DefaultDelay         = 3 * time.Second
	DefaultMaxRetries    = 5
	DefaultBackoff       = 5 * time.Second
	DefaultMaxBackoff    = 5 * time.Minute
	DefaultMaxRetryAfter = 10 * time.Minute
	DefaultTimeout       = 2 * time.Minute

	// DefaultOAIURL is arXiv's OAI-PMH endpoint.
	DefaultOAIURL = "https://oaipmh.arxiv.org/oai"
	// DefaultAPIURL is arXiv's Atom API endpoint.
	DefaultAPIURL = "https://export.arxiv.org/api/query"

	maxBodyBytes = 256 << 20
)

// Options tune a client's politeness and retries. The zero value means arXiv's
// terms and sensible retries; tests shorten Delay and Backoff and may replace Sleep.
type Options struct {
	// HTTPClient sends the requests; nil means one with DefaultTimeout.
	HTTPClient *http.Client
	// Delay is the minimum time between the starts of two requests; 0 means DefaultDelay.
	Delay time.Duration
	// MaxRetries bounds the retries of one request after a transient failure
	// (network error, truncated body, 5xx, HTML page); 0 means DefaultMaxRetries,
	// a negative value means no retries.
	MaxRetries int
	// Backoff is the wait before the first retry; it doubles on each further retry
	// up to MaxBackoff. 0 means DefaultBackoff.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// MaxRetryAfter caps how long a server's Retry-After may make the client wait.
	MaxRetryAfter time.Duration
	// UserAgent is sent with every request; "" means paperwire.UserAgent().
	UserAgent string
	// Logger receives one line per retry; nil discards.
	Logger *slog.Logger
	// Sleep waits for d or until ctx ends; nil means a real timer. Tests record waits with it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used for delays and Retry-After dates; nil means time.Now.
	Now paperwire.Clock
}

// withDefaults returns o with every zero field filled in.
func (o Options) withDefaults() Options {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: DefaultTimeout}
	}
	if o.Delay == 0 {
		o.Delay = DefaultDelay
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = DefaultMaxRetries
	} else if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if o.UserAgent == "" {
		o.UserAgent = paperwire.UserAgent()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// sleepCtx waits for d, returning early with ctx's error when it ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
