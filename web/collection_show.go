package web

import (
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// collectionPage is /collections/{user}/{slug}: a collection's papers in
// order, with their notes; its owner also gets the forms that edit it.
type collectionPage struct {
	Page
	C        *paperwire.Collection
	URL      string
	OwnerURL string
	Own      bool
	Items    []collectionItemRow
	Notice   string
}

// collectionItemRow is one paper of a collection as its page shows it.
type collectionItemRow struct {
	Card        card
	Note        string
	Position    int
	First, Last bool
}

var collectionNotices = map[string]string{
	"created": "Your collection is ready. Add papers from any paper's page or list.",
	"saved":   "Saved.",
	"added":   "The paper is in the collection.",
}

// viewerID is the id of r's viewer, 0 for a visitor.
func viewerID(r *http.Request) int64 {
	if v := Viewer(r); v != nil {
		return v.ID
	}
	return 0
}

// pathCollection is the collection a /collections/{user}/{slug} path names,
// as r's viewer sees it: a private one is ENOTFOUND to anyone but its owner.
func (s *Server) pathCollection(r *http.Request) (*paperwire.Collection, error) {
	return s.curation.collections.Collection(r.Context(), viewerID(r), r.PathValue("user"), r.PathValue("slug"))
}

// collectionShow shows a collection; a private one only to its owner
// (404 to everyone else, as if it did not exist), never cached.
func (s *Server) collectionShow(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathCollection(r)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Today's papers", URL: "/"})
		return
	}
	if c.Owner != r.PathValue("user") {
		http.Redirect(w, r, collectionURL(c), http.StatusMovedPermanently)
		return
	}
	items, err := s.curation.collections.CollectionItems(r.Context(), viewerID(r), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := collectionPage{Page: s.page(r, c.Title), C: c, URL: collectionURL(c), OwnerURL: userURL(c.Owner),
		Own: viewerID(r) == c.OwnerID, Notice: collectionNotices[r.URL.Query().Get("done")]}
	if !c.Private {
		p.Feeds = feedLinks(c.Title+" · "+c.Owner+" · Paperwire", p.URL, "")
	}
	cards := make([]card, len(items))
	for i, it := range items {
		cards[i] = cardOf(it.Paper)
	}
	s.markVotes(r, p.URL, cards)
	for i, it := range items {
		p.Items = append(p.Items, collectionItemRow{Card: cards[i], Note: it.Note, Position: i, First: i == 0, Last: i == len(items)-1})
	}
	if c.Private || p.Own {
		noStore(w)
	}
	s.render(w, r, http.StatusOK, "collection", p)
}

// collectionFeed follows a public collection, in its order. A private
// one has no feed: 404, whoever asks, with or without a session.
func (s *Server) collectionFeed(r *http.Request) (*feedDoc, error) {
	cs := s.curation.collections
	c, err := cs.Collection(r.Context(), 0, r.PathValue("user"), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	items, err := cs.CollectionItems(r.Context(), 0, c.ID)
	if err != nil {
		return nil, err
	}
	d := &feedDoc{Title: c.Title + " · " + c.Owner + " · Paperwire", Description: c.Description, Page: collectionURL(c)}
	if d.Description == "" {
		d.Description = "A collection of papers by " + c.Owner + "."
	}
	for i, it := range items {
		if i == feedSize {
			break
		}
		d.Papers = append(d.Papers, it.Paper)
	}
	return d, nil
}

// profileCollectionsPage is /u/{name}/collections.
type profileCollectionsPage struct {
	Page
	Name        string
	Initial     string
	Own         bool
	Tabs        []navLink
	Collections []collectionRow
}

// profileCollections lists a user's collections: the public ones, and to
// the user also the private ones.
func (s *Server) profileCollections(w http.ResponseWriter, r *http.Request) {
	viewer := Viewer(r)
	u, err := s.users.UserByName(r.Context(), r.PathValue("name"))
	if err == nil && u.Disabled && (viewer == nil || !viewer.Admin) {
		err = paperwire.Errorf(paperwire.ENOTFOUND, "")
	}
	if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
		err = paperwire.Errorf(paperwire.ENOTFOUND, "There is no user called %s.", clipText(r.PathValue("name"), 40))
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Today's papers", URL: "/"})
		return
	}
	base := "/u/" + u.Name
	if u.Name != r.PathValue("name") {
		http.Redirect(w, r, base+"/collections", http.StatusMovedPermanently)
		return
	}
	cols, err := s.curation.collections.UserCollections(r.Context(), viewerID(r), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := profileCollectionsPage{Page: s.page(r, u.Name+"'s collections"), Name: u.Name, Initial: initialOf(u.Name),
		Own: viewer != nil && viewer.ID == u.ID}
	p.Tabs = []navLink{{Label: "Submissions", URL: base}}
	if s.votes != nil && (u.ShowUpvotes || p.Own) {
		p.Tabs = append(p.Tabs, navLink{Label: "Upvotes", URL: base + "/upvotes"})
	}
	p.Tabs = append(p.Tabs, navLink{Label: "Collections", URL: base + "/collections", Current: true})
	for _, c := range cols {
		p.Collections = append(p.Collections, collectionRowOf(c))
	}
	if p.Own {
		noStore(w)
	}
	s.render(w, r, http.StatusOK, "profile_collections", p)
}

// formID reads a positive integer id from a form field; EINVALID otherwise.
func formID(r *http.Request, key string) (int64, error) {
	id, err := strconv.ParseInt(formValue(r, key), 10, 64)
	if err != nil || id <= 0 {
		return 0, paperwire.Errorf(paperwire.EINVALID, "Choose a collection.")
	}
	return id, nil
}
