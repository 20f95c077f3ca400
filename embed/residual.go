package embed

// lexicalScores returns BM25 (k1=0.9, b=0.4) of every query bag against
// every column bag, each row divided by its maximum so it lies in [0, 1].
// Training adds Residual times these to the logits: the loss is then that of
// the fused lexical + vector ranking, so the vectors learn what BM25 misses
// instead of re-learning what it already finds (complementary training).
func lexicalScores(qs, cols []bag, idf []float32, avgLen float32) [][]float32 {
	const k1, b = 0.9, 0.4
	type colTF struct {
		tf   map[int32]float32
		norm float32
	}
	ct := make([]colTF, len(cols))
	for j, c := range cols {
		tf := make(map[int32]float32, len(c.ids))
		var n float32
		for k, id := range c.ids {
			f := c.coef[k] / idf[id] // coef is tf·idf
			tf[id] = f
			n += f
		}
		ct[j] = colTF{tf, k1 * (1 - b + b*n/avgLen)}
	}
	out := make([][]float32, len(qs))
	for i, q := range qs {
		row := make([]float32, len(cols))
		var top float32
		for j := range cols {
			var s float32
			for _, id := range q.ids {
				if f, ok := ct[j].tf[id]; ok {
					s += idf[id] * f * (k1 + 1) / (f + ct[j].norm)
				}
			}
			row[j] = s
			top = max(top, s)
		}
		if top > 0 {
			for j := range row {
				row[j] /= top
			}
		}
		out[i] = row
	}
	return out
}
