package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/paperwire/paperwire"
)

// maxJSONBody bounds a JSON request body. The API's bodies are a few ids
// long; anything bigger is refused before it is read into memory.
const maxJSONBody = 64 << 10

// readJSONBody decodes a request's JSON body, a single object, into v.
// Errors say what to fix: 415 for a body that is not application/json,
// 413 for one over maxJSONBody, 400 for one that is not one JSON value of
// the right shape.
func readJSONBody(w http.ResponseWriter, r *http.Request, v any) error {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/json" {
		return paperwire.Errorf(eunsupported, "Send the body as JSON, with Content-Type: application/json.")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	err = dec.Decode(v)
	if err == nil {
		// One value only; reading on also finds a body that is too large.
		if err = dec.Decode(&struct{}{}); err == io.EOF {
			return nil
		} else if err == nil {
			return paperwire.Errorf(paperwire.EINVALID, "The body holds more than one JSON value; send one object.")
		}
	}
	var (
		tooLarge  *http.MaxBytesError
		wrongType *json.UnmarshalTypeError
		syntax    *json.SyntaxError
	)
	switch {
	case errors.As(err, &tooLarge):
		return paperwire.Errorf(etoolarge, "The body is larger than %d KB.", maxJSONBody>>10)
	case errors.Is(err, io.EOF):
		return paperwire.Errorf(paperwire.EINVALID, "The body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return paperwire.Errorf(paperwire.EINVALID, "The body is not valid JSON: it ends too early.")
	case errors.As(err, &syntax):
		return paperwire.Errorf(paperwire.EINVALID, "The body is not valid JSON (at byte %d).", syntax.Offset)
	case errors.As(err, &wrongType) && wrongType.Field != "":
		return paperwire.Errorf(paperwire.EINVALID, "%q should be a JSON %s, not a JSON %s.", wrongType.Field, wrongType.Type.Kind(), wrongType.Value)
	case errors.As(err, &wrongType):
		return paperwire.Errorf(paperwire.EINVALID, "The body should be a JSON object, not a JSON %s.", wrongType.Value)
	}
	return paperwire.Errorf(paperwire.EINVALID, "The body is not one JSON object.")
}
