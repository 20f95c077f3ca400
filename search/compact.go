package search

// compactLocked drops tombstoned documents: it renumbers the live documents
// densely, in their current order, and rewrites every postings list.
func (ix *Index) compactLocked() {
	if ix.dead == 0 {
		return
	}
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
		ix.cats[m] = ix.cats[n]
		ix.hashes[m] = ix.hashes[n]
		copy(ix.flen[m*NumFields:(m+1)*NumFields], ix.flen[n*NumFields:(n+1)*NumFields])
		ix.byID[ix.ids[m]] = uint32(m)
		next++
	}
	k := int(next)
	clear(ix.ids[k:])
	clear(ix.titles[k:])
	clear(ix.cats[k:])
	ix.ids, ix.titles, ix.days, ix.upvotes = ix.ids[:k], ix.titles[:k], ix.days[:k], ix.upvotes[:k]
	ix.flags, ix.cats, ix.hashes, ix.flen = ix.flags[:k], ix.cats[:k], ix.hashes[:k], ix.flen[:k*NumFields]
	for term, p := range ix.terms {
		if !p.compact(remap) {
			delete(ix.terms, term)
		}
	}
	// Postings removed above may still sit in plist: drop them all; the next
	// batch finds each term's postings through the map once and re-fills it.
	clear(ix.plist)
	ix.dead = 0
}

// compact rewrites p in place without dead documents; false if none remain.
func (p *postings) compact(remap []int32) bool {
	w := 0
	var pos []byte
	for i, d := range p.docs {
		nd := remap[d]
		if nd < 0 {
			continue
		}
		start := p.posOff[i]
		end := uint32(len(p.pos))
		if i+1 < len(p.posOff) {
			end = p.posOff[i+1]
		}
		p.docs[w] = uint32(nd)
		copy(p.tf[w*NumFields:(w+1)*NumFields], p.tf[i*NumFields:(i+1)*NumFields])
		p.posOff[w] = uint32(len(pos))
		pos = append(pos, p.pos[start:end]...)
		w++
	}
	if w == 0 {
		return false
	}
	p.docs = p.docs[:w:w]
	p.tf = p.tf[: w*NumFields : w*NumFields]
	p.posOff = p.posOff[:w:w]
	p.pos = pos
	return true
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
// (up to half of their memory after a bulk load). Bulk loaders call it once
// at the end; small batches leave the spare room to grow into.
func (ix *Index) Trim() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, p := range ix.terms {
		p.docs = trimmed(p.docs)
		p.tf = trimmed(p.tf)
		p.posOff = trimmed(p.posOff)
		p.pos = trimmed(p.pos)
	}
}

func trimmed[T any](s []T) []T {
	if cap(s)-len(s) <= len(s)/8 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
