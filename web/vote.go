package web

import (
	"net/http"
	"net/url"

	"github.com/paperwire/paperwire"
)

// How a viewer sees an upvote button: a plain count on a server without
// accounts, a link to sign in for a visitor, a toggle for a signed-in user.
const (
	voteOff     = ""
	voteVisitor = "visitor"
	voteUser    = "user"
)

// voteButton is one paper's upvote button. Without JavaScript the toggle is
// a form that posts to Action and comes back to Next at the paper's card
// (#p-ID); vote.js sends the same choice to API instead and updates the
// count in place.
type voteButton struct {
	ID      string
	Count   int
	Upvoted bool   // the viewer's own upvote
	Mode    string // voteOff, voteVisitor or voteUser
	Next    string // the page the button is on, without a fragment
	Big     bool   // the paper page's large button
}

// Action is the form's target, also for old-style ids (/papers/hep-th/9901001/upvote).
func (v voteButton) Action() string { return paperURL(v.ID) + "/upvote" }

// API is the JSON endpoint vote.js posts (or deletes) to.
func (v voteButton) API() string { return "/api" + paperURL(v.ID) + "/upvote" }

// Anchor is the fragment that brings a reader back to the paper's card.
func (v voteButton) Anchor() string { return cardAnchor(v.ID) }

// SignIn sends a visitor to sign in and back to this card.
func (v voteButton) SignIn() string {
	return "/signin?next=" + url.QueryEscape(v.Next+"#"+v.Anchor())
}

// cardAnchor is the id of a paper's card in a list: "p-2501.01234".
func cardAnchor(id string) string { return "p-" + id }

// voteState is what a page needs to draw its upvote buttons for one viewer.
type voteState struct {
	mode    string
	upvoted map[string]bool
}

// votesFor looks up, in one query, which of ids r's viewer has upvoted. A
// failed lookup only costs the pressed states: the page is still worth
// showing, so it is logged, not answered with an error.
func (s *Server) votesFor(r *http.Request, ids []string) voteState {
	switch {
	case s.users == nil || s.votes == nil:
		return voteState{mode: voteOff}
	case Viewer(r) == nil:
		return voteState{mode: voteVisitor}
	}
	up, err := s.votes.Upvoted(r.Context(), Viewer(r).ID, ids)
	if err != nil {
		s.logger.WarnContext(r.Context(), "upvoted lookup failed", "path", r.URL.Path, "error", err)
	}
	return voteState{mode: voteUser, upvoted: up}
}

// button is the upvote button of paper id with count upvotes, on page next.
func (v voteState) button(id string, count int, next string) voteButton {
	return voteButton{ID: id, Count: count, Upvoted: v.upvoted[id], Mode: v.mode, Next: next}
}

// markVotes sets the upvote buttons of a page's cards for r's viewer.
// next is the page they are on (path and query).
func (s *Server) markVotes(r *http.Request, next string, cards []card) {
	ids := make([]string, len(cards))
	for i, c := range cards {
		ids[i] = c.ID
	}
	vs := s.votesFor(r, ids)
	for i := range cards {
		cards[i].Vote = vs.button(cards[i].ID, cards[i].Upvotes, next)
		cards[i].SaveURL = s.saveURL(vs, cards[i].ID)
	}
}

// canSubmit says whether this server takes submissions at all.
func (s *Server) canSubmit() bool { return s.users != nil && s.submissions != nil }

// voteResult is the answer of the upvote API, Hugging Face's shape.
type voteResult struct {
	Upvotes int  `json:"upvotes"`
	Upvoted bool `json:"upvoted"`
}

// vote sets u's upvote on paper id and returns the new count.
func (s *Server) vote(r *http.Request, u *paperwire.User, id string, up bool) (voteResult, error) {
	set := s.votes.RemoveUpvote
	if up {
		set = s.votes.Upvote
	}
	n, err := set(r.Context(), u.ID, id)
	if err != nil {
		return voteResult{}, err
	}
	return voteResult{Upvotes: n, Upvoted: up}, nil
}

// upvoteID reads the paper of an upvote route: {id} for new-style ids,
// {archive}/{num} for old-style ones, whose slash a single path segment
// cannot hold (hep-th/9901001). Any spelling ParseArxivID takes works.
func upvoteID(r *http.Request) (string, error) {
	raw := r.PathValue("id")
	if raw == "" {
		raw = r.PathValue("archive") + "/" + r.PathValue("num")
	}
	id, _, err := paperwire.ParseArxivID(raw)
	return id, err
}
