package embed

// matMul sets c (m×n) = a (m×k) · b (k×n), all row-major, splitting the rows
// of c over workers. Training's three products per step (similarities and
// the two gradients, 256×300 by 300×256 or 256×256 by 256×300) were a quarter
// of its CPU with a general kernel that streams each row of c through memory
// once per k; here 4×16 blocks of c stay in registers while a 16-column
// panel of b, walked for every row block, stays in the L1 cache. Each c
// element sums its k products in order, so the result does not depend on
// the number of workers.
func matMul(c, a, b []float32, m, k, n int, parallel func(func(w int)), workers int) {
	c, a, b = c[:m*n], a[:m*k], b[:k*n]
	kernel := useAVX2 && k > 0
	full := n &^ 15 // columns covered by 16-wide panels
	blocks := m / 4
	parallel(func(w int) {
		lo, hi := 4*(blocks*w/workers), 4*(blocks*(w+1)/workers)
		end := hi // rows done by the kernel, in blocks of four
		if !kernel {
			end = lo
		}
		if w == workers-1 {
			hi = m // and the rows that make no block of four
		}
		for j := 0; j < full && kernel; j += 16 {
			for i := lo; i < end; i += 4 {
				gemm4x16AVX2(&a[i*k], k, &b[j], n, &c[i*n+j], n, k)
			}
		}
		// Columns beyond the last full panel (12 of 300) take one more
		// panel that ends at the last column, overlapping the one before:
		// the kernel gives every element the same bits wherever it sits in a
		// panel, so the overlap is written twice with one value. Done by
		// rows of axpy, these columns cost as much as the other 288.
		tail := full
		if kernel && full < n && n >= 16 {
			for i := lo; i < end; i += 4 {
				gemm4x16AVX2(&a[i*k], k, &b[n-16], n, &c[i*n+n-16], n, k)
			}
			tail = n
		}
		for i := lo; i < hi; i++ {
			start := 0
			if i < end {
				start = tail
			}
			if start == n {
				continue
			}
			row := c[i*n+start : (i+1)*n]
			clear(row)
			for p := range k {
				axpy(row, b[p*n+start:(p+1)*n], a[i*k+p])
			}
		}
	})
}
