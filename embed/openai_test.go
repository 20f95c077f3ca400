package embed

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeEmbeddings is a local server speaking OpenAI's /v1/embeddings protocol.
// Each text's vector is [len(text), 1, index-in-request], so tests can check
// order, batching and normalisation. fail holds statuses to answer first.
type fakeEmbeddings struct {
	mu       sync.Mutex
	batches  [][]string
	fail     []int
	auth     []string
	reversed bool // answer data in reverse order (index still correct)
}

func (f *fakeEmbeddings) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		http.Error(w, `{"error":{"message":"no such route"}}`, http.StatusNotFound)
		return
	}
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	if len(f.fail) > 0 {
		code := f.fail[0]
		f.fail = f.fail[1:]
		if code == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"error":{"message":"simulated %d","type":"server_error"}}`, code)
		return
	}
	var req struct {
		Input          []string `json:"input"`
		Model          string   `json:"model"`
		EncodingFormat string   `json:"encoding_format"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model == "" || req.EncodingFormat != "float" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"bad request body","type":"invalid_request_error"}}`)
		return
	}
	if req.Model != "test-embed" {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"error":"model %q not found, try pulling it first"}`, req.Model)
		return
	}
	f.batches = append(f.batches, req.Input)
	type item struct {
		Object    string    `json:"object"`
		Embedding []float32 `json:"embedding"`
		Index     int       `json:"index"`
	}
	resp := struct {
		Object string         `json:"object"`
		Data   []item         `json:"data"`
		Model  string         `json:"model"`
		Usage  map[string]int `json:"usage"`
	}{Object: "list", Model: req.Model, Usage: map[string]int{"prompt_tokens": 1, "total_tokens": 1}}
	for i, text := range req.Input {
		resp.Data = append(resp.Data, item{"embedding", []float32{float32(len(text)), 1, float32(i)}, i})
	}
	if f.reversed {
		for i, j := 0, len(resp.Data)-1; i < j; i, j = i+1, j-1 {
			resp.Data[i], resp.Data[j] = resp.Data[j], resp.Data[i]
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

func newFake(t *testing.T, f *fakeEmbeddings, opts OpenAIOptions) *OpenAI {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	opts.URL = srv.URL + "/v1"
	if opts.Model == "" {
		opts.Model = "test-embed"
	}
	opts.Backoff = time.Millisecond
	c, err := NewOpenAI(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOpenAIBatchesInOrder(t *testing.T) {
	f := &fakeEmbeddings{reversed: true}
	c := newFake(t, f, OpenAIOptions{BatchSize: 3, APIKey: "sk-test"})
	texts := []string{"a", "bb", "ccc", "dddd", "eeeee", "", "ggggggg"}
	vecs, err := c.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.batches) != 3 || len(f.batches[0]) != 3 || len(f.batches[2]) != 1 {
		t.Fatalf("batches = %q, want 3+3+1", f.batches)
	}
	if f.batches[1][2] != " " {
		t.Fatalf("empty text sent as %q, want a single space", f.batches[1][2])
	}
	if f.auth[0] != "Bearer sk-test" {
		t.Fatalf("Authorization = %q", f.auth[0])
	}
	for i, v := range vecs {
		want := []float64{float64(max(1, len(texts[i]))), 1, float64(i % 3)}
		norm := math.Sqrt(want[0]*want[0] + want[1]*want[1] + want[2]*want[2])
		for k := range v {
			if math.Abs(float64(v[k])-want[k]/norm) > 1e-6 {
				t.Fatalf("text %d: vector %v, want %v normalised", i, v, want)
			}
		}
	}
	if c.Dim() != 3 || c.Name() != "openai:test-embed" {
		t.Fatalf("Dim %d Name %q", c.Dim(), c.Name())
	}
}

func TestOpenAIRetriesRateLimitsAndServerErrors(t *testing.T) {
	f := &fakeEmbeddings{fail: []int{429, 503, 500}}
	c := newFake(t, f, OpenAIOptions{MaxRetries: 3})
	vecs, err := c.Embed(context.Background(), []string{"x", "yy"})
	if err != nil {
		t.Fatalf("after 3 transient failures: %v", err)
	}
	if len(vecs) != 2 || len(f.auth) != 4 {
		t.Fatalf("%d vectors after %d requests, want 2 after 4", len(vecs), len(f.auth))
	}
	f.fail = []int{503, 503, 503}
	c2 := newFake(t, f, OpenAIOptions{MaxRetries: 2})
	_, err = c2.Embed(context.Background(), []string{"x"})
	if err == nil || !strings.Contains(err.Error(), "simulated 503") {
		t.Fatalf("retries exhausted: got %v, want the server's message", err)
	}
}

func TestOpenAIClearErrors(t *testing.T) {
	f := &fakeEmbeddings{}
	c := newFake(t, f, OpenAIOptions{Model: "missing-model"})
	_, err := c.Embed(context.Background(), []string{"x"})
	if err == nil || !strings.Contains(err.Error(), `model "missing-model" not found`) || !strings.Contains(err.Error(), "404") {
		t.Fatalf("unknown model: %v", err)
	}
	if len(f.auth) != 1 {
		t.Fatalf("a 404 was retried: %d requests", len(f.auth))
	}
	f.fail = []int{401}
	c = newFake(t, f, OpenAIOptions{})
	if _, err := c.Embed(context.Background(), []string{"x"}); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("401: %v", err)
	}
	c = newFake(t, f, OpenAIOptions{Dim: 5})
	if _, err := c.Embed(context.Background(), []string{"x"}); err == nil || !strings.Contains(err.Error(), "want 5") {
		t.Fatalf("dimension mismatch: %v", err)
	}
	if _, err := NewOpenAI(OpenAIOptions{URL: "http://x"}); err == nil {
		t.Fatal("a client without a model was created")
	}
}

func TestOpenAIHonoursCancellation(t *testing.T) {
	f := &fakeEmbeddings{fail: []int{503, 503, 503, 503}}
	c := newFake(t, f, OpenAIOptions{MaxRetries: 10})
	c.opts.Backoff = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Embed(ctx, []string{"x"}); err == nil {
		t.Fatal("Embed outlived its context")
	}
}

func TestParseEmbeddingsResponse(t *testing.T) {
	bad := map[string]string{
		"not json":       `{"data": [`,
		"too few":        `{"data":[{"embedding":[1,0],"index":0}]}`,
		"repeated index": `{"data":[{"embedding":[1,0],"index":0},{"embedding":[0,1],"index":0}]}`,
		"index range":    `{"data":[{"embedding":[1,0],"index":0},{"embedding":[0,1],"index":2}]}`,
		"empty vector":   `{"data":[{"embedding":[],"index":0},{"embedding":[0,1],"index":1}]}`,
		"mixed dims":     `{"data":[{"embedding":[1,0],"index":0},{"embedding":[0,1,0],"index":1}]}`,
		"base64":         `{"data":[{"embedding":"AAAA","index":0},{"embedding":"AAAA","index":1}]}`,
	}
	for name, body := range bad {
		if _, err := ParseEmbeddingsResponse([]byte(body), 2); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
	vecs, err := ParseEmbeddingsResponse([]byte(`{"data":[{"embedding":[0,2],"index":1},{"embedding":[3,4],"index":0}]}`), 2)
	if err != nil || vecs[0][0] != 0.6 || vecs[1][1] != 1 {
		t.Fatalf("got %v, %v", vecs, err)
	}
}

func FuzzParseEmbeddingsResponse(f *testing.F) {
	f.Add([]byte(`{"object":"list","data":[{"object":"embedding","embedding":[0.1,-0.2],"index":0}],"model":"m","usage":{"prompt_tokens":2,"total_tokens":2}}`), 1)
	f.Add([]byte(`{"data":[{"embedding":[1e39],"index":0}]}`), 1)
	f.Add([]byte(`{"error":{"message":"x"}}`), 0)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		if n < 0 || n > 64 {
			return
		}
		vecs, err := ParseEmbeddingsResponse(data, n)
		if err != nil {
			return
		}
		if len(vecs) != n {
			t.Fatalf("%d vectors for %d inputs", len(vecs), n)
		}
		for _, v := range vecs {
			if len(v) != len(vecs[0]) {
				t.Fatal("mixed dimensions accepted")
			}
		}
	})
}
