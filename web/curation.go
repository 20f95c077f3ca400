package web

import (
	"context"
	"net/http"

	"github.com/paperwire/paperwire"
)

// curation is what people add around papers: organizations, a paper's
// code and project links, and collections. A nil service turns its part off.
type curation struct {
	orgs           paperwire.OrgService
	links          paperwire.LinkService
	collections    paperwire.CollectionService
	verifiedAuthor func(ctx context.Context, userID int64, paperID string) (bool, error)
}

func newCuration(cfg Config) curation {
	c := curation{orgs: cfg.Orgs, verifiedAuthor: cfg.VerifiedAuthor}
	if c.verifiedAuthor == nil && cfg.Authors != nil {
		c.verifiedAuthor = verifiedAuthorOf(cfg.Authors)
	}
	if cfg.Users != nil { // links and collections belong to accounts
		c.links, c.collections = cfg.Links, cfg.Collections
	}
	return c
}

// curationRoutes registers organizations, links and collections: pages,
// their feeds, forms (which work without JavaScript) and the JSON API.
// Paper routes come in two shapes, as the upvote's do: {id} for new-style
// ids, {archive}/{num} for old-style ones with their slash.
func (s *Server) curationRoutes(mux *http.ServeMux) {
	if s.curation.orgs != nil {
		mux.HandleFunc("GET /orgs/{slug}", s.orgShow)
		for _, f := range feedFormats {
			mux.HandleFunc("GET "+feedPath("/orgs/{slug}", f), s.feedShow(f, s.orgFeed))
		}
		if s.users != nil {
			mux.HandleFunc("GET /admin/orgs", s.adminOrgsShow)
			mux.HandleFunc("POST /admin/orgs", s.adminOrgCreate)
			mux.HandleFunc("POST /admin/orgs/{slug}", s.adminOrgUpdate)
		}
	}
	if s.curation.links != nil {
		for _, path := range []string{"/papers/{id}/links", "/papers/{archive}/{num}/links"} {
			mux.HandleFunc("POST "+path, s.linksUpdate)
			mux.HandleFunc("POST /api"+path, s.apiLinksUpdate)
		}
	}
	if c := s.curation.collections; c != nil {
		mux.HandleFunc("GET /collections/new", s.collectionNew)
		mux.HandleFunc("POST /collections", s.collectionCreate)
		mux.HandleFunc("GET /collections/add", s.collectionAddShow)
		mux.HandleFunc("POST /collections/add", s.collectionAdd)
		mux.HandleFunc("GET /collections/{user}/{slug}", s.collectionShow)
		mux.HandleFunc("POST /collections/{user}/{slug}", s.collectionUpdate)
		mux.HandleFunc("POST /collections/{user}/{slug}/items", s.collectionItemUpdate)
		for _, f := range feedFormats {
			mux.HandleFunc("GET "+feedPath("/collections/{user}/{slug}", f), s.feedShow(f, s.collectionFeed))
		}
		mux.HandleFunc("GET /u/{name}/collections", s.profileCollections)

		mux.HandleFunc("GET /api/collections", s.apiCollectionsList)
		mux.HandleFunc("POST /api/collections", s.apiCollectionCreate)
		mux.HandleFunc("GET /api/collections/{user}/{slug}", s.apiCollectionShow)
		mux.HandleFunc("PATCH /api/collections/{user}/{slug}", s.apiCollectionUpdate)
		mux.HandleFunc("DELETE /api/collections/{user}/{slug}", s.apiCollectionDelete)
		mux.HandleFunc("POST /api/collections/{user}/{slug}/items", s.apiCollectionItemAdd)
		mux.HandleFunc("PATCH /api/collections/{user}/{slug}/items/{id...}", s.apiCollectionItemUpdate)
		mux.HandleFunc("DELETE /api/collections/{user}/{slug}/items/{id...}", s.apiCollectionItemDelete)
	}
}

// mayEditPaperLinks says whether u may set paper p's links and
// organization: an admin, the account that submitted p to the community's
// list, or one of p's verified authors. Verified authors come from
// Config.VerifiedAuthor (author claims); without it nobody is one.
func (s *Server) mayEditPaperLinks(ctx context.Context, u *paperwire.User, p *paperwire.Paper) (bool, error) {
	if u == nil || s.curation.links == nil {
		return false, nil
	}
	if u.Admin {
		return true, nil
	}
	submitter, err := s.curation.links.PaperSubmitterID(ctx, p.ID)
	if err != nil {
		return false, err
	}
	if submitter != 0 && submitter == u.ID {
		return true, nil
	}
	// Verified authors: the hook author claims plug into.
	if s.curation.verifiedAuthor != nil {
		return s.curation.verifiedAuthor(ctx, u.ID, p.ID)
	}
	return false, nil
}

// changed drops cached pages after a write here, so a visitor sees it at
// once (a collection made private never lingers in a cached paper page).
func (s *Server) changed() { s.Invalidate() }

// verifiedAuthorOf says whether a user holds a verified claim to one of a
// paper's authors, by the claims authors keeps.
func verifiedAuthorOf(authors paperwire.AuthorService) func(ctx context.Context, userID int64, paperID string) (bool, error) {
	return func(ctx context.Context, userID int64, paperID string) (bool, error) {
		claims, err := authors.PaperClaims(ctx, paperID)
		if err != nil {
			return false, err
		}
		for _, c := range claims {
			if c.UserID == userID && c.Status == paperwire.ClaimVerified {
				return true, nil
			}
		}
		return false, nil
	}
}
