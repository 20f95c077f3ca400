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
// record which state of the corpus the model learned from. FeedSource reads
// the same papers without holding them all.
func DocsFromFeed(ctx context.Context, feed paperwire.ChangeFeed) ([]Doc, int64, error) {
	var docs []Doc
	var seq int64
	err := FeedSource(ctx, feed, &seq)(func(d Doc) bool {
		docs = append(docs, d)
		return true
	})
	if err != nil {
		return nil, 0, err
	}
	return docs, seq, nil
}

// FeedSource yields every paper of the store that is not withdrawn, a page of
// the change feed at a time (see DocsFromFeed). Once it has run, *seq holds
// the highest Seq seen.
func FeedSource(ctx context.Context, feed paperwire.ChangeFeed, seq *int64) DocSource {
	return func(yield func(Doc) bool) error {
		var after int64
		for {
			page, err := feed.ChangesSince(ctx, after, 2000)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				*seq = after
				return nil
			}
			for _, p := range page {
				after = max(after, p.Seq)
				if !p.Withdrawn && !yield(Doc{Title: p.Title, Text: p.Abstract}) {
					*seq = after
					return nil
				}
			}
		}
	}
}
