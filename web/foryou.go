package web

import (
	"context"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/foryou"
)

// Recommender ranks papers for one reader by the papers they liked: the
// "For you" page and feed. foryou.Recommender is the one implementation;
// the instance gives it the site's paper vectors.
type Recommender interface {
	// Recommend orders candidates best first, leaving out the likes; the
	// first ones name the like they are closest to (Because).
	Recommend(ctx context.Context, likes, candidates []*paperwire.Paper) ([]foryou.Ranked, error)
}

// like is a paper a reader showed they like, and how ("upvoted").
type like struct {
	Paper *paperwire.Paper
	How   string
}

// likeSource lists the papers a reader liked in one way, newest first.
type likeSource struct {
	How  string // completes "like X that you …"
	List func(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error)
}

// maxLikes is how many liked papers train a reader's model: the latest,
// since tastes move.
const maxLikes = 300

// likeSources are the ways a reader says they like a paper: upvotes, the
// papers in their collections (private ones too: the list is theirs alone),
// and each further source adds an entry here.
func (s *Server) likeSources() []likeSource {
	var out []likeSource
	if s.votes != nil {
		out = append(out, likeSource{How: "upvoted", List: func(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error) {
			ps, _, err := s.votes.UserUpvotes(ctx, userID, 0, limit)
			return ps, err
		}})
	}
	if s.curation.collections != nil {
		out = append(out, likeSource{How: "collected", List: s.collectedPapers})
	}
	if s.discussion.authors != nil {
		out = append(out, likeSource{How: "wrote", List: s.claimedPapers})
	}
	return out
}

// collectedPapers lists the papers in userID's collections, newest
// collection first, up to limit.
func (s *Server) collectedPapers(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error) {
	cols, err := s.curation.collections.UserCollections(ctx, userID, userID)
	if err != nil {
		return nil, err
	}
	var out []*paperwire.Paper
	for _, c := range cols {
		items, err := s.curation.collections.CollectionItems(ctx, userID, c.ID)
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

// likesOf gathers userID's likes from every source, each paper once (under
// the first source that has it), at most maxLikes.
func (s *Server) likesOf(ctx context.Context, userID int64) ([]like, error) {
	var out []like
	seen := map[string]bool{}
	for _, src := range s.likeSources() {
		ps, err := src.List(ctx, userID, maxLikes)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if !seen[p.ID] && len(out) < maxLikes {
				seen[p.ID] = true
				out = append(out, like{Paper: p, How: src.How})
			}
		}
	}
	return out, nil
}

// claimedPapers lists the papers userID is a verified author of, newest
// claim first, up to limit.
func (s *Server) claimedPapers(ctx context.Context, userID int64, limit int) ([]*paperwire.Paper, error) {
	claims, err := s.discussion.authors.UserClaims(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []*paperwire.Paper
	for _, c := range claims {
		if c.Status != paperwire.ClaimVerified || len(out) == limit {
			continue
		}
		p, err := s.papers.Paper(ctx, c.PaperID)
		if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
