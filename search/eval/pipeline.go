package eval

import (
	"context"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// Pipeline is the System an import builds: papers go through the store's
// write path in batches, the lexical index catches up from the change feed
// after every batch (as after any import batch), and queries go through the
// search Engine.
type Pipeline struct {
	Writer  paperwire.PaperWriter
	Lexical *search.Lexical
	Engine  *search.Engine
	Mode    string // search.ModeLexical (BM25F alone), ModeKeyword, ModeVector or ModeHybrid
	Batch   int    // papers per write batch (default 1,000)
	// AfterIngest, if set, runs once all papers are stored and indexed: where
	// a semantic layer trains on the corpus and embeds it.
	AfterIngest func(ctx context.Context) error
}

// Ingest writes papers batch by batch and catches the index up after each.
func (p *Pipeline) Ingest(ctx context.Context, papers []*paperwire.Paper) error {
	batch := p.Batch
	if batch <= 0 {
		batch = 1000
	}
	for i := 0; i < len(papers); i += batch {
		if _, err := p.Writer.UpsertPapers(ctx, papers[i:min(i+batch, len(papers))]); err != nil {
			return err
		}
		if _, err := p.Lexical.Catchup(ctx); err != nil {
			return err
		}
	}
	if p.AfterIngest != nil {
		return p.AfterIngest(ctx)
	}
	return nil
}

// ModeKeyword is the keyword search the Engine serves (BM25F with term
// proximity); ModeLexical in a Pipeline is BM25F alone, the baseline every
// other ranking is measured against.
const ModeKeyword = "bm25+prox"

// Search ranks papers for plain text.
func (p *Pipeline) Search(ctx context.Context, text string, k int) ([]string, error) {
	// Hits alone, as the API asks for them.
	req := search.Request{Query: query.Plain(text), Limit: k, TopOnly: true}
	var res search.Result
	switch p.Mode {
	case search.ModeLexical:
		res = p.Lexical.Index().Search(req)
	case ModeKeyword:
		var err error
		if res, err = p.Engine.Search(ctx, req, search.ModeLexical); err != nil {
			return nil, err
		}
	default:
		var err error
		if res, err = p.Engine.Search(ctx, req, p.Mode); err != nil {
			return nil, err
		}
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// SetMode switches the ranking mode for the searches that follow.
func (p *Pipeline) SetMode(mode string) { p.Mode = mode }
