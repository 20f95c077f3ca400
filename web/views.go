package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed templates
var templateFS embed.FS

// views holds one parsed template set per page, each made of the shared
// layout and partials plus the page's own file.
type views struct {
	pages map[string]*template.Template
	bufs  sync.Pool
}

// viewFuncs are the template functions that need nothing from the server.
var viewFuncs = template.FuncMap{
	"date":    formatDate,
	"isodate": isoDate,
	"plural":  plural,
	"comma":   comma,
	"spans":   spansHTML,
	// cardHTML writes the "card" partial without the template (card_html.go).
	"cardHTML":  func(c card) template.HTML { return cardHTML(&c) },
	"cardsHTML": cardsHTML,
	// facetsHTML writes a results page's facet chips (facets_html.go).
	"facetsHTML": facetsHTML,
	"stamp": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
}

// parseViews parses every page under templates/ with the layout. Any syntax
// error, or a page that misses a block the layout needs, fails here.
func parseViews(a *assets) (*views, error) {
	funcs := template.FuncMap{"asset": a.URL}
	maps.Copy(funcs, viewFuncs)
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list templates: %w", err)
	}
	v := &views{pages: map[string]*template.Template{}}
	v.bufs.New = func() any { return new(bytes.Buffer) }
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", f, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: template %s defines no \"content\" block", f)
		}
		v.pages[name] = t
	}
	return v, nil
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page, then writes it with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := s.views.pages[page]
	if !ok {
		s.serverError(w, r, fmt.Errorf("web: no template %q", page))
		return
	}
	buf := s.views.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.views.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", data); err != nil {
		s.serverError(w, r, fmt.Errorf("web: render %s: %w", page, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes()) //nolint:errcheck // the client went away; nothing to do
	}
}

// serverError is the last resort when even the error page cannot render.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	noteError(r, err)
	s.logger.ErrorContext(r.Context(), "render failed", "method", r.Method, "path", r.URL.Path, "error", err)
	http.Error(w, "Internal error.", http.StatusInternalServerError)
}

// isoDate is t's UTC date as YYYY-MM-DD, "" for the zero time.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("Jan 2, 2006")
}

// plural writes "1 author", "3 authors".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return comma(n) + " " + word + "s"
}

// comma formats 12345 as "12,345".
func comma(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
