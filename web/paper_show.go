package web

import (
	"net/http"
	"net/url"

	"github.com/paperwire/paperwire"
)

// paperPage is the page of one paper.
type paperPage struct {
	Page
	Paper       *paperwire.Paper
	Submitted   string // first version's date, when known
	ListedURL   string // the day page that announced it
	ListedLabel string
	Categories  []navLink
	Versions    []versionRow
	DOIURL      string
	BibTeX      string
	Related     []card
	RelatedOn   bool // the Related slot is wired (a Searcher exists)
	Vote        voteButton
	// PickedURL is the community's list the paper is on, if any.
	PickedURL, PickedLabel, SubmitterURL string
	// OrgURL is its organization's page; Curation its links and collections.
	OrgURL   string
	Curation paperCuration
	// Authors link to author pages, with verified claims; Claimable says
	// the reader may claim one of them. Discussion is the comment section.
	Authors    []authorView
	Claimable  bool
	Discussion discussionView
}

type versionRow struct {
	Version int
	Date    string
}

// relatedLimit is how many related papers a paper page lists.
const relatedLimit = 5

// paperShow shows /papers/{id}. Ids are normalised: /papers/2410.12345v2 and
// /papers/arXiv:2410.12345 redirect to /papers/2410.12345; old-style ids keep
// their slash (/papers/hep-th/9901001).
func (s *Server) paperShow(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("id")
	if raw == "" {
		http.Redirect(w, r, "/", http.StatusFound)
		return
	}
	id, version, err := paperwire.ParseArxivID(raw)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Latest papers", URL: "/"})
		return
	}
	if version != 0 || id != raw || r.URL.EscapedPath() != paperURL(id) {
		http.Redirect(w, r, paperURL(id), http.StatusMovedPermanently)
		return
	}
	p, err := s.papers.Paper(r.Context(), id)
	if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "Paperwire has no paper %s yet.", id),
			navLink{Label: "Look for " + id + " on arXiv", URL: "https://arxiv.org/abs/" + id},
			navLink{Label: "Latest papers", URL: "/"})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}

	pg := paperPage{
		Page:      s.page(r, p.Title),
		Paper:     p,
		Submitted: formatDate(p.Submitted),
		BibTeX:    bibtex(p),
		RelatedOn: s.searcher != nil,
	}
	pg.Section = "paper"
	if !p.ListedOn.IsZero() {
		day := paperwire.Day(p.ListedOn)
		pg.ListedURL, pg.ListedLabel = periodURL(day), day.Label()
	}
	if !p.SubmittedOn.IsZero() {
		day := paperwire.Day(p.SubmittedOn)
		pg.PickedURL, pg.PickedLabel = picksURL(p), day.Label()
	}
	if p.SubmittedBy != "" {
		pg.SubmitterURL = userURL(p.SubmittedBy)
	}
	for _, c := range p.Categories {
		pg.Categories = append(pg.Categories, navLink{Label: c})
	}
	if pg.ListedURL != "" {
		for i := range pg.Categories {
			pg.Categories[i].URL = pg.ListedURL + "?cat=" + url.QueryEscape(pg.Categories[i].Label)
		}
	}
	for _, v := range p.Versions {
		pg.Versions = append(pg.Versions, versionRow{Version: v.Version, Date: formatDate(v.Created)})
	}
	if p.DOI != "" {
		pg.DOIURL = "https://doi.org/" + p.DOI
	}
	for _, rp := range s.related(r, id) {
		pg.Related = append(pg.Related, cardOf(rp))
	}
	ids := []string{p.ID}
	for _, c := range pg.Related {
		ids = append(ids, c.ID)
	}
	votes := s.votesFor(r, ids) // one query for the paper and its related papers
	pg.Vote = votes.button(p.ID, p.Upvotes, paperURL(p.ID))
	pg.Vote.Big = true
	for i := range pg.Related {
		pg.Related[i].Vote = votes.button(pg.Related[i].ID, pg.Related[i].Upvotes, paperURL(p.ID))
	}
	if p.Organization != nil {
		pg.OrgURL = orgURL(p.Organization.Name)
	}
	pg.Curation = s.paperCuration(r, p)
	pg.Authors = s.paperAuthors(r, p)
	pg.Claimable = claimable(pg.Authors)
	pg.Discussion = s.discussionFor(r, p)
	s.render(w, r, http.StatusOK, "paper", pg)
}

// related returns up to relatedLimit papers like id, for the paper page and
// its Markdown twin; nil without a Searcher or when it fails.
func (s *Server) related(r *http.Request, id string) []*paperwire.Paper {
	if s.searcher == nil {
		return nil
	}
	related, err := s.searcher.Related(r.Context(), id, relatedLimit)
	if err != nil {
		// The page is still worth showing without its related papers.
		s.logger.WarnContext(r.Context(), "related papers failed", "paper_id", id, "error", err)
	}
	return related
}
