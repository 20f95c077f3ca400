package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one static file, served under a name that carries a hash of its
// content ("style.3f2a1b9c.css") so browsers may cache it for a year and a
// new release still reaches them at once.
type asset struct {
	body        []byte
	contentType string
}

// assets maps logical names ("style.css") to hashed URLs and back.
type assets struct {
	urls   map[string]string // logical name → /static/hashed name
	byName map[string]asset  // hashed name → file
}

func loadAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, byName: map[string]asset{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: read static files: %w", err)
	}
	// Stylesheets come last: their url(…) references to other files are
	// rewritten to those files' hashed URLs (cssURLs) before they are hashed.
	sort.SliceStable(entries, func(i, j int) bool {
		return path.Ext(entries[i].Name()) != ".css" && path.Ext(entries[j].Name()) == ".css"
	})
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		body, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			return nil, fmt.Errorf("web: read static file %s: %w", name, err)
		}
		if path.Ext(name) == ".css" {
			body = a.cssURLs(body)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.urls[name] = "/static/" + hashed
		a.byName[hashed] = asset{body: body, contentType: ct}
	}
	return a, nil
}

// URL returns the hashed URL of a logical asset name. An unknown name is a
// programming error caught when templates are first executed in tests.
func (a *assets) URL(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("web: unknown static asset %q", name)
	}
	return u, nil
}

// assetShow serves a static file by hashed name with a one-year cache.
func (s *Server) assetShow(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets.byName[r.PathValue("name")]
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Length", fmt.Sprint(len(a.body)))
	if r.Method != http.MethodHead {
		w.Write(a.body) //nolint:errcheck // the client went away; nothing to do
	}
}

// faviconShow answers browsers that ask for /favicon.ico regardless of the
// <link rel=icon> in the page.
func (s *Server) faviconShow(w http.ResponseWriter, r *http.Request) {
	u, _ := s.assets.URL("favicon.svg")
	http.Redirect(w, r, u, http.StatusMovedPermanently)
}
