package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// The collections API follows Hugging Face's collections API where it
// has a shape: a collection is {"slug": "owner/slug", "title", …, "items":
// [{"type": "paper", "id", "position", "note": {"text"}}]}. Reads show
// what the caller may see (a token's owner also sees their private ones);
// writes need a token (or session) and the caller's own collection.

type apiCollection struct {
	Slug        string              `json:"slug"` // "owner/slug"
	Title       string              `json:"title"`
	Description string              `json:"description"`
	Private     bool                `json:"private"`
	Owner       apiCollectionOwner  `json:"owner"`
	URL         string              `json:"url"`
	NumItems    int                 `json:"numItems"`
	CreatedAt   hfTime              `json:"createdAt"`
	LastUpdated hfTime              `json:"lastUpdated"`
	Items       []apiCollectionItem `json:"items,omitempty"`
}

type apiCollectionOwner struct {
	Name string `json:"name"`
	Type string `json:"type"` // "user"
}

type apiCollectionItem struct {
	Type     string   `json:"type"` // "paper"
	ID       string   `json:"id"`
	Position int      `json:"position"`
	Note     *apiNote `json:"note,omitempty"`
	Paper    apiPaper `json:"paper"`
}

type apiNote struct {
	Text string `json:"text"`
}

func apiCollectionOf(c *paperwire.Collection, items []paperwire.CollectionItem) apiCollection {
	a := apiCollection{Slug: c.Owner + "/" + c.Slug, Title: c.Title, Description: c.Description, Private: c.Private,
		Owner: apiCollectionOwner{Name: c.Owner, Type: "user"}, URL: collectionURL(c), NumItems: c.Items,
		CreatedAt: hfTime(c.CreatedAt), LastUpdated: hfTime(c.UpdatedAt)}
	for _, it := range items {
		ai := apiCollectionItem{Type: "paper", ID: it.Paper.ID, Position: it.Position, Paper: apiPaperOf(it.Paper)}
		if it.Note != "" {
			ai.Note = &apiNote{Text: it.Note}
		}
		a.Items = append(a.Items, ai)
	}
	return a
}

// apiCollectionsList answers GET /api/collections?owner=NAME (that user's
// collections the caller may see) or ?item=papers/ID (the public
// collections holding a paper), newest change first.
func (s *Server) apiCollectionsList(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	cs := s.curation.collections
	var cols []*paperwire.Collection
	var err error
	switch owner, item := q.Get("owner"), q.Get("item"); {
	case owner != "":
		var u *paperwire.User
		if u, err = s.users.UserByName(ctx, owner); err == nil && !u.Disabled {
			cols, err = cs.UserCollections(ctx, viewerID(r), u.ID)
		} else if err == nil || paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
			err = paperwire.Errorf(paperwire.ENOTFOUND, "There is no user called %s.", clipText(owner, 40))
		}
	case item != "":
		id, _, perr := paperwire.ParseArxivID(strings.TrimPrefix(item, "papers/"))
		if err = perr; err == nil {
			cols, _, err = cs.PaperCollections(ctx, id, 100)
		}
	default:
		err = paperwire.Errorf(paperwire.EINVALID, "Say whose collections: ?owner=NAME, or which paper's: ?item=papers/ID.")
	}
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	out := make([]apiCollection, 0, len(cols))
	for _, c := range cols {
		out = append(out, apiCollectionOf(c, nil))
	}
	noStore(w)
	s.writeJSON(w, r, http.StatusOK, out)
}

// apiPathCollection is the collection of an API path, with its items, as r's viewer sees it.
func (s *Server) apiPathCollection(r *http.Request) (*paperwire.Collection, []paperwire.CollectionItem, error) {
	c, err := s.pathCollection(r)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.curation.collections.CollectionItems(r.Context(), viewerID(r), c.ID)
	return c, items, err
}

// apiCollectionShow answers GET /api/collections/{user}/{slug}: 404 for a
// private collection of someone else's.
func (s *Server) apiCollectionShow(w http.ResponseWriter, r *http.Request) {
	c, items, err := s.apiPathCollection(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	noStore(w)
	s.writeJSON(w, r, http.StatusOK, apiCollectionOf(c, items))
}

// collectionRequest is the body of POST /api/collections and PATCH
// /api/collections/{user}/{slug}; absent fields stay as they are.
type collectionRequest struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Private     *bool   `json:"private"`
	Namespace   string  `json:"namespace"` // HF's: the owner; only the caller's own name
}

// apiCollectionCreate answers POST /api/collections {"title",
// "description", "private"}: 201 with the collection.
func (s *Server) apiCollectionCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	var req collectionRequest
	if err := readJSONBody(w, r, &req); err != nil {
		s.failJSON(w, r, err)
		return
	}
	if req.Namespace != "" && !strings.EqualFold(req.Namespace, u.Name) {
		s.failJSON(w, r, paperwire.Errorf(paperwire.EFORBIDDEN, "You can make collections under your own name only."))
		return
	}
	if s.writeLimited(w, r, u) {
		return
	}
	c := &paperwire.Collection{OwnerID: u.ID}
	if req.Title != nil {
		c.Title = *req.Title
	}
	if req.Description != nil {
		c.Description = *req.Description
	}
	c.Private = req.Private != nil && *req.Private
	if err := s.curation.collections.CreateCollection(r.Context(), c); err != nil {
		s.failJSON(w, r, err)
		return
	}
	w.Header().Set("Location", "/api"+collectionURL(c))
	s.writeJSON(w, r, http.StatusCreated, apiCollectionOf(c, nil))
}

// apiCollectionWrite runs change on the path's collection as the caller
// and answers with the collection as it is after (status), or 204 for nil
// status. 401 without a token, 404 for an unknown (or someone else's
// private) collection, 403 for someone else's public one.
func (s *Server) apiCollectionWrite(w http.ResponseWriter, r *http.Request, body any, status int,
	change func(u *paperwire.User, c *paperwire.Collection) error) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	if body != nil {
		if err := readJSONBody(w, r, body); err != nil {
			s.failJSON(w, r, err)
			return
		}
	}
	c, err := s.pathCollection(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	if s.writeLimited(w, r, u) {
		return
	}
	if err := change(u, c); err != nil {
		s.failJSON(w, r, err)
		return
	}
	s.changed()
	noStore(w)
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	c, items, err := s.apiPathCollection(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	s.writeJSON(w, r, status, apiCollectionOf(c, items))
}

// apiCollectionUpdate answers PATCH /api/collections/{user}/{slug}.
func (s *Server) apiCollectionUpdate(w http.ResponseWriter, r *http.Request) {
	var req collectionRequest
	s.apiCollectionWrite(w, r, &req, http.StatusOK, func(u *paperwire.User, c *paperwire.Collection) error {
		if req.Title != nil {
			c.Title = *req.Title
		}
		if req.Description != nil {
			c.Description = *req.Description
		}
		if req.Private != nil {
			c.Private = *req.Private
		}
		return s.curation.collections.UpdateCollection(r.Context(), u.ID, c)
	})
}

// apiCollectionDelete answers DELETE /api/collections/{user}/{slug}: 204.
func (s *Server) apiCollectionDelete(w http.ResponseWriter, r *http.Request) {
	s.apiCollectionWrite(w, r, nil, http.StatusNoContent, func(u *paperwire.User, c *paperwire.Collection) error {
		return s.curation.collections.DeleteCollection(r.Context(), u.ID, c.ID)
	})
}

// itemRequest is the body of POST …/items, HF's {"item": {"type":
// "paper", "id"}, "note"}, and of PATCH …/items/{id} {"note", "position"}.
type itemRequest struct {
	Item *struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"item"`
	Note     *string `json:"note"`
	Position *int    `json:"position"`
}

// apiCollectionItemAdd answers POST /api/collections/{user}/{slug}/items:
// 201 with the collection; 409 when the paper is in it already.
func (s *Server) apiCollectionItemAdd(w http.ResponseWriter, r *http.Request) {
	var req itemRequest
	s.apiCollectionWrite(w, r, &req, http.StatusCreated, func(u *paperwire.User, c *paperwire.Collection) error {
		if req.Item == nil || (req.Item.Type != "paper" && req.Item.Type != "") {
			return paperwire.Errorf(paperwire.EINVALID, `Send {"item": {"type": "paper", "id": "2501.01234"}}: collections hold papers.`)
		}
		id, _, err := paperwire.ParseArxivID(req.Item.ID)
		if err != nil {
			return err
		}
		note := ""
		if req.Note != nil {
			note = *req.Note
		}
		return s.curation.collections.AddToCollection(r.Context(), u.ID, c.ID, id, note)
	})
}

// apiCollectionItemUpdate answers PATCH …/items/{id} {"note", "position"}.
func (s *Server) apiCollectionItemUpdate(w http.ResponseWriter, r *http.Request) {
	var req itemRequest
	s.apiCollectionWrite(w, r, &req, http.StatusOK, func(u *paperwire.User, c *paperwire.Collection) error {
		id, _, err := paperwire.ParseArxivID(r.PathValue("id"))
		if err != nil {
			return err
		}
		if req.Note == nil && req.Position == nil {
			return paperwire.Errorf(paperwire.EINVALID, `Send {"note": …} or {"position": N} (0 is first).`)
		}
		cs := s.curation.collections
		if req.Note != nil {
			if err := cs.SetItemNote(r.Context(), u.ID, c.ID, id, *req.Note); err != nil {
				return err
			}
		}
		if req.Position != nil {
			return cs.MoveItem(r.Context(), u.ID, c.ID, id, *req.Position)
		}
		return nil
	})
}

// apiCollectionItemDelete answers DELETE …/items/{id}: 204.
func (s *Server) apiCollectionItemDelete(w http.ResponseWriter, r *http.Request) {
	s.apiCollectionWrite(w, r, nil, http.StatusNoContent, func(u *paperwire.User, c *paperwire.Collection) error {
		id, _, err := paperwire.ParseArxivID(r.PathValue("id"))
		if err != nil {
			return err
		}
		return s.curation.collections.RemoveFromCollection(r.Context(), u.ID, c.ID, id)
	})
}
