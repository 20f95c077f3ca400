package index

// compactLocked drops tombstoned documents: it renumbers the live documents
// densely, in their current order, and rewrites every postings list.
func (ix *Index) compactLocked() {
	if ix.dead == 0 {
		return
	}
	ix.numbering = numberings.Add(1)
	remap := make([]int32, len(ix.ids))
	next := int32(0)
	for n := range ix.ids {
		if ix.flags[n]&flagDead != 0 {
			remap[n] = -1
			continue
		}
		remap[n] = next
		m := int(next)
		ix.ids[m] = ix.ids[n]
		ix.titles[m] = ix.titles[n]
		ix.days[m] = ix.days[n]
		ix.upvotes[m] = ix.upvotes[n]
		ix.flags[m] = ix.flags[n]
		ix.hashes[m] = ix.hashes[n]
		for f := range ix.flen {
			ix.flen[f][m] = ix.flen[f][n]
		}
		ix.byID[ix.ids[m]] = uint32(m)
		next++
	}
	k := int(next)
	w := uint32(0)
	for n, o := range remap {
		if o < 0 {
			continue
		}
		lo, hi := ix.catOff[n], ix.catOff[n+1]
		ix.catOff[o] = w
		w += uint32(copy(ix.catList[w:], ix.catList[lo:hi]))
	}
	ix.catOff[k] = w
	ix.catList, ix.catOff = ix.catList[:w], ix.catOff[:k+1]
	clear(ix.ids[k:])
	clear(ix.titles[k:])
	ix.ids, ix.titles, ix.days, ix.upvotes = ix.ids[:k], ix.titles[:k], ix.days[:k], ix.upvotes[:k]
	ix.flags, ix.hashes = ix.flags[:k], ix.hashes[:k]
	for f := range ix.flen {
		ix.flen[f] = ix.flen[f][:k]
	}
	for i := range ix.plist {
		ix.plist[i].Compact(remap)
	}
	ix.dead = 0
}

// Compact drops replaced and deleted documents now instead of when they pile
// up; document frequencies are exact afterwards.
func (ix *Index) Compact() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.compactLocked()
	ix.rebuildNorms()
}

// Trim gives back the spare capacity that appending left in the postings
// (up to half of their memory after a bulk load) by packing them into
// exact-size slabs, and lets the indexing analyzers and their caches go.
// Bulk loaders call it once at the end; small batches leave the spare room
// to grow into.
func (ix *Index) Trim() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.packPostings()
	ix.plist = trimmed(ix.plist)
	ix.catList = trimmed(ix.catList)
	ix.catOff = trimmed(ix.catOff)
	ix.ids, ix.titles, ix.hashes = trimmed(ix.ids), trimmed(ix.titles), trimmed(ix.hashes)
	ix.days, ix.upvotes, ix.flags = trimmed(ix.days), trimmed(ix.upvotes), trimmed(ix.flags)
	for f := range ix.flen {
		ix.flen[f] = trimmed(ix.flen[f])
	}
	ix.batch = nil // the next bulk load allocates its own scratch
	ix.dropDocAnalyzers()
}

// packLimit is the size up to which a postings stream shares a slab.
const packLimit = 32 << 10

// packPostings moves every postings list into memory of exactly its size:
// streams up to packLimit bytes (nearly all terms) are copied back to back
// into shared slabs, so they pay neither an allocation each nor rounding
// up to a size class (about a fifth of the postings' memory otherwise);
// larger ones get their own allocation. A list appended to later copies
// itself out of the slab, as Go's append does. A stream already of its
// exact size (a slab piece, or a view of a mapped snapshot) stays where it
// is: copying a mapped index's streams would move it all into the heap.
func (ix *Index) packPostings() {
	var sl slab
	pack := func(b []byte) []byte {
		if cap(b) == len(b) {
			return b
		}
		return sl.copy(b)
	}
	for i := range ix.plist {
		p := &ix.plist[i]
		p.Data = pack(p.Data)
		p.Pos = pack(p.Pos)
		p.TrimSkips()
	}
}

// slab hands out exact-size copies carved from large buffers.
type slab struct{ buf []byte }

const slabSize = 1 << 20

func (s *slab) copy(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	out := s.alloc(len(b))
	copy(out, b)
	return out
}

// alloc returns n bytes of exact capacity: a piece of the current slab, or
// an allocation of its own past packLimit.
func (s *slab) alloc(n int) []byte {
	if n > packLimit {
		return make([]byte, n)
	}
	if len(s.buf)+n > cap(s.buf) {
		s.buf = make([]byte, 0, slabSize)
	}
	k := len(s.buf)
	s.buf = s.buf[:k+n]
	return s.buf[k : k+n : k+n]
}

func trimmed[T any](s []T) []T {
	if cap(s)-len(s) <= len(s)/8 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
