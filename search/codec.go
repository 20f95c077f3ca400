package search

import (
	"encoding/binary"
	"errors"
	"io"
	"strings"
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

// decoder reads what encoder wrote from a byte slice; after the first error
// every read returns zero and err stays set.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
	d.b = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("truncated varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length and checks it against the bytes left, each element
// taking at least minBytes, so a damaged length cannot allocate gigabytes.
func (d *decoder) count(minBytes int) int {
	v := d.uint()
	if v > uint64(len(d.b)/minBytes) {
		d.fail("length out of range")
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() []byte {
	n := d.count(1)
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) str() string { return string(d.bytes()) }

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
