package instance

import (
	"context"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/vector"
)

// buildOnOpenMin is the number of changes past which opening the indexes of
// a data directory without a keyword index builds the missing files first,
// with bounded memory, and then loads them: building a million papers'
// indexes in memory peaked at 6.5 GB. A smaller corpus (the demo corpus, a
// small import) is quicker to index in memory.
const buildOnOpenMin = 20000

// buildMissing builds the index files of a data directory that has no
// keyword index (and the vectors if their file is missing too) when its
// database holds at least min changes; the indexes are then opened as usual.
func (in *Instance) buildMissing(ctx context.Context, min int64) error {
	if hasLexicalIndex(in.dataDir) {
		return nil
	}
	n, err := in.Papers.MaxSeq(ctx)
	if err != nil || n < min {
		return err
	}
	in.log.Info("building the search indexes from the database", "changes", n)
	defer limitHeap(in.getenv, buildHeapLimit)()
	ib, err := in.newIndexBuild(ctx, true, !exists(vectorsFile(in.dataDir)))
	if err != nil {
		return err
	}
	defer ib.abort()
	return ib.buildAll(ctx)
}

// Rebuilt is what RebuildIndexes wrote.
type Rebuilt struct {
	Papers   int    // documents in the keyword index
	Seq      int64  // the last change both indexes hold
	Vectors  int    // vectors written; 0 when semantic search is off
	Embedder string // the name of the model that made them; "" when semantic search is off
}

// RebuildIndexes rebuilds both search indexes from the database, with
// memory that does not grow with the corpus (indexBuild; Go's heap is held
// near buildHeapLimit meanwhile). The old files serve until the new ones
// replace them at the end, and a failed or interrupted rebuild leaves them
// in place. progress, if not nil, is called after each batch with the
// changes read.
func (in *Instance) RebuildIndexes(ctx context.Context, progress func(read int)) (Rebuilt, error) {
	defer limitHeap(in.getenv, buildHeapLimit)()
	ib, err := in.newIndexBuild(ctx, true, true)
	if err != nil {
		return Rebuilt{}, err
	}
	defer ib.abort()
	ib.progress = progress
	if err := ib.buildAll(ctx); err != nil {
		return Rebuilt{}, err
	}
	r := Rebuilt{Papers: ib.lex.Len(), Seq: ib.lex.Seq(), Vectors: ib.vectors}
	if ib.vecs != nil {
		r.Embedder = ib.emb.Name()
	}
	return r, nil
}

// newIndexBuild starts a build of the instance's indexes: the keyword index
// if withLexical, the vectors if withVectors. Semantic search off (or its
// embedder unavailable) builds the keyword index alone, as opening the
// indexes would.
func (in *Instance) newIndexBuild(ctx context.Context, withLexical, withVectors bool) (*indexBuild, error) {
	b := &indexBuild{feed: in.Papers, log: in.log}
	if withLexical {
		lex, err := search.NewBuilder(lexicalFile(in.dataDir), search.DefaultParams(), 0)
		if err != nil {
			return nil, err
		}
		b.lex = lex
	}
	if !withVectors {
		return b, nil
	}
	emb, err := in.chooseEmbedder(ctx)
	if err != nil {
		in.log.Warn("semantic search off", "err", err.Error())
	}
	if emb != nil {
		if b.vecs, err = vector.NewBuilder(vectorsFile(in.dataDir), emb.Dim(), emb.Name()); err != nil {
			b.abort()
			return nil, err
		}
		b.emb = emb
	}
	return b, nil
}
