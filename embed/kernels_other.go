//go:build !amd64

package embed

const useAVX2 = false

func axpyAVX2(y, x *float32, n int, a float32) { panic("embed: no AVX2 here") }

func adagradAVX2(v, acc, grad *float32, n int, lr, eps float32) { panic("embed: no AVX2 here") }

func axpyInt8AVX2(y *float32, r *int8, n int, a, scale float32) { panic("embed: no AVX2 here") }

func gemm4x16AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k int) {
	panic("embed: no AVX2 here")
}

func expAVX2(x *float64, n int) { panic("embed: no AVX2 here") }
