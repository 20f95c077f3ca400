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
type like = foryou.Like

// picker is the For-you ranking over this server's stores: upvotes, the
// papers in the reader's collections and the papers they wrote are the
// likes (foryou.Picker). The digest's For-you section uses the same.
func (s *Server) picker() *foryou.Picker {
	return &foryou.Picker{Papers: s.papers, Votes: s.votes, Collections: s.curation.collections,
		Authors: s.discussion.authors, Ranker: s.recommender}
}

// likesOf gathers userID's likes from every source, each paper once.
func (s *Server) likesOf(ctx context.Context, userID int64) ([]like, error) {
	return s.picker().Likes(ctx, userID)
}
