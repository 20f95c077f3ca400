package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// periodShow returns the handler of /papers/{kind}/{value}: one day, ISO week
// or month of papers. An unparsable value is a 400 page naming the form expected.
func (s *Server) periodShow(kind, param string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		per, err := paperwire.ParsePeriod(kind, r.PathValue(param))
		if err != nil {
			s.fail(w, r, err, navLink{Label: "Latest papers", URL: "/"})
			return
		}
		s.showList(w, r, per, periodURL(per))
	}
}
