// Package paperwire holds Paperwire's domain: the paper record, the filters used
// to list and search papers, the error codes every layer speaks, and the small
// service interfaces that storage, ingest, search and the web are built around.
//
// Nothing here knows about SQL, HTTP or arXiv's wire formats; the packages named
// after a technology (sqlite, arxiv, ingest, search, embed, web) implement or use
// these types, and cmd/paperwire wires them together.
package paperwire

import "time"

// Version is the build version, set with -ldflags "-X github.com/paperwire/paperwire.Version=…".
var Version = "dev"

// UserAgent names the product in every outgoing request, as arXiv's terms ask.
func UserAgent() string {
	return "Paperwire/" + Version + " (+https://github.com/paperwire/paperwire)"
}

// Clock returns the current time. Services take one so tests can fix "now".
type Clock func() time.Time
