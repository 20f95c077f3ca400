package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/paperwire/paperwire"
)

// Page is what the layout needs on every page.
type Page struct {
	Title   string // first part of <title>; the site name is appended
	Query   string // the search box's value
	Section string // "papers", "search", "paper" or "": marks the current nav item
	Search  bool   // whether search is configured (the box shows either way)
	// Viewer is the signed-in user, nil for a visitor. Accounts says
	// whether this server has accounts at all (sign-in links show).
	Viewer   *paperwire.User
	Accounts bool
	Signup   bool // visitors may create accounts
	// Feeds are the page's Atom and RSS feeds (feedLinks), advertised in
	// <head>; empty for a page without one.
	Feeds []FeedLink
	// Subscribe shows the digest's subscribe form: mail is on.
	Subscribe bool
	// Reset shows "Forgot your password?" on the sign-in page.
	Reset bool
}

// navLink is a labelled link; Current marks the one the user is on.
type navLink struct {
	Label   string
	URL     string
	Current bool
	Count   int
}

// card is one paper in a list, with what the reference page shows.
type card struct {
	ID           string
	URL          string
	Title        string
	Abstract     string
	Authors      int
	Date         time.Time
	Category     string
	CategoryURL  string // the list filtered to Category, where it makes sense
	Upvotes      int
	Organization string
	Withdrawn    bool
	Snippet      []Span // highlighted text from search, when present
	TitleSpans   []Span // highlighted title from search, when present
	// Vote is the upvote button as the viewer sees it (see markVotes).
	Vote voteButton
	// SubmittedBy is who put the paper on the community's list, if anyone;
	// SubmitterURL their profile.
	SubmittedBy  string
	SubmitterURL string
	// OrgURL is the organization's page; RepoURL and Stars the paper's
	// code and its GitHub stars as last imported; SaveURL, for a signed-in
	// viewer, the page that saves the paper into a collection.
	OrgURL  string
	RepoURL string
	Stars   int
	SaveURL string
	// AuthorLinks are the first cardAuthors authors, linked to their
	// pages; Comments is the paper's numComments.
	AuthorLinks []navLink
	Comments    int
}

// cardAuthors is how many author names a card shows before "N authors".
const cardAuthors = 3

// pager is a list's page navigation; empty URLs mean no such page.
type pager struct {
	Page, Pages int // 1-based for people
	From, To    int // 1-based positions shown
	Total       int
	Prev, Next  string
}

func (s *Server) page(r *http.Request, title string) Page {
	return Page{Title: title, Search: s.searcher != nil, Viewer: Viewer(r), Accounts: s.users != nil,
		Signup: s.users != nil && s.signupOpen, Subscribe: s.mailOn(),
		Reset: s.mail != nil && s.users != nil}
}

// cardOf builds a card from a paper.
func cardOf(p *paperwire.Paper) card {
	c := card{
		ID:        p.ID,
		URL:       paperURL(p.ID),
		Title:     p.Title,
		Abstract:  p.Abstract,
		Authors:   len(p.Authors),
		Date:      paperDate(p),
		Category:  p.PrimaryCategory(),
		Upvotes:   p.Upvotes,
		Withdrawn: p.Withdrawn,
		Vote:      voteButton{ID: p.ID, Count: p.Upvotes},
		Comments:  p.NumComments,
	}
	for _, a := range p.Authors[:min(len(p.Authors), cardAuthors)] {
		c.AuthorLinks = append(c.AuthorLinks, navLink{Label: a, URL: authorURL(a)})
	}
	if p.SubmittedBy != "" {
		c.SubmittedBy, c.SubmitterURL = p.SubmittedBy, userURL(p.SubmittedBy)
	}
	if p.Organization != nil {
		c.Organization = p.Organization.Fullname
		if c.Organization == "" {
			c.Organization = p.Organization.Name
		}
		c.OrgURL = orgURL(p.Organization.Name)
	}
	c.RepoURL, c.Stars = p.GitHubRepo, p.GitHubStars
	return c
}

// paperDate is the date a card shows: the first version's, else the listing day.
func paperDate(p *paperwire.Paper) time.Time {
	if !p.Submitted.IsZero() {
		return p.Submitted
	}
	return p.ListedOn
}

// paperURL is the site's page for an id; old-style ids keep their slash.
func paperURL(id string) string { return "/papers/" + id }

// userURL is a user's profile page.
func userURL(name string) string { return "/u/" + url.PathEscape(name) }

// periodURL is the list page of a period.
func periodURL(p paperwire.Period) string { return "/papers/" + p.Kind + "/" + p.String() }

// dayPeriod is the day period of t.
func dayPeriod(t time.Time) paperwire.Period { return paperwire.Day(t) }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func pageSuffix(n int) string {
	if n <= 1 {
		return ""
	}
	return "&p=" + strconv.Itoa(n)
}
