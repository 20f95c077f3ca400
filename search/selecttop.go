package search

import (
	"math"
	"slices"
	"sync"
)

// Selecting the best k of a query's matches by score.
//
// Hybrid search takes the keyword top 300 of what is often tens of
// thousands of matches. A heap of 300 costs a sift of eight levels for every
// match that beats the worst kept, and early on most do. Instead, one pass
// over the matches keeps a histogram of their scores' leading bits (which
// order like the scores) and, from it, a running cut: the bucket of the k-th
// best seen so far. A match below the cut is dropped with one comparison;
// the rest are kept as packed (score, document) integers, and one sort of
// those settles the result. It is exactly the heap's: the same documents in
// the same order, ties going to the later document (scoredDoc.below).

// histBits is how many leading bits of a score's order key pick its bucket:
// 1 sign-fixing bit, 8 exponent bits and 5 mantissa bits, so a bucket spans
// about 3% of a score and the bucket holding the k-th best is small.
const histBits = 14

// histogram counts matches per score bucket; it is pooled, being 64 KB.
type histogram [1 << histBits]uint32

var histograms = sync.Pool{New: func() any { return new(histogram) }}

// orderBits maps a score to bits that order like it (IEEE 754 bit patterns,
// with negatives' order flipped).
func orderBits(s float32) uint32 {
	b := math.Float32bits(s)
	if b&(1<<31) != 0 {
		return ^b
	}
	return b | 1<<31
}

// bucketOf is a rank key's histogram bucket: a higher score never gets a
// lower one.
func bucketOf(key uint64) uint64 { return key >> (64 - histBits) }

// rankKey packs a match into one integer that orders like the ranking
// (scoredDoc.below): the score's order bits above the document number, so
// sorting needs no comparison function.
func rankKey(s float32, n uint32) uint64 { return uint64(orderBits(s))<<32 | uint64(n) }

// selectTop returns the k best live documents the accumulator scored, best
// first, and how many live documents it scored. It reads the touched list:
// reading the score array in document order instead costs a zero test per
// document that the CPU mispredicts, 1.2 times the CPU at 75k papers. (The
// results page's matches and facets are counted apart: countMatches.)
func selectTop(acc *accumulator, ix *Index, k int) ([]uint32, int) {
	h := histograms.Get().(*histogram)
	defer histograms.Put(h)
	clear(h[:])

	// One pass over the matches, where they lie, keeps a running cut: the
	// bucket of the k-th best seen so far, below which nothing seen later
	// can make the top k. The matches at or above it go to a buffer, which
	// is short once the first few thousand matches have set the cut.
	s := selection{k: max(k, 1), keep: acc.live[:0], h: h}
	// A search that stopped adding documents starts the cut at its floor:
	// most of what it touched lies below and is passed over with one
	// comparison, uncounted (such a search reports no exact total).
	early := acc.floor > 0
	if early {
		s.cut = bucketOf(rankKey(acc.floor, 0))
	}
	scores := acc.scores[:ix.NumDocs()]
	anyDead := ix.Live() != ix.NumDocs()
	total := 0
	for _, n := range acc.touched {
		key := rankKey(scores[n], n)
		if early && bucketOf(key) < s.cut {
			continue
		}
		if anyDead && ix.Dead(n) {
			continue
		}
		total++
		s.offer(key)
	}
	acc.live = s.keep
	if k <= 0 || total == 0 {
		return []uint32{}, total
	}

	// Everything above the cut is in; the cut's bucket is settled by a sort.
	kept := make([]uint64, 0, min(k, total))
	var edge []uint64
	for _, key := range s.keep {
		switch b := bucketOf(key); {
		case b > s.cut:
			kept = append(kept, key)
		case b == s.cut:
			edge = append(edge, key)
		}
	}
	slices.Sort(edge)
	slices.Reverse(edge)
	kept = append(kept, edge[:min(len(edge), k-len(kept))]...)
	kept, acc.radix = sortKeys(kept, acc.radix)
	out := make([]uint32, len(kept))
	for i, key := range kept {
		out[len(kept)-1-i] = uint32(key)
	}
	return out, total
}

// selection is selectTop's running cut: h counts the matches offered at or
// above cut, by bucket; fromCut is their number; keep holds them.
type selection struct {
	k       int
	cut     uint64
	fromCut int
	h       *histogram
	keep    []uint64
}

// offer considers one match's rank key. The cut rises while the matches
// above its bucket alone number k or more.
func (s *selection) offer(key uint64) {
	b := bucketOf(key)
	if b < s.cut {
		return
	}
	s.h[b]++
	s.fromCut++
	s.keep = append(s.keep, key)
	for s.fromCut-int(s.h[s.cut]) >= s.k {
		s.fromCut -= int(s.h[s.cut])
		s.cut++
	}
}

// sortKeys sorts keys in increasing order and returns them with the buffer
// left over for next time (buf, or keys' array: the result may be either).
// A thousand keys are sorted by their bytes, least significant first,
// skipping the bytes every key shares (the exponent's, the document
// number's high ones): a third of the CPU of a comparison sort, whose
// mispredicted branches were a tenth of hybrid search's keyword half.
func sortKeys(keys, buf []uint64) (sorted, spare []uint64) {
	if len(keys) < 256 {
		slices.Sort(keys)
		return keys, buf
	}
	var counts [8][256]uint32
	for _, k := range keys {
		for d := range 8 {
			counts[d][byte(k>>(8*d))]++
		}
	}
	buf = slices.Grow(buf[:0], len(keys))[:len(keys)]
	src, dst := keys, buf
	for d := range 8 {
		c := &counts[d]
		if c[byte(src[0]>>(8*d))] == uint32(len(src)) {
			continue // every key has this byte
		}
		var at [256]uint32
		sum := uint32(0)
		for b, n := range c {
			at[b] = sum
			sum += n
		}
		shift := 8 * d
		for _, k := range src {
			b := byte(k >> shift)
			dst[at[b]] = k
			at[b]++
		}
		src, dst = dst, src
	}
	return src, dst
}
