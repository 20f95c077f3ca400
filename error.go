package paperwire

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. Storage and ingest return them; the web
// layer maps each to one HTTP status in a single table (web/error.go).
const (
	EINVALID  = "invalid"   // the caller's input is wrong (bad date, bad id, bad limit)
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ECONFLICT = "conflict"  // the request conflicts with current state
	// EUNAUTHORIZED: the request needs a signed-in user or a valid API token.
	EUNAUTHORIZED = "unauthorized"
	// EFORBIDDEN: the user is known but may not do this (someone else's thing, admins only).
	EFORBIDDEN = "forbidden"
	// ETOOMANY: a rate limit was reached; try again later.
	ETOOMANY  = "too_many"
	EINTERNAL = "internal" // anything else: a bug or an unavailable dependency
)

// Error is a domain error: a code for programs and a message for people.
// Wrap causes with fmt.Errorf("…: %w", err) instead; Error is for what a user should read.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("paperwire: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic message that leaks nothing for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
