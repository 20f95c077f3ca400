package web

import (
	"context"
	"net/http"

	"github.com/paperwire/paperwire"
)

// submitPage is /papers/submit: the form, its rules, and what went wrong.
type submitPage struct {
	Page
	Value  string // what was typed, kept after an error
	Error  string
	Links  []navLink // after a duplicate: the paper, and the list it is on
	MaxAge string    // "14 days"
	PerDay int
	Left   int // submissions left in the last 24 hours' allowance
}

// submitShow shows the submit form to a signed-in user; visitors are sent
// to sign in and back.
func (s *Server) submitShow(w http.ResponseWriter, r *http.Request) {
	if !s.canSubmit() {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "This server does not take submissions."), navLink{Label: "Latest papers", URL: "/"})
		return
	}
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	p := s.submitPage(r)
	var err error
	if p.Left, err = s.submitsLeft(r.Context(), u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "submit", p)
}

// submitCreate takes the form (field "paper": an id or a link) and, on
// success, sends the submitter to the day's picks with their paper's card
// in view and highlighted. A refusal shows the form again with the reason,
// the input kept, and the status of the error.
func (s *Server) submitCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil || s.limited(w, r, s.limits.submit, s.clientAddr(r)) || !s.readForm(w, r) {
		return
	}
	p := s.submitPage(r)
	p.Value = clipText(formValue(r, "paper"), maxSubmitInput)
	paper, err := s.submit(r, u, p.Value)
	if err == nil {
		http.Redirect(w, r, s.picksPageURL(r.Context(), paper), http.StatusSeeOther)
		return
	}
	setRetryAfter(w, err) // the form answers the refusal itself, not through fail
	var st int
	st, p.Error = formError(r, err)
	if paperwire.ErrorCode(err) == paperwire.ECONFLICT && paper != nil {
		p.Links = []navLink{{Label: paper.Title, URL: paperURL(paper.ID)}, {Label: "The list of " + formatDate(paper.SubmittedOn), URL: picksURL(paper)}}
	}
	if left, lerr := s.submitsLeft(r.Context(), u); lerr == nil {
		p.Left = left
	}
	s.render(w, r, st, "submit", p)
}

func (s *Server) submitPage(r *http.Request) submitPage {
	p := submitPage{Page: s.page(r, "Submit a paper"), MaxAge: span(s.submitMaxAge), PerDay: s.submitPerDay}
	p.Section = "submit"
	return p
}

// picksPageURL is picksURL on the page of the day's picks that holds p,
// which is not the first when the day has more picks than a page shows.
func (s *Server) picksPageURL(ctx context.Context, p *paperwire.Paper) string {
	day := paperwire.Day(p.SubmittedOn)
	lp := listParams{List: listPicks, Sort: paperwire.SortPublished, Page: 1}
	picks, _, err := s.papers.Papers(ctx, paperwire.PaperFilter{From: day.Start, To: day.End, Picks: true, Limit: maxPicksScan})
	if err != nil {
		s.logger.WarnContext(ctx, "locating a new pick failed", "paper_id", p.ID, "error", err)
	}
	for i, q := range picks {
		if q.ID == p.ID {
			lp.Page = i/s.pageSize + 1
		}
	}
	return lp.url(periodURL(day)) + "#" + cardAnchor(p.ID)
}
