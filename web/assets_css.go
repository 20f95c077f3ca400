package web

import (
	"regexp"
)

// cssURLRe matches a url(…) with a bare file name, as vendored stylesheets
// name the fonts beside them: url(KaTeX_Main-Regular.woff2).
var cssURLRe = regexp.MustCompile(`url\(([A-Za-z0-9_.\-]+)\)`)

// cssURLs points a stylesheet's url(name) references at the hashed URLs of
// the static files they name, so fonts are cached for a year like every
// other asset and a new version is fetched at once. Names that are not
// static files are left alone.
func (a *assets) cssURLs(css []byte) []byte {
	return cssURLRe.ReplaceAllFunc(css, func(m []byte) []byte {
		if u, ok := a.urls[string(cssURLRe.FindSubmatch(m)[1])]; ok {
			return []byte("url(" + u + ")")
		}
		return m
	})
}
