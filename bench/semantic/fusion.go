package main

import "math"

// rrf fuses two runs by reciprocal rank: Σ w/(k+rank).
func rrf(a, b []hit, k, wb float64) []hit {
	s := map[int]float64{}
	for r, h := range a {
		s[h.Doc] += (1 - wb) / (k + float64(r+1))
	}
	for r, h := range b {
		s[h.Doc] += wb / (k + float64(r+1))
	}
	return fromMap(s)
}

// blend fuses two runs by min-max normalised scores: (1-w)·a + w·b, a document
// missing from one run getting that run's minimum.
func blend(a, b []hit, w float64) []hit {
	na, nb := minmax(a), minmax(b)
	s := map[int]float64{}
	for d := range na {
		s[d] = (1 - w) * na[d]
	}
	for d, v := range nb {
		s[d] += w * v
	}
	return fromMap(s)
}

func minmax(run []hit) map[int]float64 {
	out := make(map[int]float64, len(run))
	if len(run) == 0 {
		return out
	}
	lo, hi := run[0].Score, run[0].Score
	for _, h := range run {
		lo, hi = min(lo, h.Score), max(hi, h.Score)
	}
	for _, h := range run {
		if hi > lo {
			out[h.Doc] = (h.Score - lo) / (hi - lo)
		} else {
			out[h.Doc] = 1
		}
	}
	return out
}

func fromMap(s map[int]float64) []hit {
	out := make([]hit, 0, len(s))
	for d, v := range s {
		out = append(out, hit{d, v})
	}
	sortHits(out)
	return out
}

// zblend fuses by z-scores over each run's top 100: (1-w)·z(a) + w·z(b);
// a document missing from a run gets that run's lowest z-score.
func zblend(a, b []hit, w float64) []hit {
	za, zb := zscores(a, 100), zscores(b, 100)
	lowA, lowB := lowest(za), lowest(zb)
	s := map[int]float64{}
	for d, v := range za {
		s[d] = (1-w)*v + w*lowB
	}
	for d, v := range zb {
		if _, ok := za[d]; ok {
			s[d] += w * (v - lowB)
		} else {
			s[d] = (1-w)*lowA + w*v
		}
	}
	return fromMap(s)
}

func zscores(run []hit, depth int) map[int]float64 {
	run = run[:min(depth, len(run))]
	out := make(map[int]float64, len(run))
	var mean, sq float64
	for _, h := range run {
		mean += h.Score
	}
	mean /= float64(max(1, len(run)))
	for _, h := range run {
		sq += (h.Score - mean) * (h.Score - mean)
	}
	sd := math.Sqrt(sq / float64(max(1, len(run))))
	if sd == 0 {
		sd = 1
	}
	for _, h := range run {
		out[h.Doc] = (h.Score - mean) / sd
	}
	return out
}

func lowest(m map[int]float64) float64 {
	lo := math.Inf(1)
	for _, v := range m {
		lo = min(lo, v)
	}
	if math.IsInf(lo, 1) {
		return 0
	}
	return lo
}
