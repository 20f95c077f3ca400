package web_test

import (
	"context"
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// withCuration wires organizations, links and collections to the site's
// store, as serve does; verified, when given, says who is a verified author.
func withCuration(verified func(ctx context.Context, userID int64, paperID string) (bool, error)) serverOpt {
	return func(cfg *web.Config) {
		ps := cfg.Papers.(*store.PaperStore)
		cfg.Orgs, cfg.Links, cfg.Collections = ps, ps, ps
		cfg.VerifiedAuthor = verified
	}
}

// admin makes m an admin in the store.
func (m *member) makeAdmin() *member {
	m.site.t.Helper()
	u, err := m.site.users.User(context.Background(), m.ID)
	if err != nil {
		m.site.t.Fatal(err)
	}
	u.Admin = true
	if err := m.site.users.UpdateUser(context.Background(), u); err != nil {
		m.site.t.Fatal(err)
	}
	m.User = u
	return m
}

// submit puts paper id on today's list as m, through the API.
func (m *member) submit(id string) {
	m.site.t.Helper()
	w := m.api(http.MethodPost, "/api/papers/submit", `{"paper_id": "`+id+`"}`)
	wantStatus(m.site.t, w, http.StatusCreated)
}

// stored is the paper as the store holds it.
func (site *paperSite) stored(id string) *paperwire.Paper {
	site.t.Helper()
	p, err := site.papers.Paper(context.Background(), id)
	if err != nil {
		site.t.Fatal(err)
	}
	return p
}

// xss are the payloads every user-written string of these pages is tried with.
const xss = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
