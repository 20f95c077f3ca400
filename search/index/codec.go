package index

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/paperwire/paperwire/internal/mmap"
)

// encoder writes uvarints, zig-zag varints and length-prefixed bytes,
// remembering the first error.
type encoder struct {
	w   io.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func (e *encoder) write(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) uint(v uint64) { e.write(e.buf[:binary.PutUvarint(e.buf[:], v)]) }
func (e *encoder) int(v int64)   { e.write(e.buf[:binary.PutVarint(e.buf[:], v)]) }
func (e *encoder) bytes(b []byte) {
	e.uint(uint64(len(b)))
	e.write(b)
}
func (e *encoder) str(s string) { e.bytes([]byte(s)) }

// decoder reads what encoder wrote from a stream of left bytes; after the
// first error every read returns zero and err stays set. Postings streams
// (bytes) are read into slabs of exact-size pieces (see slab), so a decoded
// index holds its postings once, with no buffer of the whole file beside
// them.
type decoder struct {
	r    byteReader
	left int64 // bytes of the stream not yet read
	sl   slab
	tmp  []byte // str's scratch
	err  error
	// mem, when set, is the whole stream in memory that stays (a mapped
	// snapshot): bytes returns views of it instead of copies.
	mem  []byte
	memR *bytes.Reader
	// behind, when set, lets go of the mapping's pages the decoding has
	// passed; mem starts at memBase in the mapping.
	behind  *mmap.Behind
	memBase int
}

// passed tells behind (if any) how far the decoding has read: call it where
// nothing before the position will be read again.
func (d *decoder) passed() {
	if d.behind != nil {
		d.behind.Passed(d.memBase + len(d.mem) - d.memR.Len())
	}
}

type byteReader interface {
	io.Reader
	io.ByteReader
}

func newDecoder(r io.Reader, size int64) *decoder {
	return &decoder{r: bufio.NewReaderSize(io.LimitReader(r, size), 1<<20), left: size}
}

// newMemDecoder decodes mem in place: postings streams become views of it
// (capacity capped at their length, so appending to one copies it out).
func newMemDecoder(mem []byte) *decoder {
	br := bytes.NewReader(mem)
	return &decoder{r: br, left: int64(len(mem)), mem: mem, memR: br}
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
	d.left = 0
}

func (d *decoder) uint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64 && d.err == nil && d.left > 0; shift += 7 {
		c, err := d.r.ReadByte()
		if err != nil {
			break
		}
		d.left--
		if shift == 63 && c > 1 {
			break
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.fail("truncated varint")
	return 0
}

func (d *decoder) int() int64 {
	u := d.uint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a length and checks it against the bytes left, each element
// taking at least minBytes, so a damaged length cannot allocate gigabytes.
func (d *decoder) count(minBytes int) int {
	v := d.uint()
	if v > uint64(d.left/int64(minBytes)) {
		d.fail("length out of range")
		return 0
	}
	return int(v)
}

// bytes reads a length-prefixed byte string into the decoder's slab.
func (d *decoder) bytes() []byte {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	if d.mem != nil && d.err == nil {
		at := len(d.mem) - d.memR.Len()
		d.memR.Seek(int64(n), io.SeekCurrent)
		d.left -= int64(n)
		return d.mem[at : at+n : at+n]
	}
	return d.read(d.sl.alloc(n))
}

// strView is str as a view of the decoder's buffer, valid until the next read.
func (d *decoder) strView() []byte {
	n := d.count(1)
	d.tmp = d.read(slices.Grow(d.tmp[:0], n)[:n])
	return d.tmp
}

func (d *decoder) str() string {
	n := d.count(1)
	d.tmp = d.read(slices.Grow(d.tmp[:0], n)[:n])
	return string(d.tmp)
}

// read fills b from the stream.
func (d *decoder) read(b []byte) []byte {
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail("truncated data")
		return nil
	}
	d.left -= int64(len(b))
	return b
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func lowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
