package index

// Params are the BM25F parameters: one saturation k1 for the document and,
// per field, a weight and a length normalisation b.
//
//	score(q, d) = Σ_t idf(t) · tf̃ / (k1 + tf̃)   over the distinct query terms t
//	tf̃ = Σ_f w_f · tf_f / (1 − b_f + b_f · len_f / avglen_f)
//	idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))
type Params struct {
	K1     float64
	Weight [NumFields]float64
	B      [NumFields]float64
}

// DefaultParams are tuned on the SciFact train split (see docs/search.md).
func DefaultParams() Params {
	return Params{
		K1:     1.5,
		Weight: [NumFields]float64{FieldTitle: 3, FieldAbstract: 1, FieldAuthors: 1, FieldCategories: 0.5},
		B:      [NumFields]float64{FieldTitle: 0.6, FieldAbstract: 0.75, FieldAuthors: 0.3, FieldCategories: 0},
	}
}
