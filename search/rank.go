package search

import "slices"

// sortByScore orders xs best first, keeping the input order among equal
// scores: what sort.SliceStable with "a.Score > b.Score" gives, at a
// fraction of its cost (it sorts hundreds of candidates per hybrid search;
// the stable sort moved each 24-byte element through reflection many times).
func sortByScore(xs []Scored) {
	tmp := slices.Clone(xs)
	for j, i := range rankOrder(xs) {
		xs[j] = tmp[i]
	}
}

// rankOrder returns the positions of xs best first, earlier positions first
// among equal scores.
func rankOrder(xs []Scored) []int32 {
	type ranked struct {
		score float64
		i     int32
	}
	r := make([]ranked, len(xs))
	for i, x := range xs {
		r[i] = ranked{x.Score, int32(i)}
	}
	slices.SortFunc(r, func(a, b ranked) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.i - b.i)
	})
	out := make([]int32, len(r))
	for j, x := range r {
		out[j] = x.i
	}
	return out
}

// bestFirst returns the best k of xs in sortByScore's order (higher score
// first, earlier position first among equals), all of them when k <= 0. A
// small k (picksFew) is picked in one pass, into a list kept sorted; xs may
// be reordered.
func bestFirst(xs []Scored, k int) []Scored {
	if !picksFew(k, len(xs)) {
		sortByScore(xs)
		if k > 0 && k < len(xs) {
			return xs[:k]
		}
		return xs
	}
	best := newBestK(k)
	for _, x := range xs {
		best.offer(x)
	}
	return best.xs
}

// picksFew says whether the best k of n are picked by a bestK rather than
// by sorting all n.
func picksFew(k, n int) bool { return k > 0 && k < n/8 }

// bestK keeps the best k Scored offered, best first; among equal scores
// the one offered first ranks first.
type bestK struct {
	k  int
	xs []Scored
}

func newBestK(k int) *bestK { return &bestK{k: k, xs: make([]Scored, 0, k)} }

func (b *bestK) offer(x Scored) {
	best, k := b.xs, b.k
	// A later equal never displaces an earlier one, so ties keep their order.
	if len(best) == k && !(x.Score > best[k-1].Score) {
		return
	}
	at := len(best)
	for at > 0 && x.Score > best[at-1].Score {
		at--
	}
	if len(best) < k {
		best = append(best, Scored{})
	}
	copy(best[at+1:], best[at:len(best)-1])
	best[at] = x
	b.xs = best
}
