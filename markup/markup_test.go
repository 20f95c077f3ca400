package markup

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func users(names ...string) UserLookup {
	return func(name string) (string, bool) {
		for _, n := range names {
			if strings.EqualFold(n, name) {
				return n, true
			}
		}
		return "", false
	}
}

func TestRenderSubset(t *testing.T) {
	r := New()
	for _, tc := range []struct{ in, want string }{
		{"*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>\n"},
		{"`code <b>`", "<p><code>code &lt;b&gt;</code></p>\n"},
		{"- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n"},
		{"[site](https://example.org/x)", `<p><a href="https://example.org/x" rel="nofollow ugc noopener">site</a></p>` + "\n"},
		{"see https://example.org", `<p>see <a href="https://example.org" rel="nofollow ugc noopener">https://example.org</a></p>` + "\n"},
		{"[here](/papers/2501.00001)", `<p><a href="/papers/2501.00001">here</a></p>` + "\n"},
		{"~~gone~~", "<p><del>gone</del></p>\n"},
		{"# Heading", "Heading\n"},
		{"![img](https://example.org/a.png)", "<p></p>\n"},
		{"a List<T> of <b>x</b>", "<p>a List&lt;T&gt; of &lt;b&gt;x&lt;/b&gt;</p>\n"},
		{"<div>\nblock\n</div>", "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>\n"},
	} {
		if got := r.Render(tc.in, nil); got != tc.want {
			t.Errorf("Render(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
		}
	}
}

func TestRenderTeXAsTyped(t *testing.T) {
	r := New()
	for _, tc := range []struct{ in, want string }{
		{"$O(n^2)$", `<p><span class="math">$O(n^2)$</span></p>` + "\n"},
		{"$a_1 * b_2 * c_3$", `<p><span class="math">$a_1 * b_2 * c_3$</span></p>` + "\n"},
		{"$$\\sum_{i<n} x_i$$", `<p><span class="math">$$\sum_{i&lt;n} x_i$$</span></p>` + "\n"},
		{"$<script>alert(1)</script>$", `<p><span class="math">$&lt;script&gt;alert(1)&lt;/script&gt;$</span></p>` + "\n"},
		{"costs $5 and $6", "<p>costs $5 and $6</p>\n"},
	} {
		if got := r.Render(tc.in, nil); got != tc.want {
			t.Errorf("Render(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
		}
	}
}

func TestRenderMentions(t *testing.T) {
	r := New()
	known := users("ada", "bob.smith")
	for _, tc := range []struct{ in, want string }{
		{"thanks @ada!", `<p>thanks <a href="/u/ada" class="mention">@ada</a>!</p>` + "\n"},
		{"@ADA.", `<p><a href="/u/ada" class="mention">@ada</a>.</p>` + "\n"},
		{"cc @bob.smith", `<p>cc <a href="/u/bob.smith" class="mention">@bob.smith</a></p>` + "\n"},
		{"@nobody here", "<p>@nobody here</p>\n"},
		{"mail ada@example.org", `<p>mail <a href="mailto:ada@example.org" rel="nofollow ugc noopener">ada@example.org</a></p>` + "\n"},
		{"`@ada`", "<p><code>@ada</code></p>\n"},
	} {
		if got := r.Render(tc.in, known); got != tc.want {
			t.Errorf("Render(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
		}
	}
	if got := r.Mentions("@ada and @bob.smith, @ada again; x@y.z"); strings.Join(got, ",") != "ada,bob.smith" {
		t.Errorf("Mentions = %v", got)
	}
}

// xssPayloads are the usual ways to smuggle script into a page.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<a href="javascript:alert(1)">x</a>`,
	`[click](javascript:alert(1))`,
	`[click](JaVaScRiPt:alert(1))`,
	`[click](java&#x09;script:alert(1))`,
	`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[click](vbscript:msgbox(1))`,
	`<svg/onload=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`"><script>alert(1)</script>`,
	`<div style="background:url(javascript:alert(1))">`,
	`[x](https://example.org "title\" onmouseover=\"alert(1)")`,
	`<<script>script>alert(1)<</script>/script>`,
	`> > > <scr<script>ipt>alert(1)</script>`,
	`<a href="https://example.org" onclick="alert(1)">x</a>`,
	"```\n</code></pre><script>alert(1)</script>\n```",
	`<details open ontoggle=alert(1)>`,
	`![x](x" onerror="alert(1))`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`$</span><script>alert(1)</script>$`,
	`@ada<script>alert(1)</script>`,
}

func TestRenderXSS(t *testing.T) {
	r := New()
	for _, in := range xssPayloads {
		got := r.Render(in, users("ada"))
		assertSafe(t, in, got)
	}
}

// assertSafe parses html as a browser would and fails on anything that
// could run script: an element outside the Markdown subset, an attribute
// other than the few the renderer sets, or a link that is not http(s),
// mailto or a path on this site.
func assertSafe(t *testing.T, in, out string) {
	t.Helper()
	allowed := map[string]bool{"p": true, "br": true, "em": true, "strong": true, "del": true, "code": true, "pre": true,
		"blockquote": true, "ul": true, "ol": true, "li": true, "hr": true, "a": true, "span": true}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Errorf("Render(%q) = %q: element <%s>", in, out, tok.Data)
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == "href":
					u, err := url.Parse(a.Val)
					if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
						t.Errorf("Render(%q) = %q: href %q", in, out, a.Val)
					}
				case a.Key == "rel" || a.Key == "class" || a.Key == "start":
				default:
					t.Errorf("Render(%q) = %q: attribute %s", in, out, a.Key)
				}
			}
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range append(xssPayloads, "*a* `b` $c_1$ @ada [d](https://e.org)", "- x\n  > y\n\n1. z") {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, in string) {
		assertSafe(t, in, r.Render(in, users("ada")))
	})
}

func BenchmarkRender(b *testing.B) {
	r := New()
	src := "Nice result, @ada! The bound $O(n \\log n)$ matches **Theorem 2** of [the earlier paper](https://arxiv.org/abs/2401.00001).\n\n" +
		"> Does it hold for `k > 2`?\n\n- one\n- two"
	for b.Loop() {
		r.Render(src, users("ada"))
	}
}
