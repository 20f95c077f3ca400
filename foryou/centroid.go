package foryou

// centroid is the mean of the liked papers' features: a candidate scores
// its blended cosine to the average like. It needs no negatives and no
// training, and it favours the middle of what someone likes.
func centroid(f *features, likes []int) *linear {
	w := newLinear(f)
	if len(likes) == 0 {
		return w
	}
	c := 1 / float64(len(likes))
	for _, i := range likes {
		w.add(f, i, c)
	}
	return w
}
