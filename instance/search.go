package instance

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/vector"
)

// OpenSearch loads the lexical and vector indexes, catches them up with the
// database and builds the search engine over them. The two indexes are
// opened side by side: after a large import each has a catch-up to do, and
// keyword analysis and embedding then use a core each. Index files missing
// for a large database are first built with bounded memory (buildMissing).
func (in *Instance) OpenSearch(ctx context.Context) error {
	if err := in.buildMissing(ctx, buildOnOpenMin); err != nil {
		return fmt.Errorf("build search indexes: %w", err)
	}
	var sem *search.Semantic
	semDone := make(chan struct{})
	go func() {
		defer close(semDone)
		sem = in.OpenSemantic(ctx)
	}()
	lex, err := in.openLexical(ctx)
	<-semDone
	if err != nil {
		if in.vectors != nil {
			in.vectors.Close()
			in.vectors = nil
		}
		return err
	}
	in.lex = lex
	in.engine = search.NewEngine(lex, sem, search.DefaultFusion(), in.log)
	return nil
}

// OpenLexical opens the keyword index alone, caught up with the database,
// for a caller that builds its own engine over it (eval opens the semantic
// half only after loading its corpus, with OpenSemantic).
func (in *Instance) OpenLexical(ctx context.Context) error {
	lex, err := in.openLexical(ctx)
	if err != nil {
		return err
	}
	in.lex = lex
	return nil
}

func (in *Instance) openLexical(ctx context.Context) (*search.Lexical, error) {
	opts := search.Options{Logger: in.log}
	if in.saveAtClose {
		opts.SaveEvery = math.MaxInt
	}
	return search.OpenLexical(ctx, in.dataDir, in.Papers, opts)
}

// Catchup applies the database's latest changes to both indexes, side by
// side.
func (in *Instance) Catchup(ctx context.Context) error {
	var verr error
	vecDone := make(chan struct{})
	go func() {
		defer close(vecDone)
		if in.vectors != nil {
			_, verr = in.vectors.Catchup(ctx)
		}
	}()
	_, err := in.lex.Catchup(ctx)
	<-vecDone
	return errors.Join(err, verr)
}

// Follow keeps the indexes caught up with the database until ctx ends: at
// once when the database announces a change (PostgreSQL's NOTIFY, sent by
// any instance or CLI process writing to it), and every interval in any
// case, which is all SQLite offers and the fallback when a notification is
// lost. Whenever the change sequence has moved, changed (if not nil) is
// called after the catch-up: the web server drops its cached pages then, so
// a write shows on every instance's pages and in its search together.
// Errors are logged and retried on the next tick.
func (in *Instance) Follow(ctx context.Context, interval time.Duration, changed func()) {
	wake := make(chan struct{}, 1)
	go func() {
		listening, err := in.DB.WatchChanges(ctx, func(int64) {
			select {
			case wake <- struct{}{}:
			default: // a catch-up is already due; it will see this change too
			}
		})
		if listening && err != nil && ctx.Err() == nil {
			in.log.Warn("change notifications stopped; polling only", "err", err)
		}
	}()
	t := time.NewTicker(interval)
	defer t.Stop()
	last, err := in.Papers.MaxSeq(ctx)
	if err != nil {
		last = -1
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
		seq, err := in.Papers.MaxSeq(ctx)
		if err == nil {
			err = in.Catchup(ctx)
		}
		if err != nil {
			if ctx.Err() == nil {
				in.log.Warn("search index catch-up failed", "err", err)
			}
			continue
		}
		if seq != last {
			last = seq
			if changed != nil {
				changed()
			}
		}
	}
}

// Engine is the hybrid search engine; nil until OpenSearch.
func (in *Instance) Engine() *search.Engine { return in.engine }

// Lexical is the keyword index; nil until OpenSearch or OpenLexical.
func (in *Instance) Lexical() *search.Lexical { return in.lex }

// Vectors is the vector index; nil until OpenSearch or OpenSemantic, and
// whenever semantic search is off.
func (in *Instance) Vectors() *vector.Synced { return in.vectors }
