package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

// authorPage is /authors/{name}: every paper with an author of that name
// (matched by paperwire.AuthorKey), newest first.
type authorPage struct {
	Page
	Name  string
	Stats paperwire.AuthorStats
	Users []navLink // accounts with a verified claim under this name
	Cards []card
	Pager pager
}

// maxAuthorName bounds the name in /authors/{name}: longer is no one's.
const maxAuthorName = 300

// authorURL is the page of an author name.
func authorURL(name string) string { return "/authors/" + url.PathEscape(name) }

// authorName reads and checks {name}.
func authorName(r *http.Request) (string, error) {
	name := strings.Join(strings.Fields(r.PathValue("name")), " ")
	if name == "" || utf8.RuneCountInString(name) > maxAuthorName || !utf8.ValidString(name) {
		return "", paperwire.Errorf(paperwire.EINVALID, "An author's name has 1 to %d characters.", maxAuthorName)
	}
	return name, nil
}

// authorShow shows /authors/{name}?p=. The heading spells the name as the
// newest paper does.
func (s *Server) authorShow(w http.ResponseWriter, r *http.Request) {
	name, err := authorName(r)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Latest papers", URL: "/"})
		return
	}
	page, err := pageParam(r)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "First page", URL: authorURL(name)})
		return
	}
	ctx := r.Context()
	papers, total, err := s.discussion.authors.AuthorPapers(ctx, name, (page-1)*s.pageSize, s.pageSize)
	if err == nil && total == 0 {
		err = paperwire.Errorf(paperwire.ENOTFOUND, "Paperwire has no papers by %s.", clipText(name, 80))
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Search for " + clipText(name, 80), URL: "/search?q=" + url.QueryEscape(name)})
		return
	}
	p := authorPage{Page: s.page(r, name), Name: spelling(papers, name)}
	p.Title = p.Name
	p.Pager = newPager(page, s.pageSize, total, len(papers), authorURL(name))
	if page > p.Pager.Pages {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page %d here.", page), navLink{Label: "First page", URL: authorURL(name)})
		return
	}
	if p.Stats, err = s.discussion.authors.AuthorStats(ctx, name); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, u := range p.Stats.Users {
		p.Users = append(p.Users, navLink{Label: u, URL: userURL(u)})
	}
	for _, pp := range papers {
		p.Cards = append(p.Cards, cardOf(pp))
	}
	p.Feeds = feedLinks("Papers by "+p.Name, authorURL(name), "")
	s.markVotes(r, pageURL(authorURL(name), page), p.Cards)
	s.render(w, r, http.StatusOK, "author", p)
}

// spelling is how papers spell the author whose key is name's: the
// newest paper's spelling, or name itself.
func spelling(papers []*paperwire.Paper, name string) string {
	key := paperwire.AuthorKey(name)
	for _, p := range papers {
		for _, a := range p.Authors {
			if paperwire.AuthorKey(a) == key {
				return a
			}
		}
	}
	return name
}

// authorFeed follows /authors/{name}: the newest feedSize papers.
func (s *Server) authorFeed(r *http.Request) (*feedDoc, error) {
	name, err := authorName(r)
	if err != nil {
		return nil, err
	}
	papers, total, err := s.discussion.authors.AuthorPapers(r.Context(), name, 0, feedSize)
	if err != nil {
		return nil, err
	}
	if total == 0 {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Paperwire has no papers by %s.", clipText(name, 80))
	}
	name = spelling(papers, name)
	return &feedDoc{
		Title:       "Papers by " + name + " · Paperwire",
		Description: "The newest papers by " + name + ".",
		Page:        authorURL(name),
		Papers:      papers,
	}, nil
}
