package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// The collection forms work without JavaScript: each posts, changes one
// thing and goes back (303) to the page that shows it. Writes reach the
// store with the viewer's id, which refuses anything but their own
// collections; a private one of someone else's is 404, like no collection.

// collectionFormPage is /collections/new and /collections/add?paper=…:
// make a collection, or save a paper into one (a new one included).
type collectionFormPage struct {
	Page
	Paper *paperwire.Paper // the paper to save, on the add page
	Mine  []collectionRow
	Title string
	Desc  string
	Note  string
	Error string
}

// collectionNew shows the form that makes a collection.
func (s *Server) collectionNew(w http.ResponseWriter, r *http.Request) {
	if s.requireUser(w, r) == nil {
		return
	}
	noStore(w)
	s.render(w, r, http.StatusOK, "collection_new", collectionFormPage{Page: s.page(r, "New collection")})
}

// collectionCreate is POST /collections (title, description, private).
func (s *Server) collectionCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	c := &paperwire.Collection{OwnerID: u.ID, Title: formValue(r, "title"), Description: formValue(r, "description"),
		Private: r.PostForm.Get("private") != ""}
	if err := s.curation.collections.CreateCollection(r.Context(), c); err != nil {
		st, msg := formError(r, err)
		s.render(w, r, st, "collection_new", collectionFormPage{Page: s.page(r, "New collection"), Title: c.Title, Desc: c.Description, Error: msg})
		return
	}
	http.Redirect(w, r, collectionURL(c)+"?done=created", http.StatusSeeOther)
}

// collectionAddShow is the "Save" link of a card: choose a collection (or
// name a new one) for the paper ?paper=.
func (s *Server) collectionAddShow(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	p := s.addPage(r, u, r.URL.Query().Get("paper"))
	if p.Paper == nil {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "%s", p.Error), navLink{Label: "Today's papers", URL: "/"})
		return
	}
	noStore(w)
	s.render(w, r, http.StatusOK, "collection_add", p)
}

// addPage is the add form for raw (a paper id) and u's collections;
// Paper is nil and Error says why when there is no such paper.
func (s *Server) addPage(r *http.Request, u *paperwire.User, raw string) collectionFormPage {
	p := collectionFormPage{Page: s.page(r, "Save to a collection")}
	id, _, err := paperwire.ParseArxivID(raw)
	if err == nil {
		p.Paper, err = s.papers.Paper(r.Context(), id)
	}
	if err != nil {
		p.Paper, p.Error = nil, "There is no such paper here."
		return p
	}
	mine, err := s.curation.collections.UserCollections(r.Context(), u.ID, u.ID)
	if err != nil {
		s.logger.Warn("own collections failed", "user_id", u.ID, "error", err)
	}
	for _, c := range mine {
		p.Mine = append(p.Mine, collectionRowOf(c))
	}
	return p
}

// collectionAdd is POST /collections/add (paper, collection: an id or
// "new" with a title, note): it saves the paper and shows the collection.
func (s *Server) collectionAdd(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	cs := s.curation.collections
	id, _, err := paperwire.ParseArxivID(formValue(r, "paper"))
	var c *paperwire.Collection
	if err == nil {
		if choice := formValue(r, "collection"); choice == "new" || choice == "" {
			c = &paperwire.Collection{OwnerID: u.ID, Title: formValue(r, "title"), Private: r.PostForm.Get("private") != ""}
			if _, err = s.papers.Paper(r.Context(), id); err == nil {
				err = cs.CreateCollection(r.Context(), c)
			}
		} else {
			var cid int64
			if cid, err = formID(r, "collection"); err == nil {
				c, err = cs.CollectionByID(r.Context(), u.ID, cid)
			}
		}
	}
	if err == nil {
		err = cs.AddToCollection(r.Context(), u.ID, c.ID, id, r.PostForm.Get("note"))
	}
	if err != nil {
		st, msg := formError(r, err)
		p := s.addPage(r, u, formValue(r, "paper"))
		if p.Paper == nil {
			s.fail(w, r, err, navLink{Label: "Today's papers", URL: "/"})
			return
		}
		p.Title, p.Note, p.Error = formValue(r, "title"), r.PostForm.Get("note"), msg
		s.render(w, r, st, "collection_add", p)
		return
	}
	s.changed()
	http.Redirect(w, r, collectionURL(c)+"?done=added#"+cardAnchor(id), http.StatusSeeOther)
}

// collectionUpdate is POST /collections/{user}/{slug}: action=update
// (title, description, private) or action=delete.
func (s *Server) collectionUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	c, err := s.pathCollection(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := collectionURL(c)
	switch r.PostForm.Get("action") {
	case "update":
		c.Title, c.Description, c.Private = formValue(r, "title"), formValue(r, "description"), r.PostForm.Get("private") != ""
		err = s.curation.collections.UpdateCollection(r.Context(), u.ID, c)
		back += "?done=saved"
	case "delete":
		err = s.curation.collections.DeleteCollection(r.Context(), u.ID, c.ID)
		back = userURL(u.Name) + "/collections"
	default:
		err = paperwire.Errorf(paperwire.EINVALID, "A collection form sends action=update or action=delete.")
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Back to the collection", URL: collectionURL(c)})
		return
	}
	s.changed()
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// collectionItemUpdate is POST /collections/{user}/{slug}/items: for the
// paper named, action=note (with note), up, down or remove.
func (s *Server) collectionItemUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	c, err := s.pathCollection(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs := s.curation.collections
	id, _, err := paperwire.ParseArxivID(formValue(r, "paper"))
	if err == nil {
		switch r.PostForm.Get("action") {
		case "note":
			err = cs.SetItemNote(r.Context(), u.ID, c.ID, id, r.PostForm.Get("note"))
		case "up", "down":
			err = s.moveItem(r, u, c, id, r.PostForm.Get("action") == "up")
		case "remove":
			err = cs.RemoveFromCollection(r.Context(), u.ID, c.ID, id)
		default:
			err = paperwire.Errorf(paperwire.EINVALID, "An item form sends action=note, up, down or remove.")
		}
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Back to the collection", URL: collectionURL(c)})
		return
	}
	s.changed()
	http.Redirect(w, r, collectionURL(c)+"#"+cardAnchor(id), http.StatusSeeOther)
}

// moveItem moves a paper one place up or down in c.
func (s *Server) moveItem(r *http.Request, u *paperwire.User, c *paperwire.Collection, id string, up bool) error {
	cs := s.curation.collections
	items, err := cs.CollectionItems(r.Context(), u.ID, c.ID)
	if err != nil {
		return err
	}
	for i, it := range items {
		if it.Paper.ID == id {
			to := i + 1
			if up {
				to = max(i-1, 0)
			}
			return cs.MoveItem(r.Context(), u.ID, c.ID, id, to)
		}
	}
	return paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s is not in this collection.", id)
}
