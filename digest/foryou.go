package digest

import (
	"context"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/foryou"
)

// defaultForYou is how many papers a digest's For-you section lists.
const defaultForYou = 5

// forYouFor ranks the period's papers for an opted-in subscriber's account
// and returns the best few, with their reasons, that are not in the
// trending section already. Nil when the account likes nothing yet (no
// section, never an empty heading), or when the subscriber did not opt in:
// only those subscribers cost a ranking.
func (b *Builder) forYouFor(ctx context.Context, c *cache, sub *paperwire.Subscriber, trending []*paperwire.Paper) ([]item, error) {
	if b.ForYou == nil || !sub.ForYou || sub.UserID == 0 {
		return nil, nil
	}
	likes, err := b.ForYou.Likes(ctx, sub.UserID)
	if err != nil || len(likes) == 0 {
		return nil, err
	}
	cands, err := c.forYouCandidates(ctx)
	if err != nil {
		return nil, err
	}
	ranked, err := b.ForYou.Rank(ctx, likes, cands)
	if err != nil {
		return nil, err
	}
	limit := b.ForYouSize
	if limit <= 0 {
		limit = defaultForYou
	}
	skip := make(map[string]bool, len(trending))
	for _, p := range trending {
		skip[p.ID] = true
	}
	byLike := foryou.ByID(likes)
	var out []item
	for _, r := range ranked {
		if len(out) == limit {
			break
		}
		p, ok := c.candidate[r.ID]
		if !ok || skip[r.ID] {
			continue
		}
		it := b.items([]*paperwire.Paper{p})[0]
		if lk, ok := byLike[r.Because]; ok {
			it.BecauseTitle, it.BecauseURL, it.BecauseHow = oneLine(lk.Paper.Title), b.Mail.URL("/papers/"+lk.Paper.ID), lk.How
		}
		out = append(out, it)
	}
	return out, nil
}

// forYouCandidates reads the period's papers once per run: every opted-in
// subscriber's ranking orders the same ones.
func (c *cache) forYouCandidates(ctx context.Context) ([]*paperwire.Paper, error) {
	if c.candidate != nil {
		return c.candidates, nil
	}
	cands, err := c.b.ForYou.Candidates(ctx, c.p.Start, c.p.End, c.now)
	if err != nil {
		return nil, err
	}
	c.candidates, c.candidate = cands, make(map[string]*paperwire.Paper, len(cands))
	for _, p := range cands {
		c.candidate[p.ID] = p
	}
	return cands, nil
}
