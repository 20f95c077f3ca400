package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// contentSecurityPolicy allows only this site's own scripts, styles and
// images: no inline script, no framing, no plug-ins, forms post home only.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// middleware wraps every route: security headers, panic recovery, and one
// structured log line per request.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		r = withRequestID(w, r)
		info := &requestInfo{}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))

		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")

		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				info.err = fmt.Errorf("panic: %v", v)
				s.logger.ErrorContext(r.Context(), "panic serving request", "method", r.Method, "path", r.URL.Path,
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !rec.wrote {
					http.Error(rec, "Internal error.", http.StatusInternalServerError)
				}
			}
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", rec.status),
				slog.Float64("duration_ms", float64(s.now().Sub(start).Microseconds())/1000),
				slog.Int64("bytes", rec.bytes),
			}
			level := slog.LevelInfo
			if info.err != nil {
				attrs = append(attrs, slog.String("error", info.err.Error()))
				switch {
				case rec.status == http.StatusServiceUnavailable:
					level = slog.LevelWarn // load shed or the database away: expected, and retried
				case rec.status >= 500:
					level = slog.LevelError
				}
			}
			if rec.writeErr != nil {
				// The status line may already have gone out, so it stays as
				// sent; the response itself was cut (a write timeout, a client
				// gone mid-body) and bytes counts only what was accepted.
				attrs = append(attrs, slog.String("write_error", rec.writeErr.Error()))
				level = max(level, slog.LevelWarn)
			}
			s.logger.LogAttrs(r.Context(), level, "http request", attrs...)
			s.metrics.ObserveRequest(info.pattern, r.Method, rec.status, s.now().Sub(start))
		}()
		next.ServeHTTP(rec, r)
	})
}

// requestInfo carries what a handler learned (the wrapped cause of an error)
// to the request log line, and the route pattern that answered to the metrics.
type requestInfo struct {
	err     error
	pattern string
}

type requestInfoKey struct{}

// noteError records err for the request log; users see only its message.
func noteError(r *http.Request, err error) {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		info.err = err
	}
}

// recorder remembers the status and size of a response for the log: bytes
// counts only what the underlying writer accepted, and writeErr keeps the
// first failed Write, so a cut response is not logged as a complete one.
type recorder struct {
	http.ResponseWriter
	status   int
	bytes    int64
	wrote    bool
	writeErr error
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	if err != nil && r.writeErr == nil {
		r.writeErr = err
	}
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
