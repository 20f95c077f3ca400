package search

import "sort"

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
