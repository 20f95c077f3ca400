package foryou

import (
	"math"
)

// entry is one keyword feature of a paper.
type entry struct {
	term int32
	w    float32
}

// features are the papers of one ranking as vectors of unit length: the
// paper vector scaled by √VecWeight beside its tf·idf keywords scaled by
// √(1−VecWeight), so a dot product of two papers blends the two cosines.
type features struct {
	dim    int // of the paper vectors; 0 when no paper has one
	vocab  int
	dense  [][]float32 // nil for a paper without a vector
	sparse [][]entry   // sorted by term
}

// catPrefix marks category features apart from words ("cs.CL" is no word).
const catPrefix = "\x00cat:"

// titleWeight counts a title word as this many abstract words: a title
// says more about a paper than a sentence of its abstract.
const titleWeight = 2

// buildFeatures turns papers into features. The idf is computed over the
// papers themselves (the likes and the candidates), which is the collection
// a ranking compares within.
func (r *Ranker) buildFeatures(papers []Paper, vecWeight float64) *features {
	f := &features{dense: make([][]float32, len(papers)), sparse: make([][]entry, len(papers))}
	for _, p := range papers {
		if len(p.Vec) > 0 {
			f.dim = len(p.Vec)
			break
		}
	}
	counts, vocab := r.termsOf(papers)
	df := make([]int32, vocab)
	for _, tc := range counts {
		for _, c := range tc {
			df[c.term]++
		}
	}
	f.vocab = vocab
	n := float64(len(papers))
	for i, p := range papers {
		kw := 1.0
		if f.dim > 0 && len(p.Vec) == f.dim {
			kw = 1 - vecWeight
			if vecWeight > 0 {
				s := float32(math.Sqrt(vecWeight) / norm32(p.Vec))
				d := make([]float32, f.dim)
				for j, x := range p.Vec {
					d[j] = x * s
				}
				f.dense[i] = d
			}
		}
		if kw <= 0 {
			continue
		}
		es := make([]entry, len(counts[i]))
		var sum float64
		for j, c := range counts[i] {
			w := (1 + math.Log(float64(c.w))) * (math.Log((1+n)/(1+float64(df[c.term]))) + 1)
			es[j] = entry{c.term, float32(w)}
			sum += w * w
		}
		if sum > 0 {
			s := math.Sqrt(kw / sum)
			for j := range es {
				es[j].w = float32(float64(es[j].w) * s)
			}
		}
		f.sparse[i] = es
	}
	return f
}

func norm32(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return 1
	}
	return math.Sqrt(s)
}

// sim is the dot product of papers i and j: the blended cosine.
func (f *features) sim(i, j int) float64 {
	var s float64
	if a, b := f.dense[i], f.dense[j]; a != nil && b != nil {
		for k := range a {
			s += float64(a[k]) * float64(b[k])
		}
	}
	a, b := f.sparse[i], f.sparse[j]
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x].term < b[y].term:
			x++
		case a[x].term > b[y].term:
			y++
		default:
			s += float64(a[x].w) * float64(b[y].w)
			x++
			y++
		}
	}
	return s
}

// linear is a weight vector over the features.
type linear struct {
	dense  []float64
	sparse []float64
	bias   float64
}

func newLinear(f *features) *linear {
	return &linear{dense: make([]float64, f.dim), sparse: make([]float64, f.vocab)}
}

// score is w·x for paper i.
func (w *linear) score(f *features, i int) float64 {
	s := w.bias
	for k, x := range f.dense[i] {
		s += w.dense[k] * float64(x)
	}
	for _, e := range f.sparse[i] {
		s += w.sparse[e.term] * float64(e.w)
	}
	return s
}

// add adds c·x(paper i) to w.
func (w *linear) add(f *features, i int, c float64) {
	for k, x := range f.dense[i] {
		w.dense[k] += c * float64(x)
	}
	for _, e := range f.sparse[i] {
		w.sparse[e.term] += c * float64(e.w)
	}
}
