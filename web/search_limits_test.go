package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/web"
)

// countingSearcher records how many searches reached it, and the last.
type countingSearcher struct {
	mu   sync.Mutex
	n    int
	last web.SearchRequest
}

func (s *countingSearcher) Search(ctx context.Context, req web.SearchRequest) (*web.SearchResults, error) {
	s.mu.Lock()
	s.n++
	s.last = req
	s.mu.Unlock()
	return &web.SearchResults{}, nil
}

func (s *countingSearcher) Related(ctx context.Context, id string, limit int) ([]*paperwire.Paper, error) {
	return nil, nil
}

func (s *countingSearcher) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// TestSearchTopOnly: the API and the search feeds, which show no total,
// let the search skip counting every match; the results page, which shows
// the total and the facets, does not.
func TestSearchTopOnly(t *testing.T) {
	searcher := &countingSearcher{}
	h := newServer(t, newStore(t), func(c *web.Config) { c.Searcher = searcher })
	for _, c := range []struct {
		path          string
		topOnly, facs bool
	}{
		{"/api/papers/search?q=diffusion+transformer", true, false},
		{"/search/feed.atom?q=diffusion+transformer", true, false},
		{"/search/feed.rss?q=diffusion+transformer", true, false},
		{"/search?q=diffusion+transformer", false, true},
	} {
		if w := get(t, h, c.path); w.Code != http.StatusOK {
			t.Fatalf("%s: %d", c.path, w.Code)
		}
		searcher.mu.Lock()
		last := searcher.last
		searcher.mu.Unlock()
		if last.Query != "diffusion transformer" || last.TopOnly != c.topOnly || last.Facets != c.facs {
			t.Errorf("%s: searched %+v", c.path, last)
		}
	}
}

// words is n space-separated words.
func words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = fmt.Sprintf("w%d", i)
	}
	return strings.Join(w, " ")
}

// TestSearchQueryLimits: the API refuses a query over 512 bytes or 32 words
// with 400 before anything is searched (it used to take 64 KB), the feeds
// refuse over 32 words, and the /search page searches such a query clipped
// to the limits and says so; at the limits every one searches.
func TestSearchQueryLimits(t *testing.T) {
	searcher := &countingSearcher{}
	h := newServer(t, newStore(t), func(c *web.Config) { c.Searcher = searcher })
	huge := strings.Repeat("transformer+", 64<<10/12) // 64 KB of words

	t.Run("api 64 KB", func(t *testing.T) {
		start := time.Now()
		w := get(t, h, "/api/papers/search?q="+huge)
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), `"error":"The query is`, "at most 512 are allowed")
		if d := time.Since(start); d > time.Second {
			t.Errorf("refusing a 64 KB query took %v", d)
		}
	})
	t.Run("api 33 words", func(t *testing.T) {
		w := get(t, h, "/api/papers/search?q="+urlEscape(words(33)))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "at most 32 are allowed")
	})
	t.Run("html 33 words", func(t *testing.T) {
		w := get(t, h, "/search?q="+urlEscape(words(33)))
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		wantContains(t, body, "only its first 32 words", `value="`+words(32)+`"`)
		wantLacks(t, body, "w32")
	})
	t.Run("html 64 KB", func(t *testing.T) {
		w := get(t, h, "/search?q="+huge)
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		wantContains(t, body, "Your search was too long")
		if n := strings.Count(body, "transformer"); n > 500 { // 32 words in the title, box, heading and feed links, not 5,461
			t.Errorf("the page echoes %d words of the query", n)
		}
	})
	t.Run("feed 33 words", func(t *testing.T) {
		for _, f := range []string{"atom", "rss"} {
			w := get(t, h, "/search/feed."+f+"?q="+urlEscape(words(33)))
			wantStatus(t, w, http.StatusBadRequest)
			wantContains(t, w.Body.String(), "at most 32 are allowed")
		}
	})
	if n := searcher.count(); n != 2 {
		t.Fatalf("%d queries reached the Searcher, want 2 (the clipped HTML ones)", n)
	}
	t.Run("at the limits", func(t *testing.T) {
		q512 := strings.Repeat("x", 511) + "y"
		for _, target := range []string{
			"/api/papers/search?q=" + urlEscape(words(32)),
			"/api/papers/search?q=" + q512,
			"/search?q=" + urlEscape(words(32)),
			"/search?q=" + q512,
			"/search/feed.atom?q=" + urlEscape(words(32)),
		} {
			if w := get(t, h, target); w.Code != http.StatusOK {
				t.Errorf("%s: status %d, want 200", clip(target), w.Code)
			}
		}
		if n := searcher.count(); n != 2+5 {
			t.Errorf("%d searches reached the Searcher, want 7", n)
		}
	})
}

func urlEscape(s string) string { return strings.ReplaceAll(s, " ", "+") }

// blockingSearcher holds every search until release is closed.
type blockingSearcher struct {
	started chan struct{}
	release chan struct{}
}

func (s *blockingSearcher) Search(ctx context.Context, req web.SearchRequest) (*web.SearchResults, error) {
	s.started <- struct{}{}
	select {
	case <-s.release:
		return &web.SearchResults{}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *blockingSearcher) Related(ctx context.Context, id string, limit int) ([]*paperwire.Paper, error) {
	return nil, nil
}

// TestSearchConcurrencyBound: with every slot held by a running search, the
// next search (page, API or feed) waits at most SearchQueueWait and gets
// 503 with Retry-After; a cached page is unaffected; once the searches
// finish, searching works again.
func TestSearchConcurrencyBound(t *testing.T) {
	const slots, queueWait = 2, 150 * time.Millisecond
	searcher := &blockingSearcher{started: make(chan struct{}, slots), release: make(chan struct{})}
	h := newServer(t, newStore(t), func(c *web.Config) {
		c.Searcher, c.MaxSearches, c.SearchQueueWait = searcher, slots, queueWait
	})

	var wg sync.WaitGroup
	codes := make([]int, slots)
	for i := range slots {
		wg.Go(func() { codes[i] = get(t, h, "/api/papers/search?q=held").Code })
	}
	for range slots {
		select {
		case <-searcher.started:
		case <-time.After(5 * time.Second):
			t.Fatal("the held searches did not start")
		}
	}

	for _, target := range []string{"/api/papers/search?q=more", "/search?q=more", "/search/feed.atom?q=more"} {
		start := time.Now()
		w := get(t, h, target)
		took := time.Since(start)
		wantStatus(t, w, http.StatusServiceUnavailable)
		if n, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || n < 1 {
			t.Errorf("%s: Retry-After %q, want seconds", target, w.Header().Get("Retry-After"))
		}
		wantContains(t, w.Body.String(), "Too many searches")
		if took < queueWait || took > queueWait+2*time.Second {
			t.Errorf("%s: refused after %v, want about the queue wait %v", target, took, queueWait)
		}
		if strings.HasPrefix(target, "/api/") && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Errorf("API refusal is %q, want JSON", w.Header().Get("Content-Type"))
		}
	}
	// Pages that do not search are not held up.
	wantStatus(t, get(t, h, "/papers/date/"+dayWed), http.StatusOK)

	close(searcher.release)
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("held search %d: status %d, want 200", i, c)
		}
	}
	// Slots are free again: a search waiting in the queue gets one too.
	searcher.started = make(chan struct{}, 10)
	for _, target := range []string{"/api/papers/search?q=again", "/search?q=again", "/search/feed.rss?q=again"} {
		wantStatus(t, get(t, h, target), http.StatusOK)
	}
}

// TestSearchQueueAdmitsWaiter: a search that finds the slots full but one
// frees within the queue wait is served, not refused.
func TestSearchQueueAdmitsWaiter(t *testing.T) {
	searcher := &blockingSearcher{started: make(chan struct{}, 4), release: make(chan struct{})}
	h := newServer(t, newStore(t), func(c *web.Config) {
		c.Searcher, c.MaxSearches, c.SearchQueueWait = searcher, 1, 5*time.Second
	})
	done := make(chan int, 2)
	go func() { done <- get(t, h, "/api/papers/search?q=first").Code }()
	<-searcher.started
	go func() { done <- get(t, h, "/api/papers/search?q=second").Code }()
	time.Sleep(50 * time.Millisecond) // the second is queued
	close(searcher.release)
	for range 2 {
		if c := <-done; c != http.StatusOK {
			t.Errorf("status %d, want 200", c)
		}
	}
}
