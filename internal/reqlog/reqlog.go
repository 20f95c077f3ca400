// Package reqlog ties log lines to the request they were written for: the
// web server puts each request's id in its context, and a slog handler
// wrapped by Handler adds it as request_id to every record logged with that
// context, in whichever package the line is written. New builds the
// process's logger in the format PAPERWIRE_LOG_FORMAT names.
package reqlog

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
)

type idKey struct{}

// WithID returns ctx carrying the request id id.
func WithID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, idKey{}, id)
}

// ID is the request id ctx carries, or "".
func ID(ctx context.Context) string {
	id, _ := ctx.Value(idKey{}).(string)
	return id
}

// NewID makes a request id: 26 random base32 characters.
func NewID() string { return rand.Text() }

// maxIDLen bounds an id taken from a client or proxy.
const maxIDLen = 128

// Sane reports whether id, sent by a client or a proxy in front, may be
// kept as the request's id: 1 to 128 characters of letters, digits and
// -_.:/+=, so it cannot forge log fields or carry anything long.
func Sane(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=':
		default:
			return false
		}
	}
	return true
}

// Handler wraps h so each record logged with a request's context carries
// request_id. Wrapping twice adds it once.
func Handler(h slog.Handler) slog.Handler {
	if _, ok := h.(idHandler); ok {
		return h
	}
	return idHandler{h}
}

type idHandler struct{ slog.Handler }

func (h idHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := ID(ctx); id != "" {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h idHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return idHandler{h.Handler.WithAttrs(attrs)}
}

func (h idHandler) WithGroup(name string) slog.Handler {
	return idHandler{h.Handler.WithGroup(name)}
}

// New builds a logger writing to w at level: format "" or "text" writes
// key=value lines, "json" one JSON object a line. Either carries request ids.
func New(w io.Writer, format string, level slog.Level) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch format {
	case "", "text":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("PAPERWIRE_LOG_FORMAT=%q: want text or json", format)
	}
	return slog.New(Handler(h)), nil
}
