package arxiv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// response is one complete HTTP answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// transientError marks a failure worth retrying: the same request may well
// succeed later. wait, when positive, is how long the server asked us to wait.
type transientError struct {
	err  error
	wait time.Duration
}

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// retryable wraps err so that fetch retries the request.
func retryable(err error) error { return &transientError{err: err} }

// fetcher sends GET requests politely: one at a time, at least Delay apart,
// with bounded retries and exponential backoff. Both clients share its rules.
type fetcher struct {
	opts Options

	mu   sync.Mutex // held for a whole request and its retries: one connection at a time
	last time.Time  // start of the previous request
}

func newFetcher(o Options) *fetcher { return &fetcher{opts: o.withDefaults()} }

// fetch GETs u and hands each complete response to parse. A transient failure
// (network error, truncated body, 429/5xx, an HTML page, or a parse error
// wrapped with retryable) is retried up to MaxRetries times; any other error
// from parse is returned as is.
func (f *fetcher) fetch(ctx context.Context, u string, parse func(*response) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	backoff := f.opts.Backoff
	var lastErr error
	for attempt := 0; ; attempt++ {
		err := f.once(ctx, u, parse)
		if err == nil {
			return nil
		}
		var te *transientError
		if !errors.As(err, &te) || ctx.Err() != nil {
			return err
		}
		lastErr = err
		if attempt >= f.opts.MaxRetries {
			return fmt.Errorf("GET %s: giving up after %d attempts: %w", u, attempt+1, lastErr)
		}
		wait := backoff
		if te.wait > 0 {
			wait = min(te.wait, f.opts.MaxRetryAfter)
		} else {
			backoff = min(backoff*2, f.opts.MaxBackoff)
		}
		f.opts.Logger.Warn("arxiv request failed, retrying",
			"url", u, "attempt", attempt+1, "wait", wait.String(), "error", err.Error())
		if err := f.opts.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// once sends one request after the polite delay and classifies the outcome.
func (f *fetcher) once(ctx context.Context, u string, parse func(*response) error) error {
	if !f.last.IsZero() {
		if err := f.opts.Sleep(ctx, f.opts.Delay-f.opts.Now().Sub(f.last)); err != nil {
			return err
		}
	}
	f.last = f.opts.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	res, err := f.opts.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return retryable(fmt.Errorf("GET %s: %w", u, err))
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxBodyBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return retryable(fmt.Errorf("GET %s: reading body (status %d, %d bytes read): %w", u, res.StatusCode, len(body), err))
	}
	if len(body) > maxBodyBytes {
		return fmt.Errorf("GET %s: body larger than %d bytes", u, maxBodyBytes)
	}
	r := &response{Status: res.StatusCode, Header: res.Header, Body: body}
	switch {
	case r.Status == http.StatusTooManyRequests || r.Status == http.StatusServiceUnavailable:
		return &transientError{
			err:  fmt.Errorf("GET %s: status %d: %s", u, r.Status, bodySnippet(body)),
			wait: retryAfter(res.Header.Get("Retry-After"), f.opts.Now()),
		}
	case r.Status >= 500:
		return retryable(fmt.Errorf("GET %s: status %d: %s", u, r.Status, bodySnippet(body)))
	case isHTML(r):
		return retryable(fmt.Errorf("GET %s: status %d: expected XML, got an HTML page: %s", u, r.Status, bodySnippet(body)))
	}
	return parse(r)
}

// retryAfter reads a Retry-After header, given in seconds or as an HTTP date.
// It returns 0 when the header is absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// isHTML reports whether a response is an HTML page (a proxy's or server's
// error page) rather than the XML both interfaces promise.
func isHTML(r *response) bool {
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if strings.HasPrefix(ct, "text/html") {
		return true
	}
	head := bytes.ToLower(bytes.TrimSpace(r.Body[:min(len(r.Body), 512)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// bodySnippet returns the start of a body as one line of readable text, for
// error messages: tags are dropped so an HTML page shows its words.
func bodySnippet(b []byte) string {
	var sb strings.Builder
	inTag := false
	for _, r := range string(b[:min(len(b), 4096)]) {
		switch {
		case r == '<':
			inTag = true
			sb.WriteByte(' ')
		case r == '>':
			inTag = false
		case !inTag:
			sb.WriteRune(r)
		}
	}
	s := strings.Join(strings.Fields(strings.ToValidUTF8(sb.String(), "")), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}
