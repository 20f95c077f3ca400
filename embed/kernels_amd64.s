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
// The constants of expAVX2, each four times over (one YMM register's worth).
DATA expConsts<>+0(SB)/8, $0x3ff71547652b82fe // log2(e)
DATA expConsts<>+8(SB)/8, $0x3ff71547652b82fe
DATA expConsts<>+16(SB)/8, $0x3ff71547652b82fe
DATA expConsts<>+24(SB)/8, $0x3ff71547652b82fe
DATA expConsts<>+32(SB)/8, $0x3fe62e4000000000 // ln 2, high bits
DATA expConsts<>+40(SB)/8, $0x3fe62e4000000000
DATA expConsts<>+48(SB)/8, $0x3fe62e4000000000
DATA expConsts<>+56(SB)/8, $0x3fe62e4000000000
DATA expConsts<>+64(SB)/8, $0x3eb7f7d1cf79abca // ln 2, low bits
DATA expConsts<>+72(SB)/8, $0x3eb7f7d1cf79abca
DATA expConsts<>+80(SB)/8, $0x3eb7f7d1cf79abca
DATA expConsts<>+88(SB)/8, $0x3eb7f7d1cf79abca
DATA expConsts<>+96(SB)/8, $0xc085e00000000000 // -700
DATA expConsts<>+104(SB)/8, $0xc085e00000000000
DATA expConsts<>+112(SB)/8, $0xc085e00000000000
DATA expConsts<>+120(SB)/8, $0xc085e00000000000
DATA expConsts<>+128(SB)/8, $0x4085e00000000000 // 700
DATA expConsts<>+136(SB)/8, $0x4085e00000000000
DATA expConsts<>+144(SB)/8, $0x4085e00000000000
DATA expConsts<>+152(SB)/8, $0x4085e00000000000
DATA expConsts<>+160(SB)/8, $0x3de6124613a86d09 // 1/13!
DATA expConsts<>+168(SB)/8, $0x3de6124613a86d09
DATA expConsts<>+176(SB)/8, $0x3de6124613a86d09
DATA expConsts<>+184(SB)/8, $0x3de6124613a86d09
DATA expConsts<>+192(SB)/8, $0x3e21eed8eff8d898 // 1/12!
DATA expConsts<>+200(SB)/8, $0x3e21eed8eff8d898
DATA expConsts<>+208(SB)/8, $0x3e21eed8eff8d898
DATA expConsts<>+216(SB)/8, $0x3e21eed8eff8d898
DATA expConsts<>+224(SB)/8, $0x3e5ae64567f544e4 // 1/11!
DATA expConsts<>+232(SB)/8, $0x3e5ae64567f544e4
DATA expConsts<>+240(SB)/8, $0x3e5ae64567f544e4
DATA expConsts<>+248(SB)/8, $0x3e5ae64567f544e4
DATA expConsts<>+256(SB)/8, $0x3e927e4fb7789f5c // 1/10!
DATA expConsts<>+264(SB)/8, $0x3e927e4fb7789f5c
DATA expConsts<>+272(SB)/8, $0x3e927e4fb7789f5c
DATA expConsts<>+280(SB)/8, $0x3e927e4fb7789f5c
DATA expConsts<>+288(SB)/8, $0x3ec71de3a556c734 // 1/9!
DATA expConsts<>+296(SB)/8, $0x3ec71de3a556c734
DATA expConsts<>+304(SB)/8, $0x3ec71de3a556c734
DATA expConsts<>+312(SB)/8, $0x3ec71de3a556c734
DATA expConsts<>+320(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA expConsts<>+328(SB)/8, $0x3efa01a01a01a01a
DATA expConsts<>+336(SB)/8, $0x3efa01a01a01a01a
DATA expConsts<>+344(SB)/8, $0x3efa01a01a01a01a
DATA expConsts<>+352(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA expConsts<>+360(SB)/8, $0x3f2a01a01a01a01a
DATA expConsts<>+368(SB)/8, $0x3f2a01a01a01a01a
DATA expConsts<>+376(SB)/8, $0x3f2a01a01a01a01a
DATA expConsts<>+384(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA expConsts<>+392(SB)/8, $0x3f56c16c16c16c17
DATA expConsts<>+400(SB)/8, $0x3f56c16c16c16c17
DATA expConsts<>+408(SB)/8, $0x3f56c16c16c16c17
DATA expConsts<>+416(SB)/8, $0x3f81111111111111 // 1/5!
DATA expConsts<>+424(SB)/8, $0x3f81111111111111
DATA expConsts<>+432(SB)/8, $0x3f81111111111111
DATA expConsts<>+440(SB)/8, $0x3f81111111111111
DATA expConsts<>+448(SB)/8, $0x3fa5555555555555 // 1/4!
DATA expConsts<>+456(SB)/8, $0x3fa5555555555555
DATA expConsts<>+464(SB)/8, $0x3fa5555555555555
DATA expConsts<>+472(SB)/8, $0x3fa5555555555555
DATA expConsts<>+480(SB)/8, $0x3fc5555555555555 // 1/3!
DATA expConsts<>+488(SB)/8, $0x3fc5555555555555
DATA expConsts<>+496(SB)/8, $0x3fc5555555555555
DATA expConsts<>+504(SB)/8, $0x3fc5555555555555
DATA expConsts<>+512(SB)/8, $0x3fe0000000000000 // 1/2!
DATA expConsts<>+520(SB)/8, $0x3fe0000000000000
DATA expConsts<>+528(SB)/8, $0x3fe0000000000000
DATA expConsts<>+536(SB)/8, $0x3fe0000000000000
DATA expConsts<>+544(SB)/8, $0x3ff0000000000000 // 1/1!
DATA expConsts<>+552(SB)/8, $0x3ff0000000000000
DATA expConsts<>+560(SB)/8, $0x3ff0000000000000
DATA expConsts<>+568(SB)/8, $0x3ff0000000000000
DATA expConsts<>+576(SB)/8, $0x3ff0000000000000 // 1/0!
DATA expConsts<>+584(SB)/8, $0x3ff0000000000000
DATA expConsts<>+592(SB)/8, $0x3ff0000000000000
DATA expConsts<>+600(SB)/8, $0x3ff0000000000000
DATA expConsts<>+608(SB)/8, $1023 // the exponent bias
DATA expConsts<>+616(SB)/8, $1023
DATA expConsts<>+624(SB)/8, $1023
DATA expConsts<>+632(SB)/8, $1023
GLOBL expConsts<>(SB), RODATA|NOPTR, $640

// func expAVX2(x *float64, n int)
// x[i] = exp(x[i]) for i < n, n a multiple of 4, arguments clamped to
// [-700, 700]: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 in two parts, so
// k·ln 2 is exact), exp(r) by its Taylor series to r¹³ (the next term is
// under 4·10⁻¹⁸ of the sum), times 2^k built in the exponent bits. Within
// two units in the last place of math.Exp (TestExpMatchesMath).
TEXT ·expAVX2(SB), NOSPLIT, $0-16
	MOVQ    x+0(FP), DI
	MOVQ    n+8(FP), CX
	VMOVUPD expConsts<>+0(SB), Y0 // log2(e)
	VMOVUPD expConsts<>+32(SB), Y1 // ln 2 high
	VMOVUPD expConsts<>+64(SB), Y2 // ln 2 low
	VMOVUPD expConsts<>+96(SB), Y3 // -700
	VMOVUPD expConsts<>+128(SB), Y9 // 700
	VMOVDQU expConsts<>+608(SB), Y10 // 1023

next:
	CMPQ        CX, $4
	JL          done
	VMOVUPD     (DI), Y6
	VMAXPD      Y3, Y6, Y6
	VMINPD      Y9, Y6, Y6
	VMULPD      Y0, Y6, Y7
	VROUNDPD    $0, Y7, Y7         // k
	VMOVAPD     Y6, Y5
	VFNMADD231PD Y1, Y7, Y5        // r = x - k·ln2hi
	VFNMADD231PD Y2, Y7, Y5        // r -= k·ln2lo
	VMOVUPD     expConsts<>+160(SB), Y4 // 1/13!

	VFMADD213PD expConsts<>+192(SB), Y5, Y4 // ·r + 1/12!
	VFMADD213PD expConsts<>+224(SB), Y5, Y4 // ·r + 1/11!
	VFMADD213PD expConsts<>+256(SB), Y5, Y4 // ·r + 1/10!
	VFMADD213PD expConsts<>+288(SB), Y5, Y4 // ·r + 1/9!
	VFMADD213PD expConsts<>+320(SB), Y5, Y4 // ·r + 1/8!
	VFMADD213PD expConsts<>+352(SB), Y5, Y4 // ·r + 1/7!
	VFMADD213PD expConsts<>+384(SB), Y5, Y4 // ·r + 1/6!
	VFMADD213PD expConsts<>+416(SB), Y5, Y4 // ·r + 1/5!
	VFMADD213PD expConsts<>+448(SB), Y5, Y4 // ·r + 1/4!
	VFMADD213PD expConsts<>+480(SB), Y5, Y4 // ·r + 1/3!
	VFMADD213PD expConsts<>+512(SB), Y5, Y4 // ·r + 1/2!
	VFMADD213PD expConsts<>+544(SB), Y5, Y4 // ·r + 1/1!
	VFMADD213PD expConsts<>+576(SB), Y5, Y4 // ·r + 1/0!
	VCVTPD2DQY  Y7, X8
	VPMOVSXDQ   X8, Y8
	VPADDQ      Y10, Y8, Y8
	VPSLLQ      $52, Y8, Y8         // 2^k
	VMULPD      Y8, Y4, Y4
	VMOVUPD     Y4, (DI)
	ADDQ        $32, DI
	SUBQ        $4, CX
	JMP         next

done:
	VZEROUPPER
	RET
