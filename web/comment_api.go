package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// apiComment is one comment in the API. Text is the Markdown as typed and
// HTML its rendering, sanitized: clients show HTML as it is, or render Text
// themselves. A deleted comment, or one hidden by an admin, appears only
// when it has replies, with no text and Deleted or Hidden set.
type apiComment struct {
	ID        int64         `json:"id"`
	Author    *apiAuthorRef `json:"author"` // null once the account is deleted
	Text      string        `json:"text"`
	HTML      string        `json:"html"`
	CreatedAt hfTime        `json:"createdAt"`
	ParentID  *int64        `json:"parentId"`
	Edited    bool          `json:"edited"`
	Hidden    bool          `json:"hidden,omitempty"`
	Deleted   bool          `json:"deleted,omitempty"`
}

type apiAuthorRef struct {
	Name string `json:"name"`
}

// apiCommentOf is one comment as the API shows it to viewer.
func apiCommentOf(c *paperwire.Comment, v commentView) apiComment {
	a := apiComment{ID: c.ID, Text: v.Text, HTML: string(v.HTML), CreatedAt: hfTime(c.CreatedAt), Edited: c.Edited(),
		Hidden: c.Hidden, Deleted: c.Deleted}
	if c.UserName != "" {
		a.Author = &apiAuthorRef{Name: c.UserName}
	}
	if c.ParentID != 0 {
		parent := c.ParentID
		a.ParentID = &parent
	}
	return a
}

// apiCommentsList is GET /api/papers/{id}/comments: the discussion in
// reading order (?sort=oldest for oldest threads first; newest first by
// default), as {"comments": [...], "numComments": N}.
func (s *Server) apiCommentsList(w http.ResponseWriter, r *http.Request) {
	id, err := upvoteID(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	p, err := s.papers.Paper(r.Context(), id)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	sort := r.URL.Query().Get("sort")
	if sort != "" && sort != "newest" && sort != "oldest" {
		s.failJSON(w, r, paperwire.Errorf(paperwire.EINVALID, "sort is newest or oldest."))
		return
	}
	cs, err := s.discussion.comments.Comments(r.Context(), id, sort == "oldest")
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	byID := make(map[int64]*paperwire.Comment, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	out := struct {
		Comments    []apiComment `json:"comments"`
		NumComments int          `json:"numComments"`
	}{Comments: []apiComment{}, NumComments: p.NumComments}
	for _, t := range commentThreads(cs, Viewer(r)) {
		out.Comments = append(out.Comments, apiCommentOf(byID[t.ID], t))
		for _, rep := range t.Replies {
			out.Comments = append(out.Comments, apiCommentOf(byID[rep.ID], rep))
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusOK, out)
}

// commentBody is the JSON body of POST /api/papers/{id}/comments and
// PATCH /api/comments/{id}.
type commentBody struct {
	Text     *string         `json:"text"`
	ParentID json.RawMessage `json:"parentId"`
}

// parent reads parentId: absent or null for a top-level comment.
func (b commentBody) parent() (int64, error) {
	if len(b.ParentID) == 0 || string(b.ParentID) == "null" {
		return 0, nil
	}
	var id int64
	if err := json.Unmarshal(b.ParentID, &id); err != nil || id <= 0 {
		return 0, paperwire.Errorf(paperwire.EINVALID, "parentId is a comment's id (a positive number) or null.")
	}
	return id, nil
}

// apiCommentCreate is POST /api/papers/{id}/comments with {"text",
// "parentId"}: 201 with the comment.
func (s *Server) apiCommentCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := upvoteID(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	var body commentBody
	if err := readJSONBody(w, r, &body); err != nil {
		s.failJSON(w, r, err)
		return
	}
	parent, err := body.parent()
	if err == nil && body.Text == nil {
		err = paperwire.Errorf(paperwire.EINVALID, `Send the comment as {"text": "…"}.`)
	}
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	if s.commentLimited(w, r, u) {
		return
	}
	c, err := s.addComment(r, u, id, *body.Text, parent)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/comments/"+strconv.FormatInt(c.ID, 10))
	s.writeJSON(w, r, http.StatusCreated, apiCommentOf(c, commentOf(c, u)))
}

// addComment renders and stores u's comment on paper id.
func (s *Server) addComment(r *http.Request, u *paperwire.User, id, text string, parent int64) (*paperwire.Comment, error) {
	text, err := paperwire.NormalizeCommentText(text)
	if err != nil {
		return nil, err
	}
	c := &paperwire.Comment{PaperID: id, UserID: u.ID, UserName: u.Name, ParentID: parent, Text: text,
		HTML: s.renderComment(r.Context(), text)}
	if err := s.discussion.comments.AddComment(r.Context(), c); err != nil {
		return nil, err
	}
	return c, nil
}

// editComment renders and stores u's new text for their comment cid.
func (s *Server) editComment(r *http.Request, u *paperwire.User, cid int64, text string) (*paperwire.Comment, error) {
	text, err := paperwire.NormalizeCommentText(text)
	if err != nil {
		return nil, err
	}
	return s.discussion.comments.EditComment(r.Context(), u.ID, cid, text, s.renderComment(r.Context(), text))
}

// apiCommentEdit is PATCH /api/comments/{cid} with {"text"}: the author's
// new text; the comment is marked edited. 403 for anyone else's comment.
func (s *Server) apiCommentEdit(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	cid, err := commentID(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	var body commentBody
	if err := readJSONBody(w, r, &body); err != nil {
		s.failJSON(w, r, err)
		return
	}
	if body.Text == nil {
		s.failJSON(w, r, paperwire.Errorf(paperwire.EINVALID, `Send the new text as {"text": "…"}.`))
		return
	}
	if s.commentLimited(w, r, u) {
		return
	}
	c, err := s.editComment(r, u, cid, *body.Text)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, apiCommentOf(c, commentOf(c, u)))
}

// apiCommentDelete is DELETE /api/comments/{cid}: 204 for its author or an
// admin, 403 for anyone else, 404 for no such comment.
func (s *Server) apiCommentDelete(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	cid, err := commentID(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	if s.writeLimited(w, r, u) {
		return
	}
	if _, err := s.deleteComment(r, u, cid); err != nil {
		s.failJSON(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteComment deletes comment cid for u (its author or an admin) and
// returns it as it was; an admin deleting someone else's comment goes into
// the audit log.
func (s *Server) deleteComment(r *http.Request, u *paperwire.User, cid int64) (*paperwire.Comment, error) {
	c, err := s.discussion.comments.Comment(r.Context(), cid)
	if err != nil {
		return nil, err
	}
	if err := s.discussion.comments.DeleteComment(r.Context(), u, cid); err != nil {
		return nil, err
	}
	if u.Admin && c.UserID != u.ID {
		return c, s.record(r, u, "delete-comment", commentTarget(c), clipText(c.Text, 200))
	}
	return c, nil
}

// commentTarget names a comment in the audit log: "comment 12 by ada on 2501.00001".
func commentTarget(c *paperwire.Comment) string {
	by := c.UserName
	if by == "" {
		by = "a deleted account"
	}
	return "comment " + strconv.FormatInt(c.ID, 10) + " by " + by + " on " + c.PaperID
}
