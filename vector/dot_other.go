//go:build !amd64

package vector

const useAVX2 = false

func dotInt8AVX2(q *float32, r *int8, n int) float32 { panic("vector: no AVX2 here") }
