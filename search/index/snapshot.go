package index

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"slices"

	"github.com/paperwire/paperwire/internal/atomicfile"
	"github.com/paperwire/paperwire/internal/mmap"
	"github.com/paperwire/paperwire/search/postings"
)

// snapshotMagic starts every snapshot; the last byte is the format version.
// A file with another version is rebuilt, never misread. Version 2 stores
// the compressed postings streams as they are in memory.
const snapshotMagic = "PWLEXv\x00\x02"

// ErrCorruptSnapshot means a snapshot failed its checksum or did not decode:
// the caller rebuilds the index from the store.
var ErrCorruptSnapshot = errors.New("search: corrupt index snapshot")

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// WriteTo writes the index as a snapshot: magic, body, CRC-32C of the body.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.writeSnapshot(w, func(n int) string { return ix.titles[n] }, ix.writeTerms)
}

// writeSnapshot writes the magic, the body (the documents, then what
// writeTerms writes) and the CRC-32C of the body; title gives document n's
// title. Callers hold ix.mu.
func (ix *Index) writeSnapshot(w io.Writer, title func(n int) string, writeTerms func(e *encoder)) (int64, error) {
	crc := crc32.New(crcTable)
	cw := &countWriter{w: io.MultiWriter(w, crc)}
	bw := bufio.NewWriterSize(cw, 1<<20)
	if _, err := io.WriteString(w, snapshotMagic); err != nil {
		return 0, err
	}
	e := encoder{w: bw}
	ix.writeDocs(&e, title)
	writeTerms(&e)
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err != nil {
		return cw.n, e.err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], crc.Sum32())
	_, err := w.Write(sum[:])
	return int64(len(snapshotMagic)) + cw.n + 4, err
}

// writeDocs writes the sequence, the categories and every document's data.
func (ix *Index) writeDocs(e *encoder, title func(n int) string) {
	e.int(ix.seq)
	e.uint(uint64(len(ix.catNames)))
	for _, c := range ix.catNames {
		e.str(c)
	}
	e.uint(uint64(len(ix.ids)))
	for n := range ix.ids {
		e.str(ix.ids[n])
		e.str(title(n))
		e.int(int64(ix.days[n]))
		e.int(int64(ix.upvotes[n]))
		e.uint(uint64(ix.flags[n]))
		e.uint(ix.hashes[n])
		cats := ix.catList[ix.catOff[n]:ix.catOff[n+1]]
		e.uint(uint64(len(cats)))
		for _, c := range cats {
			e.uint(uint64(c))
		}
		for f := 0; f < NumFields; f++ {
			e.uint(uint64(ix.flen[f][n]))
		}
	}
}

// writeTerms writes the number of terms with postings, then each one's
// text, document frequency and postings streams.
func (ix *Index) writeTerms(e *encoder) {
	ix.dictMu.RLock()
	defer ix.dictMu.RUnlock()
	nterms := 0
	for id := range min(ix.dict.Len(), len(ix.plist)) {
		if ix.plist[id].N > 0 {
			nterms++
		}
	}
	e.uint(uint64(nterms))
	for id := range min(ix.dict.Len(), len(ix.plist)) {
		p := &ix.plist[id]
		if p.N == 0 {
			continue
		}
		e.bytes(ix.dict.term(uint32(id)))
		e.uint(uint64(p.N))
		e.bytes(p.Data)
		e.bytes(p.Pos)
	}
}

// Read decodes a snapshot written by WriteTo. It returns an error
// wrapping ErrCorruptSnapshot when the data is damaged or of another version.
func Read(data []byte, p Params) (*Index, error) {
	return readIndex(bytes.NewReader(data), int64(len(data)), p)
}

// readIndex decodes a snapshot of size bytes from r as it streams by: the
// postings go straight into the index's memory, and the checksum is checked
// at the end.
func readIndex(r io.Reader, size int64, p Params) (*Index, error) {
	var magic [len(snapshotMagic)]byte
	if size < int64(len(magic))+4 {
		return nil, fmt.Errorf("%w: bad header", ErrCorruptSnapshot)
	}
	if _, err := io.ReadFull(r, magic[:]); err != nil || string(magic[:]) != snapshotMagic {
		return nil, fmt.Errorf("%w: bad header", ErrCorruptSnapshot)
	}
	crc := crc32.New(crcTable)
	body := size - int64(len(magic)) - 4
	ix := New(p)
	err := ix.decode(newDecoder(io.TeeReader(io.LimitReader(r, body), crc), body))
	var sum [4]byte
	if _, rerr := io.ReadFull(r, sum[:]); err == nil && (rerr != nil || crc.Sum32() != binary.LittleEndian.Uint32(sum[:])) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorruptSnapshot)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorruptSnapshot, err)
	}
	ix.finishLoad()
	return ix, nil
}

// finishLoad trims what decoding grew and computes the length norms.
func (ix *Index) finishLoad() {
	for i := range ix.plist {
		ix.plist[i].TrimSkips()
	}
	ix.rebuildNorms()
}

func (ix *Index) decode(d *decoder) error {
	ix.seq = d.int()
	ncat := d.count(1)
	for i := 0; i < ncat && d.err == nil; i++ {
		c := d.str()
		ix.catByKey[lowerTrim(c)] = uint16(i)
		ix.catNames = append(ix.catNames, c)
	}
	ndocs := d.count(8)
	for n := 0; n < ndocs && d.err == nil; n++ {
		ix.ids = append(ix.ids, d.str())
		ix.titles = append(ix.titles, d.str())
		ix.days = append(ix.days, int32(d.int()))
		ix.upvotes = append(ix.upvotes, int32(d.int()))
		flags := uint8(d.uint())
		ix.flags = append(ix.flags, flags)
		ix.hashes = append(ix.hashes, d.uint())
		nc := d.count(1)
		first := len(ix.catList)
		for range nc {
			c := d.uint()
			if c >= uint64(ncat) {
				d.fail("category out of range")
			}
			if !slices.Contains(ix.catList[first:], uint16(c)) { // once a document, as appendCatOrdinals keeps them
				ix.catList = append(ix.catList, uint16(c))
			}
		}
		ix.catOff = append(ix.catOff, uint32(len(ix.catList)))
		for f := 0; f < NumFields; f++ {
			l := uint16(d.uint())
			ix.flen[f] = append(ix.flen[f], l)
			if flags&flagDead == 0 {
				ix.sumLen[f] += int64(l)
			}
			ix.maxLen[f] = max(ix.maxLen[f], int(l))
		}
		if flags&flagDead != 0 {
			ix.dead++
		} else {
			ix.live++
			ix.byID[ix.ids[n]] = uint32(n)
		}
	}
	nterms := d.count(4)
	ix.plist = make([]postings.List, 0, nterms)
	ix.dict = newTermDict(nterms)
	for i := 0; i < nterms && d.err == nil; i++ {
		t := d.strView()
		p := postings.List{N: uint32(min(d.count(2), 1<<32-1))}
		p.Data = d.bytes()
		p.Pos = d.bytes()
		if d.err != nil {
			break
		}
		if _, dup := ix.dict.lookupBytes(t); dup {
			d.fail("duplicate term")
			break
		}
		if err := p.Validate(uint32(ndocs)); err != nil {
			d.fail(fmt.Sprintf("term %q: %v", t, err))
			break
		}
		ix.dict.idOfBytes(t) // the next id: len(ix.plist)
		ix.plist = append(ix.plist, p)
		d.passed()
	}
	if d.err == nil && d.left != 0 {
		d.fail("trailing data")
	}
	return d.err
}

// SaveFile writes the index to path atomically: a crash leaves the old
// snapshot or the new one, never a mix.
func (ix *Index) SaveFile(path string) error {
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := ix.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("write index snapshot: %w", err)
	}
	return nil
}

// LoadFile reads a snapshot written by SaveFile. It maps the file and keeps
// the postings streams (most of an index) where they lie in the mapping
// (docs/decisions/013-mapped-snapshots.md); where files cannot be mapped it
// streams the file into memory, needing the index's memory once, not also a
// copy of the file.
func LoadFile(path string, p Params) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if mem, err := mmap.File(f); err == nil {
		ix, err := readMapped(mem, p)
		if err != nil {
			mmap.Unmap(mem)
			return nil, err
		}
		mmap.DropPages(mem)
		// The mapping lives as long as the index: files are replaced by
		// rename, never rewritten in place, so its bytes never change.
		ix.mapped = mem
		runtime.AddCleanup(ix, mmap.Unmap, mem)
		return ix, nil
	}
	return readIndex(f, st.Size(), p)
}

// readMapped decodes a snapshot held in memory that outlives the index:
// the postings streams stay views of mem.
func readMapped(mem []byte, p Params) (*Index, error) {
	if len(mem) < len(snapshotMagic)+4 || string(mem[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("%w: bad header", ErrCorruptSnapshot)
	}
	body := mem[len(snapshotMagic) : len(mem)-4]
	// The checksum and the decoding each read the whole file: the pages they
	// have passed are let go as they go (mmap.Behind), so the file is never
	// resident whole beside the index decoded from it.
	behind := mmap.NewBehind(mem)
	sum := uint32(0)
	for off := 0; off < len(body); off += 1 << 20 {
		end := min(off+1<<20, len(body))
		sum = crc32.Update(sum, crcTable, body[off:end])
		behind.Passed(len(snapshotMagic) + end)
	}
	if sum != binary.LittleEndian.Uint32(mem[len(mem)-4:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorruptSnapshot)
	}
	behind.Restart()
	ix := New(p)
	d := newMemDecoder(body)
	d.behind, d.memBase = behind, len(snapshotMagic)
	if err := ix.decode(d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorruptSnapshot, err)
	}
	ix.finishLoad()
	return ix, nil
}
