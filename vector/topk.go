package vector

import "container/heap"

// topK keeps the k best (row, score) pairs seen so far in a min-heap, so the
// worst kept score is the bar a new candidate must pass.
type topK struct {
	k     int
	rows  []int
	score []float32
}

func newTopK(k int) *topK {
	return &topK{k: k, rows: make([]int, 0, k), score: make([]float32, 0, k)}
}

func (t *topK) Len() int { return len(t.rows) }
func (t *topK) Less(i, j int) bool {
	if t.score[i] != t.score[j] {
		return t.score[i] < t.score[j]
	}
	return t.rows[i] > t.rows[j] // among ties keep lower rows: stable, deterministic results
}
func (t *topK) Swap(i, j int) {
	t.rows[i], t.rows[j] = t.rows[j], t.rows[i]
	t.score[i], t.score[j] = t.score[j], t.score[i]
}
func (t *topK) Push(x any) {
	p := x.(entry)
	t.rows, t.score = append(t.rows, p.row), append(t.score, p.score)
}
func (t *topK) Pop() any {
	n := len(t.rows) - 1
	p := entry{t.rows[n], t.score[n]}
	t.rows, t.score = t.rows[:n], t.score[:n]
	return p
}

type entry struct {
	row   int
	score float32
}

// full reports whether k candidates are kept; then bar is the worst of them.
func (t *topK) full() bool      { return len(t.rows) >= t.k }
func (t *topK) bar() float32    { return t.score[0] }
func (t *topK) barRow() int     { return t.rows[0] }
func (t *topK) push(e entry)    { heap.Push(t, e) }
func (t *topK) replace(e entry) { t.rows[0], t.score[0] = e.row, e.score; heap.Fix(t, 0) }

// beats reports whether (row, s) ranks above the current worst kept entry.
func (t *topK) beats(row int, s float32) bool {
	return s > t.bar() || (s == t.bar() && row < t.barRow())
}

// offer considers one candidate.
func (t *topK) offer(row int, s float32) {
	if !t.full() {
		t.push(entry{row, s})
	} else if t.beats(row, s) {
		t.replace(entry{row, s})
	}
}
