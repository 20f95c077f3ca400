package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/markup"
)

// discussion is what the comment and author routes share: the services,
// the Markdown renderer and the per-user comment rate limit.
type discussion struct {
	comments paperwire.CommentService // nil: no discussions
	authors  paperwire.AuthorService  // nil: no author pages or claims
	markup   *markup.Renderer
	// limit bounds how fast one user comments (new comments and edits):
	// enough for a lively thread, too few for a flood.
	limit *auth.Limiter
}

// Comment rate limit: commentBurst comments per commentWindow per user.
const (
	commentBurst  = 10
	commentWindow = 10 * time.Minute
)

func newDiscussion(comments paperwire.CommentService, authors paperwire.AuthorService) discussion {
	return discussion{comments: comments, authors: authors, markup: markup.New(),
		limit: auth.NewLimiter(commentBurst, commentWindow)}
}

// discussionRoutes registers the discussion under papers, author pages
// and authorship claims. Comment routes on papers come in two shapes, as
// upvotes do: {id} for new-style ids, {archive}/{num} for old-style ones.
//
//	GET    /api/papers/{id}/comments     the discussion as JSON
//	POST   /api/papers/{id}/comments     {"text", "parentId"} → 201 and the comment
//	PATCH  /api/comments/{cid}           {"text"} → the edited comment (its author only)
//	DELETE /api/comments/{cid}           204 for its author or an admin
//	POST   /papers/{id}/comments         the page's form: comment or reply
//	POST   /comments/{cid}/edit|delete   the page's forms for one's own comments
//	POST   /comments/{cid}/hide|show|ban admins: hide a comment, ban its author
//	POST   /admin/commenters/{id}/unban  admins: let a banned user comment again
//	GET    /authors/{name}               an author's papers (with feed.atom, feed.rss)
//	GET    /u/{name}/papers              the papers a user's verified claims name
//	POST   /papers/{id}/claims           claim an author entry (position=)
//	POST   /api/papers/{id}/claims       {"position"} → 201 and the pending claim
//	DELETE /api/claims/{cid}             204 for the claimant or an admin
//	POST   /claims/{cid}/hide|show|withdraw   the claimant's (or an admin's) changes
//	POST   /admin/claims/{cid}/approve|refuse admins decide
func (s *Server) discussionRoutes(mux *http.ServeMux) {
	d := s.discussion
	paths := []string{"/papers/{id}", "/papers/{archive}/{num}"}
	if d.comments != nil {
		for _, p := range paths {
			mux.HandleFunc("GET /api"+p+"/comments", s.apiCommentsList)
		}
		if s.users != nil {
			for _, p := range paths {
				mux.HandleFunc("POST /api"+p+"/comments", s.apiCommentCreate)
				mux.HandleFunc("POST "+p+"/comments", s.commentCreate)
			}
			mux.HandleFunc("PATCH /api/comments/{cid}", s.apiCommentEdit)
			mux.HandleFunc("DELETE /api/comments/{cid}", s.apiCommentDelete)
			mux.HandleFunc("POST /comments/{cid}/{action}", s.commentAction)
			mux.HandleFunc("POST /admin/commenters/{id}/unban", s.adminUnban)
		}
	}
	if d.authors != nil {
		mux.HandleFunc("GET /authors/{name}", s.cache.wrap(s.authorShow))
		if s.users != nil {
			mux.HandleFunc("GET /u/{name}/papers", s.authoredShow)
		}
		c := s.cache.wrap
		if s.baseURL == "" {
			c = func(h http.HandlerFunc) http.HandlerFunc { return h }
		}
		for _, f := range feedFormats {
			mux.HandleFunc("GET "+feedPath("/authors/{name}", f), c(s.feedShow(f, s.authorFeed)))
		}
		if s.users != nil {
			for _, p := range paths {
				mux.HandleFunc("POST "+p+"/claims", s.claimCreate)
				mux.HandleFunc("POST /api"+p+"/claims", s.apiClaimCreate)
			}
			mux.HandleFunc("DELETE /api/claims/{cid}", s.apiClaimDelete)
			mux.HandleFunc("POST /claims/{cid}/{action}", s.claimAction)
			mux.HandleFunc("POST /admin/claims/{cid}/{action}", s.adminClaimDecide)
		}
	}
}

// renderComment returns the sanitized HTML of a comment, with @mentions of
// existing users linked.
func (s *Server) renderComment(ctx context.Context, text string) string {
	known := map[string]string{}
	for _, name := range s.discussion.markup.Mentions(text) {
		if s.users == nil || paperwire.ValidateUserName(name) != nil {
			continue
		}
		if u, err := s.users.UserByName(ctx, name); err == nil && !u.Disabled {
			known[name] = u.Name
		}
	}
	return s.discussion.markup.Render(text, func(name string) (string, bool) {
		n, ok := known[name]
		return n, ok
	})
}

// commentLimited answers 429 with Retry-After when u comments too fast.
func (s *Server) commentLimited(w http.ResponseWriter, r *http.Request, u *paperwire.User) bool {
	return s.limited(w, r, s.discussion.limit, "comment:"+strconv.FormatInt(u.ID, 10))
}

// commentID reads the {cid} of a comment route: ENOTFOUND for anything
// that is not a comment id.
func commentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, paperwire.Errorf(paperwire.ENOTFOUND, "No such comment.")
	}
	return id, nil
}
