package embed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// OpenAIOptions configures an OpenAI-compatible /v1/embeddings client.
type OpenAIOptions struct {
	URL        string // base URL, e.g. http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1
	Model      string // model name the server knows, e.g. nomic-embed-text
	APIKey     string // sent as a Bearer token when set
	Dim        int    // expected vector size; 0 learns it from the first response
	BatchSize  int    // texts per request; default 64 (OpenAI accepts up to 2048)
	MaxRetries int    // retries on 429, 5xx and network errors; default 5
	MaxChars   int    // texts longer than this are cut, keeping servers' token limits; default 8000
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Backoff is the first retry delay, doubled each retry; a Retry-After
	// header wins when present. Default 500ms.
	Backoff time.Duration
}

// OpenAI is an Embedder backed by any server speaking OpenAI's embeddings API:
// Ollama, Text Embeddings Inference, llama.cpp server, vLLM or OpenAI itself.
// This is how a deployment gets transformer-quality vectors.
type OpenAI struct {
	opts OpenAIOptions
	dim  atomic.Int64 // configured, or learned from the first response
}

// NewOpenAI returns a client. It does not contact the server: the first Embed does.
func NewOpenAI(opts OpenAIOptions) (*OpenAI, error) {
	if opts.URL == "" || opts.Model == "" {
		return nil, errors.New("embed: an embeddings URL and model are required")
	}
	opts.URL = strings.TrimRight(opts.URL, "/")
	if !strings.HasSuffix(opts.URL, "/embeddings") {
		opts.URL += "/embeddings"
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 64
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 5
	}
	if opts.MaxChars <= 0 {
		opts.MaxChars = 8000
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 500 * time.Millisecond
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 2 * time.Minute}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	c := &OpenAI{opts: opts}
	c.dim.Store(int64(opts.Dim))
	return c, nil
}

// Name is "openai:" plus the model and, when known, the dimension.
func (c *OpenAI) Name() string {
	if c.opts.Dim > 0 {
		return "openai:" + c.opts.Model + "/" + strconv.Itoa(c.opts.Dim)
	}
	return "openai:" + c.opts.Model
}

// Dim is the vector size: the configured one, or the one the server returned
// (0 before the first successful Embed when not configured).
func (c *OpenAI) Dim() int { return int(c.dim.Load()) }

// Embed sends texts in batches and returns unit vectors in input order.
// Empty texts are sent as a single space: servers reject "".
func (c *OpenAI) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for lo := 0; lo < len(texts); lo += c.opts.BatchSize {
		batch := texts[lo:min(lo+c.opts.BatchSize, len(texts))]
		vecs, err := c.embedBatch(ctx, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, vecs...)
	}
	return out, nil
}

type embeddingsRequest struct {
	Input          []string `json:"input"`
	Model          string   `json:"model"`
	EncodingFormat string   `json:"encoding_format"`
	Dimensions     int      `json:"dimensions,omitempty"`
}

func (c *OpenAI) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	req := embeddingsRequest{Model: c.opts.Model, EncodingFormat: "float", Input: make([]string, len(texts))}
	for i, t := range texts {
		if len(t) > c.opts.MaxChars {
			t = strings.ToValidUTF8(t[:c.opts.MaxChars], "")
		}
		if strings.TrimSpace(t) == "" {
			t = " "
		}
		req.Input[i] = t
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	delay := c.opts.Backoff
	for attempt := 0; ; attempt++ {
		vecs, retryAfter, err := c.post(ctx, body, len(texts))
		if err == nil {
			return vecs, nil
		}
		var perm *permanentError
		if errors.As(err, &perm) || attempt >= c.opts.MaxRetries || ctx.Err() != nil {
			return nil, err
		}
		wait := delay
		if retryAfter > 0 {
			wait = retryAfter
		}
		c.opts.Logger.Warn("embeddings request failed, retrying", "attempt", attempt+1, "wait", wait, "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		delay = min(2*delay, 30*time.Second)
	}
}

// permanentError is a failure a retry cannot fix (bad key, unknown model, bad request).
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func (c *OpenAI) post(ctx context.Context, body []byte, n int) ([][]float32, time.Duration, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.opts.URL, bytes.NewReader(body))
	if err != nil {
		return nil, 0, &permanentError{err}
	}
	hr.Header.Set("Content-Type", "application/json")
	if c.opts.APIKey != "" {
		hr.Header.Set("Authorization", "Bearer "+c.opts.APIKey)
	}
	resp, err := c.opts.HTTPClient.Do(hr)
	if err != nil {
		return nil, 0, fmt.Errorf("embed: %s: %w", c.opts.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("embed: %s: reading response: %w", c.opts.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("embed: %s answered %s: %s", c.opts.URL, resp.Status, errorMessage(data))
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
			return nil, retryAfter(resp.Header.Get("Retry-After")), err
		}
		return nil, 0, &permanentError{err}
	}
	vecs, err := ParseEmbeddingsResponse(data, n)
	if err != nil {
		return nil, 0, &permanentError{fmt.Errorf("embed: %s: %w", c.opts.URL, err)}
	}
	c.dim.CompareAndSwap(0, int64(len(vecs[0])))
	if want := c.Dim(); len(vecs[0]) != want {
		return nil, 0, &permanentError{fmt.Errorf("embed: %s returned %d-dimensional vectors, want %d", c.opts.URL, len(vecs[0]), want)}
	}
	return vecs, 0, nil
}

// ParseEmbeddingsResponse reads an OpenAI embeddings response
// ({"data":[{"embedding":[...],"index":i}, ...]}) holding n vectors, puts
// them in index order and normalises them to unit length.
func ParseEmbeddingsResponse(data []byte, n int) ([][]float32, error) {
	var resp struct {
		Data []struct {
			Embedding []float32 `json:"embedding"`
			Index     *int      `json:"index"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &resp); err != nil {
		return nil, fmt.Errorf("malformed embeddings response: %w", err)
	}
	if len(resp.Data) != n {
		return nil, fmt.Errorf("embeddings response has %d vectors for %d inputs", len(resp.Data), n)
	}
	out := make([][]float32, n)
	for k, d := range resp.Data {
		i := k
		if d.Index != nil {
			i = *d.Index
		}
		if i < 0 || i >= n || out[i] != nil {
			return nil, fmt.Errorf("embeddings response has a bad or repeated index %d", i)
		}
		if len(d.Embedding) == 0 {
			return nil, fmt.Errorf("embeddings response has an empty vector at index %d", i)
		}
		for _, x := range d.Embedding {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return nil, fmt.Errorf("embeddings response has a non-finite value at index %d", i)
			}
		}
		normalize(d.Embedding)
		out[i] = d.Embedding
	}
	if len(out) > 0 {
		for i, v := range out {
			if len(v) != len(out[0]) {
				return nil, fmt.Errorf("embeddings response mixes dimensions (%d and %d at index %d)", len(out[0]), len(v), i)
			}
		}
	}
	return out, nil
}

// errorMessage extracts {"error":{"message":...}} (OpenAI, vLLM) or
// {"error":"..."} (Ollama, TEI) from an error body, else returns the body cut short.
func errorMessage(body []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && len(e.Error) > 0 {
		var obj struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(e.Error, &obj) == nil && obj.Message != "" {
			return obj.Message
		}
		var s string
		if json.Unmarshal(e.Error, &s) == nil && s != "" {
			return s
		}
	}
	s := strings.TrimSpace(string(body))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

// retryAfter parses a Retry-After header in seconds (dates are ignored).
func retryAfter(h string) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, 2*time.Minute)
	}
	return 0
}
