package embed

import "github.com/viterin/vek/vek32"

// SoftMatch scores how well doc covers query word by word: for each query
// word, the cosine similarity of its vector with the closest doc word's,
// weighted by idf and averaged. Exact matches score 1, near-synonyms nearly
// so; unlike a single text vector it keeps which words matched. Meant for
// re-ranking a lexical top list.
func (m *Model) SoftMatch(query, doc string) float32 {
	t := m.table
	qs := m.unitRows(Tokenize(query))
	ds := m.unitRows(Tokenize(doc))
	if len(qs) == 0 || len(ds) == 0 {
		return 0
	}
	var sum, wsum float32
	for _, qi := range qs {
		best := float32(-1)
		for _, di := range ds {
			if qi == di {
				best = 1
				break
			}
			best = max(best, vek32.Dot(m.unit(qi), m.unit(di)))
		}
		sum += t.Weights[qi] * best
		wsum += t.Weights[qi]
	}
	return sum / wsum
}

func (m *Model) unitRows(words []string) []int {
	seen := map[int]bool{}
	var out []int
	for _, w := range words {
		if i := m.table.Lookup(w); i >= 0 && !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

func (m *Model) unit(i int) []float32 {
	m.unitOnce.Do(func() {
		t := m.Table()
		m.units = make([]float32, len(t.Vecs))
		copy(m.units, t.Vecs)
		for r := range t.Words {
			normalize(m.units[r*t.Dim : (r+1)*t.Dim])
		}
	})
	return m.units[i*m.table.Dim : (i+1)*m.table.Dim]
}
