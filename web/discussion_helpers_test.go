package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// admin is a member with admin rights.
func (site *paperSite) admin(name string) *member {
	site.t.Helper()
	m := site.member(name)
	m.Admin = true
	if err := site.users.UpdateUser(context.Background(), m.User); err != nil {
		site.t.Fatal(err)
	}
	return m
}

// apiCommentJSON is a comment as the API answers it, every field known.
type apiCommentJSON struct {
	ID     int64 `json:"id"`
	Author *struct {
		Name string `json:"name"`
	} `json:"author"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	CreatedAt string `json:"createdAt"`
	ParentID  *int64 `json:"parentId"`
	Edited    bool   `json:"edited"`
	Hidden    bool   `json:"hidden"`
	Deleted   bool   `json:"deleted"`
}

// comment posts a comment through the API and returns it.
func (m *member) comment(paperID, text string, parent int64) apiCommentJSON {
	m.site.t.Helper()
	body := map[string]any{"text": text}
	if parent != 0 {
		body["parentId"] = parent
	}
	b, _ := json.Marshal(body)
	w := m.api("POST", "/api/papers/"+paperID+"/comments", string(b))
	wantStatus(m.site.t, w, 201)
	var c apiCommentJSON
	decodeJSON(m.site.t, w, &c)
	return c
}

// comments lists a paper's discussion through the API, as the member sees it.
func (site *paperSite) comments(paperID, query string, header ...string) ([]apiCommentJSON, int) {
	site.t.Helper()
	w := site.call("GET", "/api/papers/"+paperID+"/comments"+query, "", "198.51.100.9:1", header...)
	wantStatus(site.t, w, 200)
	var out struct {
		Comments    []apiCommentJSON `json:"comments"`
		NumComments int              `json:"numComments"`
	}
	decodeJSON(site.t, w, &out)
	return out.Comments, out.NumComments
}

func cid(id int64) string { return strconv.FormatInt(id, 10) }

func form(kv ...string) url.Values { return fields(kv...) }

// assertNoScript parses page as a browser would and fails on anything that
// could run script: a <script> outside the page's own (which all have
// src= to /static/), an event handler attribute, or a javascript:,
// vbscript: or data: URL.
func assertNoScript(t *testing.T, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "img":
				src := ""
				for _, a := range tok.Attr {
					if a.Key == "src" {
						src = a.Val
					}
				}
				if !strings.HasPrefix(src, "/static/") {
					t.Errorf("a <%s> that is not the site's: %s", tok.Data, tok.String())
				}
			case "iframe", "object", "embed", "svg", "math":
				t.Errorf("element <%s> from user text: %s", tok.Data, tok.String())
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("event handler %s=%q", a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
					t.Errorf("dangerous URL %s=%q", a.Key, a.Val)
				}
			}
		}
	}
}
