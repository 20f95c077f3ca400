package vector

import "math"

// Vectors are kept in memory as int8 components with one float32 scale per
// row (the row's largest magnitude over 127): a quarter of float32's memory
// (22.5 MB instead of 90 MB for 75,000 papers at 300 dimensions). A unit
// vector's components then move by at most 1/254 of the row's largest, and a
// cosine by about 10⁻⁴; docs/decisions/012-int8-vectors.md measures what that
// does to search quality.

// quantize writes v as int8 steps of the returned scale into q (len(v)).
func quantize(v []float32, q []int8) (scale float32) {
	var maxAbs float32
	for _, x := range v {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	scale = maxAbs / 127
	for j, x := range v {
		r := 0.0
		if scale > 0 {
			r = math.Round(float64(x / scale))
		}
		q[j] = int8(max(-127, min(127, r)))
	}
	return scale
}

// dequantize writes the row q of the given scale into dst (len(q)).
func dequantize(q []int8, scale float32, dst []float32) {
	for j, x := range q {
		dst[j] = float32(x) * scale
	}
}

// dotInt8 is the dot product of a float32 query with an int8 row, before
// the row's scale: dotInt8AVX2 where the CPU has it (about a tenth of the
// time: hybrid search scores a thousand rows a query), else dotInt8Go.
func dotInt8(q []float32, r []int8) float32 {
	r = r[:len(q)]
	if useAVX2 && len(q) > 0 {
		return dotInt8AVX2(&q[0], &r[0], len(q))
	}
	return dotInt8Go(q, r)
}

// dotInt8Go is dotInt8 in Go. Four accumulators let the CPU overlap the
// additions.
func dotInt8Go(q []float32, r []int8) float32 {
	r = r[:len(q)]
	var s0, s1, s2, s3 float32
	j := 0
	for ; j+4 <= len(q); j += 4 {
		s0 += q[j] * float32(r[j])
		s1 += q[j+1] * float32(r[j+1])
		s2 += q[j+2] * float32(r[j+2])
		s3 += q[j+3] * float32(r[j+3])
	}
	for ; j < len(q); j++ {
		s0 += q[j] * float32(r[j])
	}
	return (s0 + s1) + (s2 + s3)
}

// Stored returns vec as an index keeps it: each component rounded to a
// multiple of the row's scale.
func Stored(vec []float32) []float32 {
	q := make([]int8, len(vec))
	out := make([]float32, len(vec))
	dequantize(q, quantize(vec, q), out)
	return out
}
