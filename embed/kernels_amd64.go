package embed

import "golang.org/x/sys/cpu"

// useAVX2 says whether the AVX2 + FMA kernels may run here.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// axpyAVX2 sets y[i] += a*x[i] for i < n, n a multiple of 4.
//
//go:noescape
func axpyAVX2(y, x *float32, n int, a float32)

// adagradAVX2 is adagrad's loop for n a multiple of 4.
//
//go:noescape
func adagradAVX2(v, acc, grad *float32, n int, lr, eps float32)

// axpyInt8AVX2 sets y[i] += a*(float32(r[i])*scale) for i < n, n a multiple of 4.
//
//go:noescape
func axpyInt8AVX2(y *float32, r *int8, n int, a, scale float32)

// gemm4x16AVX2 sets C[0:4, 0:16] = A[0:4, 0:k] · B[0:k, 0:16] for row-major
// matrices with row strides lda, ldb and ldc elements.
//
//go:noescape
func gemm4x16AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k int)

// expAVX2 sets x[i] = exp(x[i]) for i < n, n a multiple of 4, arguments in
// [-700, 700].
//
//go:noescape
func expAVX2(x *float64, n int)
