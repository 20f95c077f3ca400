package vector

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
)

// File layout (little endian):
//
//	"PWVI" version(1) dim(uvarint) count(uvarint) seq(varint) model(len+bytes)
//	ids: count × (len uvarint + bytes)
//	vectors: count × dim float32
//	crc32 (IEEE) of everything above
//
// The checksum makes a torn or truncated file fail loudly at start-up (the
// caller then rebuilds from the database) instead of serving wrong vectors.
var fileMagic = [4]byte{'P', 'W', 'V', 'I'}

const fileVersion = 1

// Save writes the index to path atomically: a temporary file in the same
// directory is written, synced and renamed over path, and the directory is
// synced, so a crash leaves the old file or the new one, never a mix.
func (x *Exact) Save(path string) error {
	if err := writeAtomic(path, x.Write); err != nil {
		return fmt.Errorf("vector: save %s: %w", path, err)
	}
	return nil
}

// writeAtomic replaces path with what write produces, the way Save
// describes; its errors are not wrapped, so each caller names its operation.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Write writes the index in the file format to w.
func (x *Exact) Write(w io.Writer) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return writeFile(w, x.dim, x.seq, x.model, x.ids, func(bw *bufio.Writer) error {
		var buf [4]byte
		for _, v := range x.vecs {
			binary.LittleEndian.PutUint32(buf[:], math.Float32bits(v))
			bw.Write(buf[:])
		}
		return nil
	})
}

// writeFile writes the file format to w: the header and ids, then whatever
// vectors writes (len(ids) × dim float32, little endian), then the checksum.
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

// removeStaleTemps deletes what a save or build killed half-way left beside
// path; such files are never read. One process builds or saves a data
// directory's index at a time, so none of them is in use.
func removeStaleTemps(path string) {
	for _, pattern := range []string{path + ".tmp*", path + ".build*"} {
		stale, _ := filepath.Glob(pattern)
		for _, f := range stale {
			os.Remove(f)
		}
	}
}

// Load reads an index written by Save. A missing file returns an error
// satisfying errors.Is(err, fs.ErrNotExist); a damaged one ErrCorrupt.
func Load(path string) (*Exact, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	x, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// Parse reads an index from the bytes Write produced.
func Parse(data []byte) (*Exact, error) {
	if len(data) < 9 || [4]byte(data[:4]) != fileMagic {
		return nil, fmt.Errorf("%w: not a vector index", ErrCorrupt)
	}
	body := data[:len(data)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, fmt.Errorf("%w: checksum mismatch (torn or truncated write)", ErrCorrupt)
	}
	if body[4] != fileVersion {
		return nil, fmt.Errorf("vector: index file version %d not supported", body[4])
	}
	p := body[5:]
	bad := fmt.Errorf("%w: bad header", ErrCorrupt)
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(p)
		if n <= 0 {
			return 0, false
		}
		p = p[n:]
		return v, true
	}
	dim, ok1 := uv()
	count, ok2 := uv()
	seq, n := binary.Varint(p)
	if !ok1 || !ok2 || n <= 0 || dim == 0 || dim > 1<<16 || count > uint64(len(p)) {
		return nil, bad
	}
	p = p[n:]
	ml, ok := uv()
	if !ok || ml > uint64(len(p)) {
		return nil, bad
	}
	x := NewExact(int(dim), string(p[:ml]))
	x.seq = seq
	p = p[ml:]
	x.ids = make([]string, 0, count)
	x.row = make(map[string]int, count)
	for range count {
		l, ok := uv()
		if !ok || l > uint64(len(p)) {
			return nil, fmt.Errorf("%w: bad id", ErrCorrupt)
		}
		id := string(p[:l])
		p = p[l:]
		if _, dup := x.row[id]; dup {
			return nil, fmt.Errorf("%w: duplicate id %q", ErrCorrupt, id)
		}
		x.row[id] = len(x.ids)
		x.ids = append(x.ids, id)
	}
	if uint64(len(p)) != count*dim*4 {
		return nil, fmt.Errorf("%w: %d bytes of vectors, want %d", ErrCorrupt, len(p), count*dim*4)
	}
	x.vecs = make([]float32, count*dim)
	for i := range x.vecs {
		x.vecs[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*i:]))
	}
	return x, nil
}
