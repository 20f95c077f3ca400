package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// The comments of a discussion are written here, in Go, instead of by a
// template: html/template calls an escaper through reflection for every
// value it prints, which for a discussion of 500 comments cost most of the
// page's time. Every value below is escaped with html.EscapeString, which
// is right both in text and in a double-quoted attribute; the comment
// bodies are HTML sanitized when the comment was written (package markup).
// The section around them, with its forms, stays in the template
// (partials/discussion.html).

// ThreadsHTML is the discussion's list of threads, each a comment followed
// by its replies and, for a reader who may, a reply form.
func (d discussionView) ThreadsHTML() template.HTML {
	var b strings.Builder
	b.Grow(len(d.Threads) * 1200)
	b.WriteString(`<ol class="comments">`)
	maxRunes := strconv.Itoa(d.MaxRunes)
	action := html.EscapeString(d.Action)
	for i := range d.Threads {
		t := &d.Threads[i]
		b.WriteString("\n<li class=\"thread\">")
		writeComment(&b, t)
		if len(t.Replies) > 0 {
			b.WriteString(`<ol class="replies">`)
			for j := range t.Replies {
				b.WriteString("<li>")
				writeComment(&b, &t.Replies[j])
				b.WriteString("</li>")
			}
			b.WriteString("</ol>")
		}
		if t.CanReply {
			id := strconv.FormatInt(t.ID, 10)
			b.WriteString(`<details class="reply"><summary>Reply</summary><form class="form comment-form" method="post" action="`)
			b.WriteString(action)
			b.WriteString(`"><input type="hidden" name="parent" value="` + id + `"><label for="reply-` + id + `" class="vh">Your reply</label>` +
				`<textarea id="reply-` + id + `" name="text" rows="3" maxlength="` + maxRunes + `" required></textarea>` +
				`<button class="btn small primary" type="submit">Reply</button></form></details>`)
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ol>")
	return template.HTML(b.String())
}

// writeComment writes one comment as an <article>, with the buttons its
// reader may use.
func writeComment(b *strings.Builder, c *commentView) {
	id := strconv.FormatInt(c.ID, 10)
	b.WriteString(`<article class="comment`)
	if c.Hidden {
		b.WriteString(" hidden")
	}
	b.WriteString(`" id="` + c.Anchor + `">`)
	if c.Gone != "" {
		b.WriteString(`<p class="muted gone">` + html.EscapeString(c.Gone) + `</p></article>`)
		return
	}
	b.WriteString(`<header class="comment-head">`)
	if c.Author != "" {
		b.WriteString(`<a class="comment-author" href="` + html.EscapeString(c.AuthorURL) + `">` + html.EscapeString(c.Author) + `</a>`)
	} else {
		b.WriteString(`<span class="muted">A deleted account</span>`)
	}
	b.WriteString(` <a class="muted" href="#` + c.Anchor + `"><time datetime="` + c.ISO + `">` + c.Stamp + `</time></a>`)
	if c.Edited {
		b.WriteString(` <span class="edited muted">(edited)</span>`)
	}
	if c.Hidden {
		b.WriteString(` <span class="badge">Hidden</span>`)
	}
	b.WriteString(`</header><div class="comment-body">`)
	b.WriteString(string(c.HTML))
	b.WriteString(`</div>`)
	if c.Actions {
		b.WriteString(`<div class="row-actions">`)
		if c.Mine {
			b.WriteString(`<details class="edit"><summary>Edit</summary><form class="form" method="post" action="/comments/` + id + `/edit">` +
				`<label class="vh" for="edit-` + id + `">Edit your comment</label><textarea id="edit-` + id + `" name="text" rows="4" required>` +
				html.EscapeString(c.Text) + `</textarea><button class="btn small primary" type="submit">Save</button></form></details>`)
		}
		b.WriteString(`<form method="post" action="/comments/` + id + `/delete"><button class="btn small danger" type="submit">Delete</button></form>`)
		if c.Admin {
			verb, label := "hide", "Hide"
			if c.Hidden {
				verb, label = "show", "Show"
			}
			b.WriteString(`<form method="post" action="/comments/` + id + `/` + verb + `"><button class="btn small" type="submit">` + label + `</button></form>`)
		}
		if c.CanBan {
			b.WriteString(`<form method="post" action="/comments/` + id + `/ban"><button class="btn small danger" type="submit">Ban ` +
				html.EscapeString(c.Author) + ` from commenting</button></form>`)
		}
		b.WriteString(`</div>`)
	}
	b.WriteString(`</article>`)
}
