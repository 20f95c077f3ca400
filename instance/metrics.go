package instance

import (
	"context"
	"errors"
	"time"
)

// SearchMode names how searches are answered, for the metrics: "hybrid"
// (keyword and semantic) when semantic search is on, else "keyword".
func (in *Instance) SearchMode() string {
	if in.vectors != nil {
		return "hybrid"
	}
	return "keyword"
}

// IndexLag is how many changes of the database's change sequence the
// keyword index has not applied yet; 0 when it is current.
func (in *Instance) IndexLag(ctx context.Context) (int64, error) {
	if in.lex == nil {
		return 0, errors.New("instance: search is not open")
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	seq, err := in.Papers.MaxSeq(ctx)
	if err != nil {
		return 0, err
	}
	return max(0, seq-in.lex.Index().Seq()), nil
}
