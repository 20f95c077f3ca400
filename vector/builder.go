package vector

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/paperwire/paperwire/internal/atomicfile"
	"github.com/paperwire/paperwire/internal/idgroups"
)

// errBuilderDone reports a call on a Builder after Finish or Abort.
var errBuilderDone = errors.New("builder already finished or aborted")

// Builder writes a vector index file (the format Load reads) from vectors
// added one by one, keeping only the ids in memory: vectors go to a
// temporary file beside path and are copied into the final file by Finish.
// Not even a map from id to row: every Add appends a row, and Finish finds
// repeated ids by sorting (a map of a million ids took 80 MB).
// A fresh import of a million papers thus builds its index without holding
// the vectors (1.2 GB at 300 dimensions) in memory, and the file it writes is
// byte for byte what Exact.Save writes after the same calls.
//
// A Builder is not safe for concurrent use: one goroutine feeds it.
type Builder struct {
	path  string
	dim   int
	model string
	seq   int64
	ids   []string // of every Add, repeats included
	n     int      // distinct ids, known at Finish

	tmp     *os.File      // vectors, row after row, as the file stores them
	w       *bufio.Writer // appends new rows to tmp
	scratch []byte        // one encoded row, reused by every Add
	q       []int8        // one quantised row, reused by every Add
	err     error         // first write error; every later call returns it
	done    bool
}

// NewBuilder starts an index file at path for vectors of length dim made by
// the embedder named model. Its temporary file is created in path's
// directory (created if missing), so Finish copies within one file system.
func NewBuilder(path string, dim int, model string) (*Builder, error) {
	if dim <= 0 {
		return nil, fmt.Errorf("vector: build %s: %w: %d", path, ErrDim, dim)
	}
	atomicfile.RemoveStale(path)
	tmp, err := atomicfile.CreateTemp(path, "build")
	if err != nil {
		return nil, fmt.Errorf("vector: build %s: %w", path, err)
	}
	return &Builder{
		path:    path,
		dim:     dim,
		model:   model,
		tmp:     tmp,
		w:       bufio.NewWriterSize(tmp, 1<<20),
		scratch: make([]byte, 0, rowBytes(dim)),
		q:       make([]int8, dim),
	}, nil
}

// Add stores vec under id. A repeated id replaces its earlier vector and
// keeps its row, as Exact.Add does (Finish sorts that out).
func (b *Builder) Add(id string, vec []float32) error {
	if len(vec) != b.dim {
		return b.wrap(fmt.Errorf("%w: %d, index has %d", ErrDim, len(vec), b.dim))
	}
	if err := b.usable(); err != nil {
		return err
	}
	// The file holds the vector as an Exact keeps it (quant.go), so a built
	// file is byte for byte what Exact.Save writes.
	b.scratch = appendRow(b.scratch[:0], quantize(vec, b.q), b.q)
	if _, err := b.w.Write(b.scratch); err != nil {
		return b.fail(err)
	}
	b.ids = append(b.ids, id)
	return nil
}

// SetSeq records that every change up to seq is in the index.
func (b *Builder) SetSeq(seq int64) { b.seq = seq }

// Seq is the last change sequence recorded with SetSeq.
func (b *Builder) Seq() int64 { return b.seq }

// Len is the number of Add calls until Finish, and the number of distinct
// ids (the vectors in the file) after it.
func (b *Builder) Len() int {
	if b.done {
		return b.n
	}
	return len(b.ids)
}

// Finish writes the index file at path atomically, as Exact.Save does: the
// header and ids, then the vectors streamed from the temporary file through
// the checksum, so memory stays at the ids and two 1 MB buffers. It removes
// the temporary file whether or not it succeeds; the Builder is unusable
// afterwards.
func (b *Builder) Finish() error {
	if err := b.usable(); err != nil {
		b.Abort()
		return err
	}
	err := b.w.Flush()
	if err == nil {
		ids, src := b.resolveRepeats()
		b.n = len(ids)
		err = atomicfile.Write(b.path, func(w io.Writer) error {
			return writeFile(w, b.dim, b.seq, b.model, ids, func(bw *bufio.Writer) error { return b.copyVectors(bw, src) })
		})
	}
	b.Abort()
	if err != nil {
		return b.wrap(err)
	}
	return nil
}

// resolveRepeats returns the distinct ids in the order they were first
// added and, when an id was added more than once, for each of them the row
// of its last vector (nil when no id repeats: row k is then the kth).
func (b *Builder) resolveRepeats() (ids []string, src []int32) {
	last := make([]int32, len(b.ids)) // by first row: the group's last row; -1 for a repeat
	repeats := false
	idgroups.Each(b.ids, func(rows []int32) {
		last[rows[0]] = rows[len(rows)-1]
		for _, r := range rows[1:] {
			last[r] = -1
		}
		repeats = repeats || len(rows) > 1
	})
	if !repeats {
		return b.ids, nil
	}
	for r, l := range last {
		if l >= 0 {
			ids = append(ids, b.ids[r])
			src = append(src, l)
		}
	}
	return ids, src
}

// copyVectors copies the rows of the temporary file into bw: all of them in
// order, or the rows src lists. Reading is sequential but for a repeated
// id's last vector, read where it lies.
func (b *Builder) copyVectors(bw *bufio.Writer, src []int32) error {
	rowLen := int64(rowBytes(b.dim))
	b.scratch = b.scratch[:rowLen]
	size := int64(len(b.ids)) * rowLen
	if src == nil {
		n, err := io.Copy(bw, io.NewSectionReader(b.tmp, 0, size))
		if err == nil && n != size {
			err = fmt.Errorf("temporary file holds %d bytes of vectors, want %d", n, size)
		}
		return err
	}
	r := bufio.NewReaderSize(io.NewSectionReader(b.tmp, 0, size), 1<<20)
	next := int32(0) // row r reads next
	for _, s := range src {
		if s < next || s-next > 1<<10 { // far ahead: read it where it lies
			if _, err := b.tmp.ReadAt(b.scratch, int64(s)*rowLen); err != nil {
				return err
			}
		} else {
			if _, err := r.Discard(int(int64(s-next) * rowLen)); err != nil {
				return err
			}
			if _, err := io.ReadFull(r, b.scratch); err != nil {
				return err
			}
			next = s + 1
		}
		if _, err := bw.Write(b.scratch); err != nil {
			return err
		}
	}
	return nil
}

// Abort removes the temporary file and leaves path untouched, for an
// interrupted import. It is safe after Finish and safe to call twice.
func (b *Builder) Abort() {
	if b.done {
		return
	}
	b.done = true
	name := b.tmp.Name()
	b.tmp.Close()
	os.Remove(name)
	b.ids, b.w = nil, nil
}

// usable returns the error every call after a failure, Finish or Abort gets.
func (b *Builder) usable() error {
	if b.done {
		return b.wrap(errBuilderDone)
	}
	return b.err
}

// fail records the first write error, wrapped, and returns it.
func (b *Builder) fail(err error) error {
	b.err = b.wrap(err)
	return b.err
}

func (b *Builder) wrap(err error) error {
	return fmt.Errorf("vector: build %s: %w", b.path, err)
}
