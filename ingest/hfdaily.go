package ingest

import (
	"github.com/paperwire/paperwire"
)

// hfItem is one element of Hugging Face's GET /api/daily_papers answer: the
// arXiv paper plus the daily list's community data.
type hfItem struct {
	Paper struct {
		ID      string `json:"id"`
		Authors []struct {
			Name string `json:"name"`
		} `json:"authors"`
		PublishedAt string      `json:"publishedAt"`
		Title       string      `json:"title"`
		Summary     string      `json:"summary"`
		Upvotes     flexInt     `json:"upvotes"`
		GitHubRepo  string      `json:"githubRepo"`
		GitHubStars flexInt     `json:"githubStars"`
		ProjectPage string      `json:"projectPage"`
		AISummary   string      `json:"ai_summary"`
		AIKeywords  flexStrings `json:"ai_keywords"`
	} `json:"paper"`
	PublishedAt string  `json:"publishedAt"`
	Title       string  `json:"title"`
	Summary     string  `json:"summary"`
	NumComments flexInt `json:"numComments"`
	SubmittedBy *struct {
		Name     string `json:"name"`
		Fullname string `json:"fullname"`
	} `json:"submittedBy"`
	Organization *struct {
		Name     string `json:"name"`
		Fullname string `json:"fullname"`
	} `json:"organization"`
}

// parseHFItem parses one daily_papers item. The item's top-level publishedAt
// is the day HF listed it, which becomes the listing day unless overridden;
// the paper's own publishedAt is its arXiv submission time.
func parseHFItem(item []byte, ps *parseState) (*Record, error) {
	var h hfItem
	if err := decodeJSON(item, &h); err != nil {
		return nil, skipf(ReasonMalformed, "%v", err)
	}
	r := &Record{}
	p := &h.Paper
	r.ID = p.ID
	r.Title = firstNonEmpty(p.Title, h.Title)
	r.Abstract = firstNonEmpty(p.Summary, h.Summary)
	for _, a := range p.Authors {
		r.Authors = append(r.Authors, a.Name)
	}
	var err error
	if r.Submitted, err = parseDate("paper publishedAt", p.PublishedAt); err != nil {
		return nil, err
	}
	if r.ListedOn = ps.listedOn; r.ListedOn.IsZero() {
		if r.ListedOn, err = parseDate("publishedAt", h.PublishedAt); err != nil {
			return nil, err
		}
	}
	r.Upvotes, r.NumComments, r.GitHubStars = int(p.Upvotes), int(h.NumComments), int(p.GitHubStars)
	r.GitHubRepo, r.ProjectPage, r.AISummary, r.AIKeywords = p.GitHubRepo, p.ProjectPage, p.AISummary, p.AIKeywords
	if h.SubmittedBy != nil {
		r.SubmittedBy = h.SubmittedBy.Name
	}
	// Every item of a Hugging Face daily list is a community pick of its day.
	r.SubmittedOn = paperwire.Day(r.ListedOn).Start
	if o := h.Organization; o != nil {
		r.Organization = &paperwire.Organization{Name: o.Name, Fullname: o.Fullname}
	}
	return r, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
