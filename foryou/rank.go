package foryou

import (
	"sort"
)

// Rank orders cands for someone who liked likes, best first. Candidates
// that are among the likes are left out. With no likes, or no candidates,
// it returns nil.
func (r *Ranker) Rank(likes, cands []Paper, opt Options) []Ranked {
	opt = opt.withDefaults()
	liked := make(map[string]bool, len(likes))
	for _, p := range likes {
		liked[p.ID] = true
	}
	all := make([]Paper, 0, len(likes)+len(cands))
	all = append(all, likes...)
	var candIdx []int
	for _, p := range cands {
		if liked[p.ID] {
			continue
		}
		candIdx = append(candIdx, len(all))
		all = append(all, p)
	}
	if len(likes) == 0 || len(candIdx) == 0 {
		return nil
	}
	f := r.buildFeatures(all, opt.VecWeight)
	likeIdx := make([]int, len(likes))
	for i := range likes {
		likeIdx[i] = i
	}
	var w *linear
	switch {
	case opt.Method == MethodCentroid || len(candIdx) < minNegatives:
		w = centroid(f, likeIdx)
	default:
		w = svm(f, likeIdx, candIdx, opt.Lambda, opt.Epochs, opt.Seed)
	}
	out := make([]Ranked, len(candIdx))
	for k, i := range candIdx {
		out[k] = Ranked{ID: all[i].ID, Score: w.score(f, i)}
	}
	pos := make(map[string]int, len(candIdx))
	for _, i := range candIdx {
		pos[all[i].ID] = i
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	for k := range out[:min(opt.Explain, len(out))] {
		out[k].Because = all[nearest(f, pos[out[k].ID], likeIdx)].ID
	}
	return out
}

// minNegatives is the fewest candidates the SVM trains against: with a
// handful, the papers the reader would want are a large share of the
// negatives and the SVM learns noise, so the centroid ranks instead.
const minNegatives = 100

// nearest returns the like most similar to paper i.
func nearest(f *features, i int, likes []int) int {
	best, bestSim := likes[0], -2.0
	for _, j := range likes {
		if s := f.sim(i, j); s > bestSim {
			best, bestSim = j, s
		}
	}
	return best
}
