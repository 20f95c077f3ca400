// Package markup turns the Markdown people type in comments into HTML that
// is safe to show: goldmark parses a small CommonMark subset (HTML typed in
// the text is shown as text, never passed on), and bluemonday keeps only the
// elements and attributes that subset needs, whatever the parser produced.
// TeX between dollar signs is shown as typed, and @name links to the
// profile of a user who exists.
package markup

import (
	"bytes"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// LinkRel is the rel of every link a comment holds to another site: search
// engines give it no weight (nofollow, ugc) and the page it opens gets no
// handle on this one (noopener).
const LinkRel = "nofollow ugc noopener"

// UserLookup says whether a user exists and returns the name as the
// account spells it; nil links no mentions.
type UserLookup func(name string) (string, bool)

// Renderer renders comments. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a comment renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithInlineParsers(
				util.Prioritized(mathParser{}, 50),
				util.Prioritized(mentionParser{}, 60),
			),
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(mathRenderer{}, 50),
			util.Prioritized(rawHTMLRenderer{}, 50),
		)),
	)
	return &Renderer{md: md, policy: policy()}
}

// policy is what may reach a page: the elements of the Markdown subset,
// links to http(s), mailto and this site, and the few attributes the
// renderer sets itself.
func policy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "hr")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + LinkRel + `$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^mention$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^math$`)).OnElements("span")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	return p
}

var usersKey = parser.NewContextKey()

// Render returns the sanitized HTML of a comment's Markdown. Mentions of
// users that users finds link to their profiles (/u/{name}).
func (r *Renderer) Render(src string, users UserLookup) string {
	pc := parser.NewContext()
	pc.Set(usersKey, users)
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		// Convert fails only when its writer does; a bytes.Buffer does not.
		return r.policy.Sanitize(src)
	}
	return r.policy.Sanitize(buf.String())
}

// Mentions returns the distinct names src mentions with @name, in order,
// so a caller can look them all up before rendering.
func (r *Renderer) Mentions(src string) []string {
	var names []string
	seen := map[string]bool{}
	pc := parser.NewContext()
	pc.Set(usersKey, UserLookup(func(name string) (string, bool) {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		return "", false
	}))
	r.md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return names
}

// linkTransformer marks links: rel=LinkRel on links to other sites.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if !isLocal(l.Destination) {
				l.SetAttributeString("rel", []byte(LinkRel))
			}
		case *ast.AutoLink:
			l.SetAttributeString("rel", []byte(LinkRel))
		}
		return ast.WalkContinue, nil
	})
}

// isLocal says whether a link stays on this site: a path, not "//host".
func isLocal(dest []byte) bool {
	return len(dest) > 0 && dest[0] == '/' && !bytes.HasPrefix(dest, []byte("//")) && !bytes.HasPrefix(dest, []byte("/\\"))
}
