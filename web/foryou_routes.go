package web

import "net/http"

// forYouRoutes registers the For-you page, its secret-token feeds and the
// settings forms that make and revoke the feed's URL:
//
//	GET  /papers/for-you?range=day|week|month&p=
//	GET  /papers/for-you/feed.atom?token=…   (and feed.rss)
//	POST /settings/foryou-feed               make or regenerate the URL
//	POST /settings/foryou-feed/revoke
//
// The feed's token travels in the query, which the request log leaves out.
func (s *Server) forYouRoutes(mux *http.ServeMux) {
	if s.users == nil {
		return
	}
	mux.HandleFunc("GET /papers/for-you", s.forYouShow)
	if s.feedTokens == nil {
		return
	}
	for _, f := range feedFormats {
		mux.HandleFunc("GET "+feedPath("/papers/for-you", f), s.forYouFeed(f))
	}
	mux.HandleFunc("POST /settings/foryou-feed", s.forYouFeedCreate)
	mux.HandleFunc("POST /settings/foryou-feed/revoke", s.forYouFeedRevoke)
}
