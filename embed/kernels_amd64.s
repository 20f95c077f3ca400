#include "textflag.h"

// func axpyAVX2(y, x *float32, n int, a float32)
// y[i] += a*x[i] for i < n, n a multiple of 4, one fused multiply-add each.
// The last four lanes of a 300-component row go through an XMM register, so
// every component is rounded alike.
TEXT ·axpyAVX2(SB), NOSPLIT, $0-28
	MOVQ         y+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS a+24(FP), Y0

loop32:
	CMPQ        CX, $32
	JL          loop8
	VMOVUPS     (DI), Y1
	VMOVUPS     32(DI), Y2
	VMOVUPS     64(DI), Y3
	VMOVUPS     96(DI), Y4
	VFMADD231PS (SI), Y0, Y1
	VFMADD231PS 32(SI), Y0, Y2
	VFMADD231PS 64(SI), Y0, Y3
	VFMADD231PS 96(SI), Y0, Y4
	VMOVUPS     Y1, (DI)
	VMOVUPS     Y2, 32(DI)
	VMOVUPS     Y3, 64(DI)
	VMOVUPS     Y4, 96(DI)
	ADDQ        $128, DI
	ADDQ        $128, SI
	SUBQ        $32, CX
	JMP         loop32

loop8:
	CMPQ        CX, $8
	JL          loop4
	VMOVUPS     (DI), Y1
	VFMADD231PS (SI), Y0, Y1
	VMOVUPS     Y1, (DI)
	ADDQ        $32, DI
	ADDQ        $32, SI
	SUBQ        $8, CX
	JMP         loop8

loop4:
	CMPQ        CX, $4
	JL          done
	VMOVUPS     (DI), X1
	VFMADD231PS (SI), X0, X1
	VMOVUPS     X1, (DI)

done:
	VZEROUPPER
	RET

// func adagradAVX2(v, acc, grad *float32, n int, lr, eps float32)
// For i < n, n a multiple of 4: acc[i] += grad[i]², then
// v[i] -= lr*grad[i] / sqrt(acc[i]+eps), in float32. The reciprocal square
// root is VRSQRTPS's 12-bit estimate refined by one Newton step,
// r' = r·(1.5 - 0.5·x·r²), good to about 2⁻²² relative: a square root and a
// division cost four times as long.
TEXT ·adagradAVX2(SB), NOSPLIT, $0-40
	MOVQ         v+0(FP), DI
	MOVQ         acc+8(FP), SI
	MOVQ         grad+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSS lr+32(FP), Y0
	VBROADCASTSS eps+36(FP), Y7
	MOVL         $0x3f000000, AX // 0.5
	VMOVD        AX, X8
	VBROADCASTSS X8, Y8
	MOVL         $0x3fc00000, AX // 1.5
	VMOVD        AX, X9
	VBROADCASTSS X9, Y9

next8:
	CMPQ        CX, $8
	JL          next4
	VMOVUPS     (DX), Y1
	VMOVUPS     (SI), Y2
	VFMADD231PS Y1, Y1, Y2
	VMOVUPS     Y2, (SI)
	VADDPS      Y7, Y2, Y3
	VRSQRTPS    Y3, Y4
	VMULPS      Y4, Y4, Y5
	VMULPS      Y5, Y3, Y5
	VMULPS      Y8, Y5, Y5
	VSUBPS      Y5, Y9, Y5
	VMULPS      Y5, Y4, Y4
	VMULPS      Y0, Y1, Y6
	VMULPS      Y4, Y6, Y6
	VMOVUPS     (DI), Y5
	VSUBPS      Y6, Y5, Y5
	VMOVUPS     Y5, (DI)
	ADDQ        $32, DI
	ADDQ        $32, SI
	ADDQ        $32, DX
	SUBQ        $8, CX
	JMP         next8

next4:
	CMPQ        CX, $4
	JL          end
	VMOVUPS     (DX), X1
	VMOVUPS     (SI), X2
	VFMADD231PS X1, X1, X2
	VMOVUPS     X2, (SI)
	VADDPS      X7, X2, X3
	VRSQRTPS    X3, X4
	VMULPS      X4, X4, X5
	VMULPS      X5, X3, X5
	VMULPS      X8, X5, X5
	VSUBPS      X5, X9, X5
	VMULPS      X5, X4, X4
	VMULPS      X0, X1, X6
	VMULPS      X4, X6, X6
	VMOVUPS     (DI), X5
	VSUBPS      X6, X5, X5
	VMOVUPS     X5, (DI)

end:
	VZEROUPPER
	RET

// func axpyInt8AVX2(y *float32, r *int8, n int, a, scale float32)
// y[i] += a*(float32(r[i])*scale) for i < n, n a multiple of 4: an int8 row
// of a compact table decoded as ReadTable does and added in one pass.
TEXT ·axpyInt8AVX2(SB), NOSPLIT, $0-32
	MOVQ         y+0(FP), DI
	MOVQ         r+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS a+24(FP), Y0
	VBROADCASTSS scale+28(FP), Y9

int32s:
	CMPQ        CX, $32
	JL          int8s
	VPMOVSXBD   (SI), Y1
	VPMOVSXBD   8(SI), Y2
	VPMOVSXBD   16(SI), Y3
	VPMOVSXBD   24(SI), Y4
	VCVTDQ2PS   Y1, Y1
	VCVTDQ2PS   Y2, Y2
	VCVTDQ2PS   Y3, Y3
	VCVTDQ2PS   Y4, Y4
	VMULPS      Y9, Y1, Y1
	VMULPS      Y9, Y2, Y2
	VMULPS      Y9, Y3, Y3
	VMULPS      Y9, Y4, Y4
	VMOVUPS     (DI), Y5
	VMOVUPS     32(DI), Y6
	VMOVUPS     64(DI), Y7
	VMOVUPS     96(DI), Y8
	VFMADD231PS Y1, Y0, Y5
	VFMADD231PS Y2, Y0, Y6
	VFMADD231PS Y3, Y0, Y7
	VFMADD231PS Y4, Y0, Y8
	VMOVUPS     Y5, (DI)
	VMOVUPS     Y6, 32(DI)
	VMOVUPS     Y7, 64(DI)
	VMOVUPS     Y8, 96(DI)
	ADDQ        $32, SI
	ADDQ        $128, DI
	SUBQ        $32, CX
	JMP         int32s

int8s:
	CMPQ        CX, $8
	JL          int4s
	VPMOVSXBD   (SI), Y1
	VCVTDQ2PS   Y1, Y1
	VMULPS      Y9, Y1, Y1
	VMOVUPS     (DI), Y5
	VFMADD231PS Y1, Y0, Y5
	VMOVUPS     Y5, (DI)
	ADDQ        $8, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         int8s

int4s:
	CMPQ        CX, $4
	JL          fin
	VPMOVSXBD   (SI), X1
	VCVTDQ2PS   X1, X1
	VMULPS      X9, X1, X1
	VMOVUPS     (DI), X5
	VFMADD231PS X1, X0, X5
	VMOVUPS     X5, (DI)

fin:
	VZEROUPPER
	RET

// func gemm4x16AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k int)
// C[0:4, 0:16] = A[0:4, 0:k] · B[0:k, 0:16], every matrix row-major with the
// given row strides (in elements): eight accumulators of eight lanes, two
// loads of B's row and four broadcasts of A's column per step of k.
TEXT ·gemm4x16AVX2(SB), NOSPLIT, $0-56
	MOVQ a+0(FP), R8
	MOVQ lda+8(FP), AX
	SHLQ $2, AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	LEAQ (R10)(AX*1), R11
	MOVQ b+16(FP), SI
	MOVQ ldb+24(FP), BX
	SHLQ $2, BX
	MOVQ k+48(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

kstep:
	CMPQ         CX, $0
	JE           store
	VMOVUPS      (SI), Y8
	VMOVUPS      32(SI), Y9
	VBROADCASTSS (R8), Y10
	VBROADCASTSS (R9), Y11
	VFMADD231PS  Y8, Y10, Y0
	VFMADD231PS  Y9, Y10, Y1
	VFMADD231PS  Y8, Y11, Y2
	VFMADD231PS  Y9, Y11, Y3
	VBROADCASTSS (R10), Y12
	VBROADCASTSS (R11), Y13
	VFMADD231PS  Y8, Y12, Y4
	VFMADD231PS  Y9, Y12, Y5
	VFMADD231PS  Y8, Y13, Y6
	VFMADD231PS  Y9, Y13, Y7
	ADDQ         $4, R8
	ADDQ         $4, R9
	ADDQ         $4, R10
	ADDQ         $4, R11
	ADDQ         BX, SI
	DECQ         CX
	JMP          kstep

store:
	MOVQ    c+32(FP), DI
	MOVQ    ldc+40(FP), DX
	SHLQ    $2, DX
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ    DX, DI
	VMOVUPS Y2, (DI)
	VMOVUPS Y3, 32(DI)
	ADDQ    DX, DI
	VMOVUPS Y4, (DI)
	VMOVUPS Y5, 32(DI)
	ADDQ    DX, DI
	VMOVUPS Y6, (DI)
	VMOVUPS Y7, 32(DI)
	VZEROUPPER
	RET

// func prefetchAVX2(p *float32, n int)
// Asks for the cache lines of p[0:n] ahead of their use.
TEXT ·prefetchAVX2(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	LEAQ (SI)(CX*4), CX

next:
	PREFETCHT0 (SI)
	ADDQ       $64, SI
	CMPQ       SI, CX
	JL         next
	RET
