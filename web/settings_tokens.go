package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// maxTokenName bounds a token's name, in characters.
const maxTokenName = 64

// tokenCreate makes an API token for the viewer and shows it once, on the
// page this POST answers (a redirect would have to carry it in the URL, into
// history and logs). The store keeps only its hash and a short hint.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	name := formValue(r, "token_name")
	switch {
	case name == "":
		s.settingsFail(w, r, u, "token", paperwire.Errorf(paperwire.EINVALID, "Give the token a name, such as the machine or script it is for."))
		return
	case utf8.RuneCountInString(name) > maxTokenName || strings.IndexFunc(name, unicode.IsControl) >= 0:
		s.settingsFail(w, r, u, "token", paperwire.Errorf(paperwire.EINVALID, "A token name is one line of at most %d characters.", maxTokenName))
		return
	}
	toks, err := s.users.Tokens(r.Context(), u.ID)
	if err == nil && len(toks) >= maxTokens {
		err = paperwire.Errorf(paperwire.ECONFLICT, "You have %d tokens, the most an account may have: revoke one first.", len(toks))
	}
	var token string
	if err == nil {
		var hash, hint string
		token, hash, hint = auth.NewAPIToken()
		err = s.users.CreateToken(r.Context(), &paperwire.APIToken{UserID: u.ID, Name: name, Hint: hint}, hash)
	}
	if err != nil {
		s.settingsFail(w, r, u, "token", err)
		return
	}
	p, err := s.newSettingsPage(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.NewToken = token
	noStore(w)
	s.render(w, r, http.StatusOK, "settings", p)
}

// tokenRevoke revokes one of the viewer's tokens. The store deletes it only
// if it is theirs: anyone else's token id is answered as unknown (404).
func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	errNoToken := paperwire.Errorf(paperwire.ENOTFOUND, "You have no such token.")
	back := navLink{Label: "Your settings", URL: "/settings"}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errNoToken, back)
		return
	}
	if err := s.users.DeleteToken(r.Context(), u.ID, id); err != nil {
		if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
			err = errNoToken
		}
		s.fail(w, r, err, back)
		return
	}
	http.Redirect(w, r, "/settings?done=revoked", http.StatusSeeOther)
}
