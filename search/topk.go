package search

import (
	"slices"
	"sort"
)

// topK keeps the k best documents under less (a min-heap on less).
type topK struct {
	k    int
	less func(a, b uint32) bool
	heap []uint32
}

func newTopK(k int, less func(a, b uint32) bool) *topK {
	return &topK{k: k, less: less, heap: make([]uint32, 0, min(k, 1024))}
}

func (t *topK) push(n uint32) {
	if len(t.heap) < t.k {
		t.heap = append(t.heap, n)
		t.up(len(t.heap) - 1)
		return
	}
	if t.k == 0 || !t.less(t.heap[0], n) {
		return
	}
	t.heap[0] = n
	t.down(0)
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.less(t.heap[i], t.heap[p]) {
			return
		}
		t.heap[i], t.heap[p] = t.heap[p], t.heap[i]
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.heap)
	for {
		m := i
		if l := 2*i + 1; l < n && t.less(t.heap[l], t.heap[m]) {
			m = l
		}
		if r := 2*i + 2; r < n && t.less(t.heap[r], t.heap[m]) {
			m = r
		}
		if m == i {
			return
		}
		t.heap[i], t.heap[m] = t.heap[m], t.heap[i]
		i = m
	}
}

// sorted returns the kept documents, best first.
func (t *topK) sorted() []uint32 {
	out := append([]uint32(nil), t.heap...)
	sort.Slice(out, func(i, j int) bool { return t.less(out[j], out[i]) })
	return out
}

// scoreTopK keeps the k best documents by score, ties going to the later
// document: topK under lessFunc's relevance order, with the scores kept
// beside the document numbers, so that a comparison is two loads and no
// call. Hybrid search keeps a thousand, and most matches pass through here.
type scoreTopK struct {
	k    int
	heap []scoredDoc // a min-heap: heap[0] is the worst kept
}

type scoredDoc struct {
	score float32
	n     uint32
}

// below reports whether a ranks below b.
func (a scoredDoc) below(b scoredDoc) bool {
	return a.score < b.score || (a.score == b.score && a.n < b.n)
}

func newScoreTopK(k int) *scoreTopK {
	return &scoreTopK{k: k, heap: make([]scoredDoc, 0, min(k, 1024))}
}

func (t *scoreTopK) push(n uint32, score float32) {
	d := scoredDoc{score, n}
	h := t.heap
	if len(h) < t.k {
		h = append(h, d)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !h[i].below(h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		t.heap = h
		return
	}
	if t.k == 0 || !h[0].below(d) {
		return
	}
	h[0] = d
	for i := 0; ; {
		m := i
		if l := 2*i + 1; l < len(h) && h[l].below(h[m]) {
			m = l
		}
		if r := 2*i + 2; r < len(h) && h[r].below(h[m]) {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// sorted returns the kept documents, best first.
func (t *scoreTopK) sorted() []uint32 {
	h := slices.Clone(t.heap)
	slices.SortFunc(h, func(a, b scoredDoc) int {
		if b.below(a) {
			return -1
		}
		return 1
	})
	out := make([]uint32, len(h))
	for i, d := range h {
		out[i] = d.n
	}
	return out
}
