package mail

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"strings"
)

// confirmText is the subscription confirmation's subject and text.
func confirmText(link, query string) (string, string) {
	what := "the Paperwire digest of trending papers"
	if query != "" {
		what = "mail about new papers matching the search “" + query + "”"
	}
	return "Confirm your subscription", "Someone, hopefully you, asked to receive " + what + " at this address.\n\n" +
		"To confirm, open this link within 48 hours:\n\n" + link + "\n\n" +
		"If it was not you, ignore this mail: nothing will be sent unless the link is followed.\n"
}

func verifyText(name, link string) (string, string) {
	return "Verify your email address", "Hello " + name + ",\n\nTo verify this address for your Paperwire account, open this link within 48 hours:\n\n" +
		link + "\n\nIf you did not sign up, ignore this mail.\n"
}

func resetText(name, link string) (string, string) {
	return "Reset your password", "Hello " + name + ",\n\nSomeone asked to reset the password of your Paperwire account. " +
		"To choose a new one, open this link within an hour; it works once:\n\n" + link +
		"\n\nIf it was not you, ignore this mail: your password stays as it is.\n"
}

var simpleTmpl = template.Must(template.New("simple").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"></head>
<body style="margin:0;padding:24px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5">
<div style="max-width:560px;margin:0 auto">
{{range .Paras}}<p style="margin:0 0 16px">{{.}}</p>{{end}}
<p style="margin:24px 0"><a href="{{.Link}}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:#2563eb;color:#ffffff;text-decoration:none;font-weight:600">{{.Button}}</a></p>
</div></body></html>`))

// simpleHTML renders a short account mail's text as HTML with one button;
// every piece is escaped.
func simpleHTML(text, link, button string) string {
	var paras []string
	for p := range strings.SplitSeq(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" && p != link {
			paras = append(paras, p)
		}
	}
	var b strings.Builder
	if err := simpleTmpl.Execute(&b, struct {
		Paras        []string
		Link, Button string
	}{paras, link, button}); err != nil {
		return ""
	}
	return b.String()
}

// shortHash names a piece of text in an outbox key without its content.
func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}
