package vector

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// errBuilderDone reports a call on a Builder after Finish or Abort.
var errBuilderDone = errors.New("builder already finished or aborted")

// Builder writes a vector index file (the format Load reads) from vectors
// added one by one, keeping only the ids in memory: vectors go to a
// temporary file beside path and are copied into the final file by Finish.
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
	ids   []string
	row   map[string]int

	tmp     *os.File      // vectors, row after row, little endian
	w       *bufio.Writer // appends new rows to tmp
	scratch []byte        // one encoded row, reused by every Add
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
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("vector: build %s: %w", path, err)
	}
	removeStaleTemps(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".build*")
	if err != nil {
		return nil, fmt.Errorf("vector: build %s: %w", path, err)
	}
	return &Builder{
		path:    path,
		dim:     dim,
		model:   model,
		row:     map[string]int{},
		tmp:     tmp,
		w:       bufio.NewWriterSize(tmp, 1<<20),
		scratch: make([]byte, 4*dim),
	}, nil
}

// Add stores vec under id. A repeated id replaces its earlier vector and
// keeps its row, as Exact.Add does; repeats are rare in an import, so the
// row is rewritten in place in the temporary file.
func (b *Builder) Add(id string, vec []float32) error {
	if len(vec) != b.dim {
		return b.wrap(fmt.Errorf("%w: %d, index has %d", ErrDim, len(vec), b.dim))
	}
	if err := b.usable(); err != nil {
		return err
	}
	for i, v := range vec {
		binary.LittleEndian.PutUint32(b.scratch[4*i:], math.Float32bits(v))
	}
	if r, ok := b.row[id]; ok {
		if err := b.w.Flush(); err != nil {
			return b.fail(err)
		}
		if _, err := b.tmp.WriteAt(b.scratch, int64(r)*int64(len(b.scratch))); err != nil {
			return b.fail(err)
		}
		return nil
	}
	if _, err := b.w.Write(b.scratch); err != nil {
		return b.fail(err)
	}
	b.row[id] = len(b.ids)
	b.ids = append(b.ids, id)
	return nil
}

// SetSeq records that every change up to seq is in the index.
func (b *Builder) SetSeq(seq int64) { b.seq = seq }

// Seq is the last change sequence recorded with SetSeq.
func (b *Builder) Seq() int64 { return b.seq }

// Len is the number of distinct ids added.
func (b *Builder) Len() int { return len(b.ids) }

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
		err = writeAtomic(b.path, func(w io.Writer) error {
			return writeFile(w, b.dim, b.seq, b.model, b.ids, b.copyVectors)
		})
	}
	b.Abort()
	if err != nil {
		return b.wrap(err)
	}
	return nil
}

// copyVectors copies every row from the temporary file into bw. bw's own
// ReadFrom fills its 1 MB buffer straight from the file, so no other buffer
// is needed.
func (b *Builder) copyVectors(bw *bufio.Writer) error {
	size := int64(len(b.ids)) * int64(len(b.scratch))
	n, err := io.Copy(bw, io.NewSectionReader(b.tmp, 0, size))
	if err == nil && n != size {
		err = fmt.Errorf("temporary file holds %d bytes of vectors, want %d", n, size)
	}
	return err
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
	b.ids, b.row, b.w = nil, nil, nil
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
