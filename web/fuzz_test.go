package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzDailyPapersQuery feeds arbitrary query strings to /api/daily_papers:
// the answer is always 200 with a JSON list or 400 with a JSON error, never a 500.
func FuzzDailyPapersQuery(f *testing.F) {
	for _, seed := range []string{
		"", "date=2026-07-01", "week=2026-W27", "month=2026-06&p=1&limit=10", "sort=trending",
		"date=2026-02-30", "week=2026-W53", "limit=101", "p=-1", "p=99999999999999999999", "date=x&week=y",
		"limit=%00", "date=2026-07-01&date=2026-06-29", "month=0000-00", "week=9999-W99", "p=1e3", "sort=",
		"date=%F0%9F%98%80", "limit=+5", "p=0x10", "list=picks", "list=all&sort=upvotes", "submitter=akhaliq",
		"submitter=ada&list=all", "submitter=ada&sort=trending", "list=",
	} {
		f.Add(seed)
	}
	h := newServer(f, newStore(f))
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, "/api/daily_papers", nil)
		req.URL.RawQuery = query
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK:
			var items []json.RawMessage
			if err := json.Unmarshal(w.Body.Bytes(), &items); err != nil || items == nil {
				t.Fatalf("%q: 200 with a body that is not a list: %s", query, w.Body.String())
			}
		case http.StatusBadRequest:
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Fatalf("%q: 400 without an error message: %s", query, w.Body.String())
			}
		default:
			t.Fatalf("%q: status %d: %s", query, w.Code, w.Body.String())
		}
	})
}

// FuzzListPageQuery does the same for the HTML list pages' ?cat=&sort=&p=.
func FuzzListPageQuery(f *testing.F) {
	for _, seed := range []string{"", "p=2", "cat=cs.CL", "sort=trending", "p=0", "cat=%3Cx%3E", "p=999999999999", "cat=cs.CL&p=9",
		"list=picks", "list=all&sort=upvotes&p=2", "list=x"} {
		f.Add(seed)
	}
	h := newServer(f, newStore(f))
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, "/papers/date/2026-07-01", nil)
		req.URL.RawQuery = query
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest && w.Code != http.StatusNotFound {
			t.Fatalf("%q: status %d", query, w.Code)
		}
	})
}
