package vector

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"

	"github.com/paperwire/paperwire/internal/atomicfile"
)

// File layout (little endian):
//
//	"PWVI" version(2) dim(uvarint) count(uvarint) seq(varint) model(len+bytes)
//	ids: count × (len uvarint + bytes)
//	vectors: count × (scale float32 + dim int8), as an Exact holds them
//	crc32 (IEEE) of everything above
//
// Version 1 files stored the vectors as count × dim float32 (the int8 rows
// times their scale); they still load, quantised again as they are read,
// which gives back the same rows. Version 2 is a quarter of the size (23 MB
// instead of 90 MB for 75,000 papers at 300 dimensions) and loads with no
// arithmetic.
//
// The checksum makes a torn or truncated file fail loudly at start-up (the
// caller then rebuilds from the database) instead of serving wrong vectors.
var fileMagic = [4]byte{'P', 'W', 'V', 'I'}

const (
	fileVersion       = 2
	fileVersionFloats = 1
)

// knownVersion reports whether a file of this version can be read.
func knownVersion(v byte) bool { return v == fileVersion || v == fileVersionFloats }

// rowBytes is the size of one stored row of dim components.
func rowBytes(dim int) int { return 4 + dim }

// appendRow appends one stored row: the scale, then the int8 components.
func appendRow(dst []byte, scale float32, q []int8) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(scale))
	for _, x := range q {
		dst = append(dst, byte(x))
	}
	return dst
}

// Save writes the index to path atomically: a temporary file in the same
// directory is written, synced and renamed over path, and the directory is
// synced, so a crash leaves the old file or the new one, never a mix.
func (x *Exact) Save(path string) error {
	if err := atomicfile.Write(path, x.Write); err != nil {
		return fmt.Errorf("vector: save %s: %w", path, err)
	}
	return nil
}

// Write writes the index in the file format to w.
func (x *Exact) Write(w io.Writer) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return writeFile(w, x.dim, x.seq, x.model, x.ids, func(bw *bufio.Writer) error {
		row := make([]byte, 0, rowBytes(x.dim))
		for r := range x.ids {
			bw.Write(appendRow(row[:0], x.scales[r], x.q[r*x.dim:(r+1)*x.dim]))
		}
		return nil
	})
}

// writeFile writes the file format to w: the header and ids, then whatever
// vectors writes (len(ids) rows, see appendRow), then the checksum.
// Everything before the checksum goes through one 1 MB buffer that feeds the
// CRC as it goes, so the vectors can come from memory or be streamed from disk.
func writeFile(w io.Writer, dim int, seq int64, model string, ids []string, vectors func(*bufio.Writer) error) error {
	crc := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	var buf [binary.MaxVarintLen64]byte
	bw.Write(fileMagic[:])
	bw.WriteByte(fileVersion)
	bw.Write(buf[:binary.PutUvarint(buf[:], uint64(dim))])
	bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(ids)))])
	bw.Write(buf[:binary.PutVarint(buf[:], seq)])
	bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(model)))])
	bw.WriteString(model)
	for _, id := range ids {
		bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(id)))])
		bw.WriteString(id)
	}
	if err := vectors(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(buf[:4], crc.Sum32())
	_, err := w.Write(buf[:4])
	return err
}

// Load reads an index written by Save. A missing file returns an error
// satisfying errors.Is(err, fs.ErrNotExist); a damaged one ErrCorrupt. It
// streams the file, so loading needs the vectors' memory once, not twice
// (1.2 GB at a million papers).
func Load(path string) (*Exact, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	x, err := Read(bufio.NewReaderSize(f, 1<<20), st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// Parse reads an index from the bytes Write produced.
func Parse(data []byte) (*Exact, error) {
	return Read(bytes.NewReader(data), int64(len(data)))
}

// Read reads an index of size bytes in the file format from r. Nothing is
// allocated beyond what the sizes in the header, checked against size,
// allow; the checksum, which covers everything, is checked at the end.
func Read(r io.Reader, size int64) (*Exact, error) {
	if size < 9 {
		return nil, fmt.Errorf("%w: not a vector index", ErrCorrupt)
	}
	crc := crc32.NewIEEE()
	br := bufio.NewReader(io.TeeReader(io.LimitReader(r, size-4), crc))
	left := size - 4 // body bytes not yet read
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrCorrupt, what) }
	var head [5]byte
	if _, err := io.ReadFull(br, head[:]); err != nil || [4]byte(head[:4]) != fileMagic {
		return nil, bad("not a vector index")
	}
	left -= 5
	uv := func() (uint64, bool) {
		v, err := binary.ReadUvarint(br)
		left -= int64(uvarintLen(v))
		return v, err == nil && left >= 0
	}
	dim, ok1 := uv()
	count, ok2 := uv()
	seq, err := binary.ReadVarint(br)
	left -= int64(varintLen(seq))
	version := head[4]
	if !knownVersion(version) && ok1 && ok2 && err == nil {
		return nil, fmt.Errorf("vector: index file version %d not supported", head[4])
	}
	if !ok1 || !ok2 || err != nil || dim == 0 || dim > 1<<16 || count > uint64(left) {
		return nil, bad("bad header")
	}
	// chunk reads a length-prefixed byte string.
	chunk := func(what string) ([]byte, error) {
		l, ok := uv()
		if !ok || l > uint64(left) {
			return nil, bad(what)
		}
		b := make([]byte, l)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, bad(what)
		}
		left -= int64(l)
		return b, nil
	}
	model, err := chunk("bad header")
	if err != nil {
		return nil, err
	}
	x := NewExact(int(dim), string(model))
	x.seq = seq
	x.ids = make([]string, 0, count)
	x.row = make(map[string]int, count)
	for range count {
		id, err := chunk("bad id")
		if err != nil {
			return nil, err
		}
		if _, dup := x.row[string(id)]; dup {
			return nil, fmt.Errorf("%w: duplicate id %q", ErrCorrupt, id)
		}
		x.row[string(id)] = len(x.ids)
		x.ids = append(x.ids, string(id))
	}
	perRow := uint64(rowBytes(int(dim)))
	if version == fileVersionFloats {
		perRow = 4 * dim
	}
	if uint64(left) != count*perRow {
		return nil, fmt.Errorf("%w: %d bytes of vectors, want %d", ErrCorrupt, left, count*perRow)
	}
	x.q = make([]int8, count*dim)
	x.scales = make([]float32, count)
	if version == fileVersionFloats {
		if err := readFloatRows(br, x, int(dim)); err != nil {
			return nil, err
		}
	} else {
		buf := make([]byte, perRow)
		for r := range int(count) {
			if _, err := io.ReadFull(br, buf); err != nil {
				return nil, bad("truncated vectors")
			}
			scale := math.Float32frombits(binary.LittleEndian.Uint32(buf))
			if !(scale >= 0 && scale <= math.MaxFloat32) { // NaN, negative or infinite
				return nil, bad("bad row scale")
			}
			x.scales[r] = scale
			for j, b := range buf[4:] {
				x.q[r*int(dim)+j] = int8(b)
			}
		}
	}
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil || crc.Sum32() != binary.LittleEndian.Uint32(sum[:]) {
		return nil, bad("checksum mismatch (torn or truncated write)")
	}
	return x, nil
}

// readFloatRows reads a version 1 file's vectors (a row of dim float32 for
// each of x's rows), quantising each row as it is read, so loading needs a
// row of float32 scratch, not the file's size.
func readFloatRows(br *bufio.Reader, x *Exact, dim int) error {
	buf := make([]byte, 4*dim)
	row := make([]float32, dim)
	for r := range x.scales {
		if _, err := io.ReadFull(br, buf); err != nil {
			return fmt.Errorf("%w: truncated vectors", ErrCorrupt)
		}
		for j := range row {
			row[j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
		}
		x.scales[r] = quantize(row, x.q[r*dim:(r+1)*dim])
	}
	return nil
}

func uvarintLen(v uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], v)
}

func varintLen(v int64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutVarint(b[:], v)
}
