package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/paperwire/paperwire"
)

// fetchTimeout bounds the arXiv lookup of a submission. The arXiv client
// keeps arXiv's pace and retries for minutes; a person waiting on a form
// should hear back sooner, and may simply try again.
const fetchTimeout = 30 * time.Second

// submitWindow is the span SubmitPerDay counts submissions over.
const submitWindow = 24 * time.Hour

// submit puts the paper that input names on the community's list of today,
// for u, after the rules: the paper exists (fetched from arXiv when this
// server does not hold it yet), it is not withdrawn, not on a list already,
// its first version is at most SubmitMaxAge old, and u has submitted fewer
// than SubmitPerDay papers in the last 24 hours. It returns the paper as
// stored after the submission; on ECONFLICT, the paper already there.
// A refusal for the daily limit carries its Retry-After (retryError).
func (s *Server) submit(r *http.Request, u *paperwire.User, input string) (*paperwire.Paper, error) {
	ctx := r.Context()
	id, err := parseSubmitInput(input)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if err := s.checkSubmitQuota(ctx, u, now); err != nil {
		return nil, err
	}
	p, err := s.paperToSubmit(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.SubmittedOn.IsZero() {
		return p, alreadySubmitted(p)
	}
	if p.Withdrawn {
		return nil, paperwire.Errorf(paperwire.EINVALID, "Paper %s was withdrawn from arXiv, so it cannot go on a list.", p.ID)
	}
	if first := paperDate(p); !first.IsZero() && now.Sub(first) > s.submitMaxAge {
		return nil, paperwire.Errorf(paperwire.EINVALID,
			"Paper %s was first published on %s, more than %s ago: only papers from the last %s can be submitted.",
			p.ID, formatDate(first), span(s.submitMaxAge), span(s.submitMaxAge))
	}
	err = s.submissions.Submit(ctx, paperwire.Submission{PaperID: p.ID, UserID: u.ID, UserName: u.Name, At: now})
	if paperwire.ErrorCode(err) == paperwire.ECONFLICT {
		// Someone else was faster: show what is there now.
		if again, rerr := s.papers.Paper(ctx, p.ID); rerr == nil && !again.SubmittedOn.IsZero() {
			return again, alreadySubmitted(again)
		}
		return p, err
	} else if err != nil {
		return nil, err
	}
	s.logger.InfoContext(r.Context(), "paper submitted", "paper_id", p.ID, "user", u.Name)
	return s.papers.Paper(ctx, p.ID)
}

// paperToSubmit returns the stored paper id, fetching it from arXiv (and
// storing it) when the server does not hold it yet and can fetch.
func (s *Server) paperToSubmit(ctx context.Context, id string) (*paperwire.Paper, error) {
	p, err := s.papers.Paper(ctx, id)
	if paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
		return p, err
	}
	if s.fetch == nil {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Paperwire has no paper %s, and this server does not fetch papers from arXiv.", id)
	}
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	p, err = s.fetch(fctx, id)
	switch paperwire.ErrorCode(err) {
	case "":
		return p, nil
	case paperwire.EINTERNAL:
		// The user reads that arXiv did not answer; the log gets why.
		return nil, fmt.Errorf("fetch %s: %v: %w", id, err,
			paperwire.Errorf(eunavailable, "Paperwire could not get %s from arXiv just now; please try again in a few minutes.", id))
	}
	return nil, err
}

// alreadySubmitted is the conflict of a paper that is on a list already,
// naming the day and who put it there.
func alreadySubmitted(p *paperwire.Paper) error {
	if p.SubmittedBy == "" {
		return paperwire.Errorf(paperwire.ECONFLICT, "Paper %s is already on the list of %s.", p.ID, formatDate(p.SubmittedOn))
	}
	return paperwire.Errorf(paperwire.ECONFLICT, "Paper %s is already on the list of %s, submitted by %s.",
		p.ID, formatDate(p.SubmittedOn), p.SubmittedBy)
}

// checkSubmitQuota refuses (ETOOMANY, with Retry-After) a user who has
// submitted SubmitPerDay papers in the last 24 hours.
func (s *Server) checkSubmitQuota(ctx context.Context, u *paperwire.User, now time.Time) error {
	n, err := s.submissions.SubmissionsSince(ctx, u.ID, now.Add(-submitWindow))
	if err != nil || n < s.submitPerDay {
		return err
	}
	wait, err := s.quotaWait(ctx, u, now)
	if err != nil {
		return err
	}
	return &retryError{after: wait, err: paperwire.Errorf(paperwire.ETOOMANY,
		"You have submitted %s in the last 24 hours, the most allowed; you can submit again in about %s.", plural(n, "paper"), span(wait))}
}

// quotaWait is how long until u may submit again, in whole hours, erring
// late so that Retry-After is never early: the first hour h after which
// fewer than SubmitPerDay of their submissions fall in the 24 hours before
// now+h. A binary search, five queries, run only for a refusal.
func (s *Server) quotaWait(ctx context.Context, u *paperwire.User, now time.Time) (time.Duration, error) {
	lo, hi := 1, int(submitWindow/time.Hour) // the answer is in [lo, hi]; at hi the window is empty
	for lo < hi {
		mid := (lo + hi) / 2
		n, err := s.submissions.SubmissionsSince(ctx, u.ID, now.Add(-submitWindow+time.Duration(mid)*time.Hour))
		if err != nil {
			return 0, err
		}
		if n < s.submitPerDay {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return time.Duration(lo) * time.Hour, nil
}

// submitsLeft is how many more papers u may submit now.
func (s *Server) submitsLeft(ctx context.Context, u *paperwire.User) (int, error) {
	n, err := s.submissions.SubmissionsSince(ctx, u.ID, s.now().Add(-submitWindow))
	return max(s.submitPerDay-n, 0), err
}

// picksURL is the community's list of the day a paper was submitted on,
// at its card.
func picksURL(p *paperwire.Paper) string {
	return periodURL(paperwire.Day(p.SubmittedOn)) + "?list=" + listPicks + "#" + cardAnchor(p.ID)
}

// span writes a duration for people: "14 days", "3 hours", "1 hour".
func span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day")
	case d >= time.Hour:
		return plural(int((d+time.Hour-1)/time.Hour), "hour")
	}
	return plural(int((d+time.Minute-1)/time.Minute), "minute")
}
