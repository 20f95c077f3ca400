package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/paperwire/paperwire"
)

// The JSON shapes follow Hugging Face's Daily Papers API so its clients work
// against Paperwire unchanged. Optional HF fields are omitted when unknown.

// apiDailyPaper is one item of GET /api/daily_papers.
type apiDailyPaper struct {
	Paper        apiPaper `json:"paper"`
	PublishedAt  hfTime   `json:"publishedAt"` // the day of the list it is on (see apiDailyPaperOf)
	Title        string   `json:"title"`
	Summary      string   `json:"summary"`
	NumComments  int      `json:"numComments"`
	SubmittedBy  *apiUser `json:"submittedBy,omitempty"`
	Organization *apiOrg  `json:"organization,omitempty"`
}

// apiPaper is HF's paper object, also the body of GET /api/papers/{id}.
type apiPaper struct {
	ID          string      `json:"id"`
	Authors     []apiAuthor `json:"authors"`
	PublishedAt hfTime      `json:"publishedAt"` // the first version's date
	// SubmittedOnDailyAt and SubmittedOnDailyBy say when and by whom the
	// paper went on the community's list; absent when it never did.
	SubmittedOnDailyAt *hfTime  `json:"submittedOnDailyAt,omitempty"`
	SubmittedOnDailyBy *apiUser `json:"submittedOnDailyBy,omitempty"`
	Title              string   `json:"title"`
	Summary            string   `json:"summary"`
	Upvotes            int      `json:"upvotes"`
	GithubRepo         string   `json:"githubRepo,omitempty"`
	GithubStars        *int     `json:"githubStars,omitempty"`
	ProjectPage        string   `json:"projectPage,omitempty"`
	AISummary          string   `json:"ai_summary,omitempty"`
	AIKeywords         []string `json:"ai_keywords,omitempty"`
	Organization       *apiOrg  `json:"organization,omitempty"`
	// NumComments counts the paper's discussion here (HF's name for it).
	NumComments int `json:"numComments"`
}

// apiAuthor is HF's author object. User, Status and StatusLastChangedAt
// appear once an admin verified a user's claim on the author; Hidden says
// that user keeps the paper off their profile.
type apiAuthor struct {
	Name                string   `json:"name"`
	Hidden              bool     `json:"hidden"`
	User                *apiUser `json:"user,omitempty"`
	Status              string   `json:"status,omitempty"`
	StatusLastChangedAt *hfTime  `json:"statusLastChangedAt,omitempty"`
}

// apiUser is HF's submittedBy object, reduced to what Paperwire knows.
// Name and User both carry the user name: HF's schema has both, and
// huggingface_hub reads the user name from "user".
type apiUser struct {
	Name     string `json:"name"`
	Fullname string `json:"fullname"`
	User     string `json:"user"`
}

// apiUserOf is the API's view of a user name; nil for none.
func apiUserOf(name string) *apiUser {
	if name == "" {
		return nil
	}
	return &apiUser{Name: name, Fullname: name, User: name}
}

type apiOrg struct {
	Name     string `json:"name"`
	Fullname string `json:"fullname"`
}

type apiError struct {
	Error string `json:"error"`
}

// hfTime marshals like HF's timestamps: UTC with milliseconds,
// "2024-10-22T17:59:30.000Z"; the zero time is null.
type hfTime time.Time

func (t hfTime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(tt.UTC().Format(hfTimeLayout))), nil
}

const hfTimeLayout = "2006-01-02T15:04:05.000Z"

func (t *hfTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = hfTime{}
		return nil
	}
	var tt time.Time
	if err := json.Unmarshal(b, &tt); err != nil {
		return err
	}
	*t = hfTime(tt)
	return nil
}

func apiPaperOf(p *paperwire.Paper) apiPaper {
	a := apiPaper{
		ID:          p.ID,
		Authors:     make([]apiAuthor, len(p.Authors)),
		PublishedAt: hfTime(paperDate(p)),
		Title:       p.Title,
		Summary:     p.Abstract,
		Upvotes:     p.Upvotes,
		GithubRepo:  p.GitHubRepo,
		ProjectPage: p.ProjectPage,
		AISummary:   p.AISummary,
		AIKeywords:  p.AIKeywords,
		NumComments: p.NumComments,
	}
	for i, name := range p.Authors {
		a.Authors[i].Name = name
	}
	if !p.SubmittedOn.IsZero() {
		at := hfTime(p.SubmittedOn)
		a.SubmittedOnDailyAt = &at
	}
	a.SubmittedOnDailyBy = apiUserOf(p.SubmittedBy)
	if p.GitHubRepo != "" || p.GitHubStars != 0 {
		stars := p.GitHubStars
		a.GithubStars = &stars
	}
	if p.Organization != nil && (p.Organization.Name != "" || p.Organization.Fullname != "") {
		a.Organization = &apiOrg{Name: p.Organization.Name, Fullname: p.Organization.Fullname}
	}
	return a
}

// apiDailyPaperOf is p as an item of a list. Its publishedAt is the day the
// list groups it by: the day it was submitted on the community's picks
// (onPicks), the day arXiv announced it otherwise.
func apiDailyPaperOf(p *paperwire.Paper, onPicks bool) apiDailyPaper {
	listed := p.ListedOn
	if onPicks && !p.SubmittedOn.IsZero() {
		listed = p.SubmittedOn
	}
	d := apiDailyPaper{
		Paper:       apiPaperOf(p),
		PublishedAt: hfTime(listed),
		Title:       p.Title,
		Summary:     p.Abstract,
		NumComments: p.NumComments,
	}
	d.SubmittedBy = apiUserOf(p.SubmittedBy)
	if p.Organization != nil && (p.Organization.Name != "" || p.Organization.Fullname != "") {
		d.Organization = &apiOrg{Name: p.Organization.Name, Fullname: p.Organization.Fullname}
	}
	return d
}

// writeJSON encodes v with status. API responses may be read from any origin:
// they are public, read-only and carry no credentials.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := getBodyBuffer()
	defer putBodyBuffer(buf)
	if a, ok := v.(apiDailyPapers); ok {
		buf.Write(a.appendJSON(buf.AvailableBuffer()))
	} else if err := json.NewEncoder(buf).Encode(v); err != nil {
		noteError(r, err)
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"Internal error."}` + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", corsExposed)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes()) //nolint:errcheck // the client went away; nothing to do
	}
}
