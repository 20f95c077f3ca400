package vector

import "golang.org/x/sys/cpu"

// useAVX2 says whether dotInt8AVX2 may run here.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotInt8AVX2 is dotInt8 for n > 0 components, eight at a time: int8s
// widened to int32, converted to float32 and multiplied into four
// accumulators of eight lanes. Its sums group differently from dotInt8Go's,
// so the two can differ in the last bits of a float32.
//
//go:noescape
func dotInt8AVX2(q *float32, r *int8, n int) float32
