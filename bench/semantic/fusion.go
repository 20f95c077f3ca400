package main

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
