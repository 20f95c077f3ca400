package web

import (
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// maxFormBytes bounds a form post's body. The largest form here, sign-up,
// is well under a kilobyte; 64 KB leaves room for long passwords and
// refuses a flood before it is read into memory.
const maxFormBytes = 64 << 10

// readForm parses a POSTed form into r.PostForm, or answers the request
// and returns false: 415 for a body that is not
// application/x-www-form-urlencoded (what HTML forms send), 413 for one
// over maxFormBytes, 400 for one that does not parse.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request) bool {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/x-www-form-urlencoded" {
		s.failAny(w, r, paperwire.Errorf(eunsupported, "Send this form as application/x-www-form-urlencoded."))
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.failAny(w, r, paperwire.Errorf(etoolarge, "This form is larger than %d KB.", maxFormBytes>>10))
		} else {
			s.failAny(w, r, paperwire.Errorf(paperwire.EINVALID, "The form could not be read."))
		}
		return false
	}
	return true
}

// formValue is a posted field with surrounding spaces trimmed: names and
// addresses pasted with a stray space still work. Passwords are read with
// r.PostForm.Get, as typed.
func formValue(r *http.Request, key string) string {
	return strings.TrimSpace(r.PostForm.Get(key))
}

// noStore keeps a page out of browser and proxy caches: account pages show
// an email address, the admin's user list, or a token shown only once.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}
