package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paperwire/paperwire/demo"
	"github.com/paperwire/paperwire/web"
)

// benchTarget runs target against the bundled demo corpus (about 6,600 real
// papers over 30 days) in a real SQLite file, with the production page size:
// "cached" with the default page cache, "uncached" computing every answer.
func benchTarget(b *testing.B, target string) {
	_, store := openStore(b)
	if _, err := demo.Load(context.Background(), store); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct {
		name string
		ttl  time.Duration
	}{{"cached", 0}, {"uncached", -1}} {
		s, err := web.New(web.Config{Papers: store, CacheTTL: mode.ttl, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(mode.name, func(b *testing.B) { benchGet(b, s.Handler(), target) })
	}
}

func benchGet(b *testing.B, h http.Handler, target string) {
	b.Helper()
	if w := get(b, h, target); w.Code != http.StatusOK {
		b.Fatalf("%s: status %d", target, w.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
			if w.Code != http.StatusOK {
				b.Errorf("%s: status %d", target, w.Code)
				return
			}
		}
	})
}

// BenchmarkDayPage renders "/": the latest day (300 papers), first 30 cards.
func BenchmarkDayPage(b *testing.B) { benchTarget(b, "/") }

// BenchmarkWeekPage renders a week list, whose category counts scan ~1,000 papers.
func BenchmarkWeekPage(b *testing.B) { benchTarget(b, "/papers/week/2026-W27") }

// BenchmarkDailyPapersAPI answers /api/daily_papers for the latest day (50 items).
func BenchmarkDailyPapersAPI(b *testing.B) { benchTarget(b, "/api/daily_papers") }

// BenchmarkPaperPage renders one paper page.
func BenchmarkPaperPage(b *testing.B) { benchTarget(b, "/papers/2606.32040") }
