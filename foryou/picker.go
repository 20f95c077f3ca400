package foryou

import (
	"context"
	"time"

	"github.com/paperwire/paperwire"
)

// Like is a paper a reader showed they like, and how: How completes "like X
// that you …" ("upvoted", "collected", "wrote").
type Like struct {
	Paper *paperwire.Paper
	How   string
}

// Bounds of one reader's ranking.
const (
	// MaxLikes is how many liked papers train a reader's model: the
	// latest, since tastes move.
	MaxLikes = 300
	// MaxCandidates bounds the papers read for one ranking (a month of
	// arXiv is about 6,000).
	MaxCandidates = 12000
	candidatePage = 1000 // the store's largest page
)

// Picker gathers a reader's likes and ranks a window of listing days for
// them. It is the one ranking the For-you page, its feed and the digest's
// For-you section share; callers cache what they need to.
type Picker struct {
	Papers paperwire.PaperService
	// Each source of likes is optional: nil leaves that kind of like out.
	Votes       paperwire.VoteService       // upvotes
	Collections paperwire.CollectionService // papers in the reader's collections, private ones too
	Authors     paperwire.AuthorService     // papers the reader is a verified author of
	Ranker      interface {
		Recommend(ctx context.Context, likes, cands []*paperwire.Paper) ([]Ranked, error)
	}
}

// likeSource lists the papers a reader liked in one way, newest first.
type likeSource struct {
	How  string
	List func(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error)
}

func (p *Picker) likeSources() []likeSource {
	var out []likeSource
	if p.Votes != nil {
		out = append(out, likeSource{How: "upvoted", List: func(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error) {
			ps, _, err := p.Votes.UserUpvotes(ctx, userID, 0, limit)
			return ps, err
		}})
	}
	if p.Collections != nil {
		out = append(out, likeSource{How: "collected", List: p.collectedPapers})
	}
	if p.Authors != nil {
		out = append(out, likeSource{How: "wrote", List: p.claimedPapers})
	}
	return out
}

// Likes gathers userID's likes from every source, each paper once (under
// the first source that has it), at most MaxLikes.
func (p *Picker) Likes(ctx context.Context, userID int64) ([]Like, error) {
	var out []Like
	seen := map[string]bool{}
	for _, src := range p.likeSources() {
		ps, err := src.List(ctx, userID, MaxLikes)
		if err != nil {
			return nil, err
		}
		for _, lp := range ps {
			if !seen[lp.ID] && len(out) < MaxLikes {
				seen[lp.ID] = true
				out = append(out, Like{Paper: lp, How: src.How})
			}
		}
	}
	return out, nil
}

// collectedPapers lists the papers in userID's collections, newest
// collection first, up to limit.
func (p *Picker) collectedPapers(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error) {
	cols, err := p.Collections.UserCollections(ctx, userID, userID)
	if err != nil {
		return nil, err
	}
	var out []*paperwire.Paper
	for _, c := range cols {
		items, err := p.Collections.CollectionItems(ctx, userID, c.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if len(out) == limit {
				return out, nil
			}
			out = append(out, it.Paper)
		}
	}
	return out, nil
}

// claimedPapers lists the papers userID is a verified author of, newest
// claim first, up to limit.
func (p *Picker) claimedPapers(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error) {
	claims, err := p.Authors.UserClaims(ctx, userID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, c := range claims {
		if c.Status == paperwire.ClaimVerified {
			ids = append(ids, c.PaperID)
		}
	}
	papers, err := p.Papers.PapersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	return papers[:min(limit, len(papers))], nil
}

// Candidates reads the papers listed in [from, to), at most MaxCandidates:
// what a ranking orders. Read once, they serve every reader ranked over
// the same window.
func (p *Picker) Candidates(ctx context.Context, from, to, now time.Time) ([]*paperwire.Paper, error) {
	var cands []*paperwire.Paper
	for len(cands) < MaxCandidates {
		page, _, err := p.Papers.Papers(ctx, paperwire.PaperFilter{From: from, To: to, Now: now,
			Offset: len(cands), Limit: min(candidatePage, MaxCandidates-len(cands))})
		if err != nil {
			return nil, err
		}
		cands = append(cands, page...)
		if len(page) < candidatePage {
			break
		}
	}
	return cands, nil
}

// Rank orders cands for a reader with likes, best first, leaving the likes
// out; the first ones name the like they are closest to (Ranked.Because,
// a key of ByID(likes)). No likes: nil.
func (p *Picker) Rank(ctx context.Context, likes []Like, cands []*paperwire.Paper) ([]Ranked, error) {
	if len(likes) == 0 || len(cands) == 0 {
		return nil, nil
	}
	liked := make([]*paperwire.Paper, len(likes))
	for i, l := range likes {
		liked[i] = l.Paper
	}
	return p.Ranker.Recommend(ctx, liked, cands)
}

// ByID indexes likes by their paper's id: Ranked.Because to the like.
func ByID(likes []Like) map[string]Like {
	out := make(map[string]Like, len(likes))
	for _, l := range likes {
		out[l.Paper.ID] = l
	}
	return out
}
