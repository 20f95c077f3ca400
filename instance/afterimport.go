package instance

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/vector"
)

// WriteIndexFiles writes the index files the data directory lacks, or whose
// vectors another model made, from the database: the keyword index when it
// has none, the vectors when they are missing or the built-in model was
// (re)trained since. An import calls it last, after training, so that
// `serve` and `search` start on ready files instead of building them at
// their first start; files that exist and are current are left for the
// next open to catch up, which is quick for the few papers a daily import
// brings. It reuses the bounded-memory build of reindex (indexBuild), the
// keyword index and the embedding side by side; after a first import that
// trained the model on the corpus it followed, the vectors come from that
// corpus's word ids instead (writeTrainedVectors).
func (in *Instance) WriteIndexFiles(ctx context.Context) error {
	lexical := !hasLexicalIndex(in.dataDir)
	vectors, err := in.vectorsOutdated(ctx)
	if err != nil {
		return err
	}
	if !lexical && !vectors {
		return nil
	}
	if vectors && in.vectors != nil {
		// An import --index that extended the vectors in memory would save
		// them at Close, over the file written here: they are outdated.
		in.vectors = nil
	}
	start := time.Now()
	in.log.Info("writing the search index files", "keyword", lexical, "vectors", vectors)
	defer limitHeap(in.getenv, buildHeapLimit)()
	if trained := in.trained; trained != nil && !lexical {
		in.trained = nil
		n, done, err := in.writeTrainedVectors(ctx, trained)
		if err != nil {
			return err
		}
		if done {
			in.log.Info("search index files written", "vectors", n, "from", "the training corpus",
				"elapsed", time.Since(start).Round(time.Millisecond))
			return nil
		}
	}
	ib, err := in.newIndexBuild(ctx, lexical, vectors)
	if err != nil {
		return err
	}
	defer ib.abort()
	if err := ib.buildAll(ctx); err != nil {
		return err
	}
	in.log.Info("search index files written", "papers", ib.read, "vectors", ib.vectors,
		"elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// vectorsOutdated reports whether the vector file is missing, unreadable, or
// (with the built-in model) made by another model than the one search would
// load now; with semantic search off, never. Other embedders are not asked
// for their name here (a server may be down): their file is only written
// when missing.
func (in *Instance) vectorsOutdated(ctx context.Context) (bool, error) {
	kind := in.embedderKind()
	if kind == embedderOff {
		return false, nil
	}
	h, err := vector.ReadHeader(vectorsFile(in.dataDir))
	if err != nil {
		return true, nil // missing or damaged: written anew
	}
	if kind != embedderBuiltin {
		return false, nil
	}
	emb, err := in.chooseEmbedder(ctx)
	if err != nil || emb == nil {
		return false, err
	}
	return h.Model != emb.Name() || h.Dim != emb.Dim(), nil
}

// writeTrainedVectors writes the vector file from the corpus a first import
// followed and trained the model on (embed.CorpusFollower.EachVector): the
// file reading and embedding every paper again writes, without that read
// and its tokenizing. It writes nothing (done false) when search would not
// load that model.
func (in *Instance) writeTrainedVectors(ctx context.Context, f *embed.CorpusFollower) (n int, done bool, err error) {
	emb, err := in.chooseEmbedder(ctx)
	if err != nil || emb == nil || f.Model() == nil || emb.Name() != f.Model().Name() {
		return 0, false, err
	}
	b, err := vector.NewBuilder(vectorsFile(in.dataDir), emb.Dim(), emb.Name())
	if err != nil {
		return 0, false, err
	}
	defer b.Abort()
	if err := f.EachVector(ctx, b.Add); err != nil {
		return 0, false, fmt.Errorf("build vector index: %w", err)
	}
	b.SetSeq(f.Seq())
	if err := b.Finish(); err != nil {
		return 0, false, err
	}
	return b.Len(), true, nil
}
