package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
)

// openSearchDescription lets browsers add Paperwire as a search engine
// (https://github.com/dewitt/opensearch, version 1.1); layout.html points
// at it with <link rel="search">.
type openSearchDescription struct {
	XMLName       xml.Name         `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName     string           `xml:"ShortName"`
	Description   string           `xml:"Description"`
	InputEncoding string           `xml:"InputEncoding"`
	Image         *openSearchImage `xml:"Image,omitempty"`
	URLs          []openSearchURL  `xml:"Url"`
}

type openSearchImage struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Template string `xml:"template,attr"`
}

// openSearchShow answers /opensearch.xml. Its URLs are absolute, as the
// specification requires, so like the feeds it is not cached server-side.
func (s *Server) openSearchShow(w http.ResponseWriter, r *http.Request) {
	base := s.absBase(r)
	d := openSearchDescription{
		ShortName:     "Paperwire",
		Description:   "Search research papers on Paperwire",
		InputEncoding: "UTF-8",
		URLs: []openSearchURL{
			{Type: "text/html", Template: base + "/search?q={searchTerms}"},
			{Type: formatAtom.Type, Template: base + "/search/feed.atom?q={searchTerms}"},
			{Type: formatRSS.Type, Template: base + "/search/feed.rss?q={searchTerms}"},
			{Type: "application/opensearchdescription+xml", Rel: "self", Template: base + "/opensearch.xml"},
		},
	}
	if icon, err := s.assets.URL("favicon.svg"); err == nil {
		d.Image = &openSearchImage{Type: "image/svg+xml", Body: base + icon}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(d); err != nil {
		s.serverError(w, r, err)
		return
	}
	buf.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "public, max-age=86400")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes()) //nolint:errcheck // the client went away; nothing to do
	}
}
