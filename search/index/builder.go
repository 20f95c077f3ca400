package index

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/paperwire/paperwire/internal/atomicfile"
	"github.com/paperwire/paperwire/internal/idgroups"
)

// DefaultSpillBytes is how many bytes of postings a Builder holds in memory
// before it moves them to disk.
const DefaultSpillBytes = 16 << 20

// builderStemWords bounds a Builder's analyzer caches: unbounded, each holds
// hundreds of thousands of word forms at a million papers, 50 MB apiece.
// Clearing one costs some CPU (the frequent words, most of any text, are
// learned again within a few documents, but each of their term ids is looked
// up again): at 2^16 a 75k-paper build took 7% more CPU than at 2^18.
const builderStemWords = 1 << 17

// Builder writes an index snapshot from a stream of changes with memory that
// does not grow with the postings, which are most of an index: whenever the
// postings in memory pass a budget, every term's new postings are appended
// to two temporary files (one for the documents and frequencies, one for
// the positions) as a run ordered by term id, and dropped. Finish writes the
// snapshot, concatenating each term's runs; a postings stream needs no
// re-encoding because its document deltas continue across runs (the index
// keeps each term's last document number and count).
//
// Titles go to a third file. What stays in memory is per document (ids,
// lengths, categories) and per term (the dictionary): at a million papers
// about 200 MB, against about a gigabyte for the postings. The snapshot is the one Index.SaveFile
// writes, so LoadFile and OpenLexical read it as usual.
//
// A Builder is for one goroutine; nothing can search it.
type Builder struct {
	ix         *Index
	path       string
	spillBytes int
	data, pos  *spillFile
	titles     *spillFile // every document's title, in document order
	runs       []spillRun
	spilled    []spilledLen // by term id: bytes already on disk
	// deleted maps an id deleted by Apply to the number of documents then:
	// its documents below that number are gone.
	deleted map[string]uint32
}

// spillRun is where one run lies in the two spill files.
type spillRun struct{ data, pos [2]int64 }

// spilledLen is how many bytes of one term's two streams are on disk.
type spilledLen struct{ data, pos int64 }

// NewBuilder starts a build of the snapshot at path (the file Lexical uses is
// filepath.Join(dataDir, "index", SnapshotName)). spillBytes <= 0 means
// DefaultSpillBytes.
func NewBuilder(path string, p Params, spillBytes int) (*Builder, error) {
	if p.K1 == 0 {
		p = DefaultParams()
	}
	if spillBytes <= 0 {
		spillBytes = DefaultSpillBytes
	}
	atomicfile.RemoveStale(path)
	b := &Builder{ix: New(p), path: path, spillBytes: spillBytes}
	var err error
	if b.data, err = newSpillFile(path, "postings"); err == nil {
		b.pos, err = newSpillFile(path, "positions")
	}
	if err == nil {
		b.titles, err = newSpillFile(path, "titles")
	}
	b.ix.spilling, b.ix.titleOut, b.ix.stemWords = true, b.titles, builderStemWords
	if err != nil {
		b.Abort()
		return nil, fmt.Errorf("search: build %s: %w", path, err)
	}
	return b, nil
}

// Apply adds a batch of changes (see Index.Apply) and spills the postings
// when they pass the budget.
func (b *Builder) Apply(docs []Document, deletes []string, seq int64) error {
	b.ix.Apply(docs, nil, seq)
	for _, id := range deletes {
		if b.deleted == nil {
			b.deleted = map[string]uint32{}
		}
		b.deleted[id] = uint32(len(b.ix.ids))
	}
	if b.titles.err != nil {
		return fmt.Errorf("search: build %s: %w", b.path, b.titles.err)
	}
	if b.ix.postingBytes < b.spillBytes {
		return nil
	}
	if err := b.spill(); err != nil {
		return fmt.Errorf("search: build %s: %w", b.path, err)
	}
	return nil
}

// Seq returns the last sequence applied.
func (b *Builder) Seq() int64 { return b.ix.Seq() }

// Len returns the number of documents added until Finish, and the number
// of live documents (each id once) after it.
func (b *Builder) Len() int { return b.ix.Len() }

// killSuperseded marks dead every document whose id was added again later
// or deleted afterwards, as an Index does at each upsert with its id map:
// the Builder sorts the ids once instead of keeping that map.
func (b *Builder) killSuperseded() {
	ix := b.ix
	idgroups.Each(ix.ids, func(docs []int32) {
		last := uint32(docs[len(docs)-1])
		for _, n := range docs[:len(docs)-1] {
			ix.killLocked(uint32(n)) // a later document has the id
		}
		if end, ok := b.deleted[ix.ids[last]]; ok && last < end {
			ix.killLocked(last)
		}
	})
}

// spill appends every term's postings to the spill files as one run and
// drops them from memory, keeping each term's count and last document.
func (b *Builder) spill() error {
	ix := b.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	run := spillRun{data: [2]int64{b.data.off, 0}, pos: [2]int64{b.pos.off, 0}}
	if n := len(ix.plist); n > len(b.spilled) {
		b.spilled = append(b.spilled, make([]spilledLen, n-len(b.spilled))...)
	}
	for id := range ix.plist {
		p := &ix.plist[id]
		if len(p.Data) == 0 {
			continue
		}
		b.data.record(uint32(id), p.Data)
		b.pos.record(uint32(id), p.Pos)
		b.spilled[id].data += int64(len(p.Data))
		b.spilled[id].pos += int64(len(p.Pos))
		p.DropStreams()
	}
	if err := b.data.flush(); err != nil {
		return err
	}
	if err := b.pos.flush(); err != nil {
		return err
	}
	run.data[1], run.pos[1] = b.data.off, b.pos.off
	b.runs = append(b.runs, run)
	ix.postingBytes = 0
	return nil
}

// Finish writes the snapshot atomically and removes the spill files. The
// Builder is done afterwards.
func (b *Builder) Finish() error {
	defer b.Abort()
	ix := b.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	b.killSuperseded()
	err := b.titles.flush()
	if err == nil {
		err = atomicfile.Write(b.path, func(w io.Writer) error {
			titles := newRunReader(b.titles.f, [2]int64{0, b.titles.off})
			_, err := ix.writeSnapshot(w, titles.title, b.writeTerms)
			if err == nil {
				err = titles.err
			}
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("search: build %s: %w", b.path, err)
	}
	return nil
}

// writeTerms writes the terms section of the snapshot in term id order,
// each stream being the term's runs in order followed by what is in memory.
func (b *Builder) writeTerms(e *encoder) {
	ix := b.ix
	ix.dictMu.RLock()
	dict := ix.dict // a copy of its slices is a view: terms are only ever appended
	ix.dictMu.RUnlock()
	nterms := 0
	for id := range min(dict.Len(), len(ix.plist)) {
		if ix.plist[id].N > 0 {
			nterms++
		}
	}
	data := make([]*runReader, len(b.runs))
	pos := make([]*runReader, len(b.runs))
	for i, r := range b.runs {
		data[i] = newTermRunReader(b.data.f, r.data)
		pos[i] = newTermRunReader(b.pos.f, r.pos)
	}
	e.uint(uint64(nterms))
	for id := range min(dict.Len(), len(ix.plist)) {
		p := &ix.plist[id]
		if p.N == 0 {
			continue
		}
		var sp spilledLen
		if id < len(b.spilled) {
			sp = b.spilled[id]
		}
		e.bytes(dict.term(uint32(id)))
		e.uint(uint64(p.N))
		e.uint(uint64(sp.data) + uint64(len(p.Data)))
		for _, r := range data {
			r.copyTerm(e, uint32(id))
		}
		e.write(p.Data)
		e.uint(uint64(sp.pos) + uint64(len(p.Pos)))
		for _, r := range pos {
			r.copyTerm(e, uint32(id))
		}
		e.write(p.Pos)
	}
	for _, r := range append(data, pos...) {
		if e.err == nil && r.err != nil {
			e.err = r.err
		}
	}
}

// Abort removes the spill files and leaves path as it was; it is safe to
// call more than once and after Finish.
func (b *Builder) Abort() {
	for _, s := range []*spillFile{b.data, b.pos, b.titles} {
		if s != nil {
			s.remove()
		}
	}
}

// spillFile is an append-only temporary file of runs.
type spillFile struct {
	f   *os.File
	w   *bufio.Writer
	off int64 // bytes written, buffered ones included
	buf [binary.MaxVarintLen32]byte
	err error
}

func newSpillFile(path, what string) (*spillFile, error) {
	f, err := atomicfile.CreateTemp(path, what)
	if err != nil {
		return nil, err
	}
	return &spillFile{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// record appends one term's chunk: term id, length, bytes.
func (s *spillFile) record(id uint32, b []byte) {
	s.write(s.buf[:binary.PutUvarint(s.buf[:], uint64(id))])
	s.bytes(b)
}

// bytes appends b after its length.
func (s *spillFile) bytes(b []byte) {
	s.write(s.buf[:binary.PutUvarint(s.buf[:], uint64(len(b)))])
	s.write(b)
}

func (s *spillFile) write(b []byte) {
	if s.err != nil {
		return
	}
	n, err := s.w.Write(b)
	s.off += int64(n)
	s.err = err
}

func (s *spillFile) flush() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}

func (s *spillFile) remove() {
	if s.f == nil {
		return
	}
	s.f.Close()
	os.Remove(s.f.Name())
	s.f = nil
}

// runReader reads one run back in term id order, or the titles in
// document order.
type runReader struct {
	r    *bufio.Reader
	next int64 // term id of the next chunk; -1 at the end of the run
	err  error
	buf  []byte
}

func newRunReader(f *os.File, span [2]int64) *runReader {
	return &runReader{r: bufio.NewReaderSize(io.NewSectionReader(f, span[0], span[1]-span[0]), 64<<10)}
}

func newTermRunReader(f *os.File, span [2]int64) *runReader {
	r := newRunReader(f, span)
	r.advance()
	return r
}

// title reads the next title; document n's is the nth.
func (r *runReader) title(int) string {
	n, err := binary.ReadUvarint(r.r)
	if err == nil {
		r.buf = slices.Grow(r.buf[:0], int(n))[:n]
		_, err = io.ReadFull(r.r, r.buf)
	}
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("read spilled titles: %w", err)
	}
	return string(r.buf)
}

// advance reads the next chunk's term id.
func (r *runReader) advance() {
	id, err := binary.ReadUvarint(r.r)
	if err != nil {
		if err != io.EOF {
			r.err = err
		}
		r.next = -1
		return
	}
	r.next = int64(id)
}

// copyTerm copies the run's chunk of term id, if it has one, to e.
func (r *runReader) copyTerm(e *encoder, id uint32) {
	if r.next != int64(id) || e.err != nil {
		return
	}
	n, err := binary.ReadUvarint(r.r)
	if err == nil {
		_, err = io.CopyN(e.w, r.r, int64(n))
	}
	if err != nil {
		r.err = fmt.Errorf("read spilled postings: %w", err)
		r.next = -1
		return
	}
	r.advance()
}
