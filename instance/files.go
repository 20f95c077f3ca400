package instance

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/paperwire/paperwire/search"
)

// The files of a data directory. The database is the source of truth; what
// is under index/ is derived from it and may be deleted at any time.

// lexicalFile is the keyword index inside a data directory.
func lexicalFile(dataDir string) string {
	return filepath.Join(dataDir, "index", search.SnapshotName)
}

// vectorsFile is where the vector index is saved inside a data directory.
func vectorsFile(dataDir string) string { return filepath.Join(dataDir, "index", "vectors.bin") }

// hasLexicalIndex reports whether dataDir has a keyword index file.
func hasLexicalIndex(dataDir string) bool { return exists(lexicalFile(dataDir)) }

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
