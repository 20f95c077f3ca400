package index

import (
	"hash/maphash"
	"unsafe"
)

// termDict gives terms the ids 0, 1, 2, … in the order they are added,
// without a pointer per term. Go's map[string]uint32 held the 306,000 terms
// of 75k papers in 16 MB (its table plus a string header and an allocation
// per key), every one of them a pointer each garbage collection follows;
// here the terms' bytes lie end to end in one array and an open-addressing
// table of ids finds them: about 9 MB at 75k papers, nothing to scan.
type termDict struct {
	seed  maphash.Seed
	text  []byte   // the terms' bytes, in id order
	ends  []uint32 // term id's bytes end at ends[id] (and start at ends[id-1], or 0)
	slots []uint32 // id+1 of a term whose hash leads here, 0 if empty; the length is a power of two
}

// dictMaxLoad is the fill (in 1/8ths) above which the slot table doubles:
// linear probing stays short up to about three quarters full.
const dictMaxLoad = 6

func newTermDict(n int) termDict {
	size := 1024
	for size*dictMaxLoad/8 < n {
		size *= 2
	}
	return termDict{seed: maphash.MakeSeed(), ends: make([]uint32, 0, n), slots: make([]uint32, size)}
}

// Len is the number of terms.
func (d *termDict) Len() int { return len(d.ends) }

// term returns id's bytes, a view into the dictionary.
func (d *termDict) term(id uint32) []byte {
	start := uint32(0)
	if id > 0 {
		start = d.ends[id-1]
	}
	return d.text[start:d.ends[id]]
}

// find returns the slot holding t, or the empty slot where t would go.
func (d *termDict) find(t string) (slot uint64, id uint32, ok bool) {
	mask := uint64(len(d.slots) - 1)
	for i := maphash.String(d.seed, t) & mask; ; i = (i + 1) & mask {
		v := d.slots[i]
		if v == 0 {
			return i, 0, false
		}
		if string(d.term(v-1)) == t {
			return i, v - 1, true
		}
	}
}

// lookup returns t's id.
func (d *termDict) lookup(t string) (uint32, bool) {
	_, id, ok := d.find(t)
	return id, ok
}

// lookupBytes is lookup for a term in a byte slice, which it does not keep.
func (d *termDict) lookupBytes(t []byte) (uint32, bool) {
	return d.lookup(unsafe.String(unsafe.SliceData(t), len(t)))
}

// idOf returns t's id, adding t (copied) if it is new.
func (d *termDict) idOf(t string) uint32 {
	slot, id, ok := d.find(t)
	if ok {
		return id
	}
	id = uint32(len(d.ends))
	d.text = append(d.text, t...)
	d.ends = append(d.ends, uint32(len(d.text)))
	d.slots[slot] = id + 1
	if len(d.ends) > len(d.slots)*dictMaxLoad/8 {
		d.grow()
	}
	return id
}

// idOfBytes is idOf for a term in a byte slice, which it does not keep.
func (d *termDict) idOfBytes(t []byte) uint32 {
	return d.idOf(unsafe.String(unsafe.SliceData(t), len(t)))
}

// grow doubles the slot table and places every term again.
func (d *termDict) grow() {
	d.slots = make([]uint32, 2*len(d.slots))
	mask := uint64(len(d.slots) - 1)
	for id := range uint32(len(d.ends)) {
		i := maphash.Bytes(d.seed, d.term(id)) & mask
		for d.slots[i] != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = id + 1
	}
}

// bytes is the memory the dictionary holds.
func (d *termDict) bytes() int { return cap(d.text) + 4*cap(d.ends) + 4*len(d.slots) }
