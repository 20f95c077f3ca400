package embed

import (
	"context"
	"path/filepath"

	"github.com/paperwire/paperwire"
)

// ModelFile is where a data directory keeps its trained model.
func ModelFile(dataDir string) string { return filepath.Join(dataDir, "embeddings", "model.pwem") }

// DocsFromFeed reads every paper of the store through its change feed, oldest
// change first, for training. Withdrawn papers are left out: they are not
// what users search for. It returns the highest Seq seen, so the caller can
// record which state of the corpus the model learned from.
func DocsFromFeed(ctx context.Context, feed paperwire.ChangeFeed) ([]Doc, int64, error) {
	var docs []Doc
	var after int64
	for {
		page, err := feed.ChangesSince(ctx, after, 2000)
		if err != nil {
			return nil, 0, err
		}
		if len(page) == 0 {
			return docs, after, nil
		}
		for _, p := range page {
			after = max(after, p.Seq)
			if !p.Withdrawn {
				docs = append(docs, Doc{Title: p.Title, Text: p.Abstract})
			}
		}
	}
}
