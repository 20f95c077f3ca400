package index

import "unsafe"

// Footprint says how big an index's postings are and where they live, for
// logs, benchmarks and the tests that keep the representation from growing
// unnoticed.
type Footprint struct {
	Docs      int   // documents, including tombstoned ones
	Terms     int   // terms with postings
	Postings  int64 // (term, document) pairs
	DataBytes int64 // document and frequency streams
	PosBytes  int64 // positions streams
	// MappedBytes is the part of DataBytes+PosBytes that lies in a mapped
	// snapshot (page cache, shared) rather than in the heap.
	MappedBytes int64
	// DictBytes is what the term dictionary holds (every term ever seen).
	DictBytes int64
}

// Footprint measures the index.
func (ix *Index) Footprint() Footprint {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	f := Footprint{Docs: len(ix.ids)}
	ix.dictMu.RLock()
	f.DictBytes = int64(ix.dict.bytes())
	ix.dictMu.RUnlock()
	for i := range ix.plist {
		p := &ix.plist[i]
		if p.N == 0 {
			continue
		}
		f.Terms++
		f.Postings += int64(p.N)
		f.DataBytes += int64(len(p.Data))
		f.PosBytes += int64(len(p.Pos))
		if ix.inMapping(p.Data) {
			f.MappedBytes += int64(len(p.Data))
		}
		if ix.inMapping(p.Pos) {
			f.MappedBytes += int64(len(p.Pos))
		}
	}
	return f
}

// inMapping reports whether b lies in the mapped snapshot.
func (ix *Index) inMapping(b []byte) bool {
	if len(b) == 0 || len(ix.mapped) == 0 {
		return false
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(ix.mapped)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= lo && p+uintptr(len(b)) <= lo+uintptr(len(ix.mapped))
}
