// Package demomodel ships the embedding model trained on the bundled demo
// corpus (package demo), so a fresh `paperwire serve` has semantic search and
// related papers without training first. The file is rebuilt, bit for bit,
// by `go generate ./embed/demomodel` whenever the demo corpus changes.
package demomodel

import (
	_ "embed"

	"github.com/paperwire/paperwire/embed"
)

//go:generate go run ../internal/trainarxiv -out arxiv-demo.pwem

//go:embed arxiv-demo.pwem
var model []byte

// Model parses the shipped model. Each call returns a fresh copy.
func Model() (*embed.Model, error) {
	return embed.ParseModel(model)
}
