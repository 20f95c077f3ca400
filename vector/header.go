package vector

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// Header is what a vector index file says about itself before its ids and
// vectors.
type Header struct {
	Dim   int
	Count int
	Seq   int64
	Model string // the name of the embedder that made the vectors
}

// ReadHeader reads the header of the index file at path without loading it
// (or checking its checksum), so a caller can tell cheaply whether the file
// was made by the embedder it would use. A missing file returns an error
// satisfying errors.Is(err, fs.ErrNotExist); one that is not a vector index
// ErrCorrupt.
func ReadHeader(path string) (Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, err
	}
	defer f.Close()
	h, err := readHeader(bufio.NewReaderSize(f, 4096))
	if err != nil {
		return Header{}, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

func readHeader(br *bufio.Reader) (Header, error) {
	bad := fmt.Errorf("%w: bad header", ErrCorrupt)
	var head [5]byte
	if _, err := io.ReadFull(br, head[:]); err != nil || [4]byte(head[:4]) != fileMagic {
		return Header{}, fmt.Errorf("%w: not a vector index", ErrCorrupt)
	}
	if !knownVersion(head[4]) {
		return Header{}, fmt.Errorf("vector: index file version %d not supported", head[4])
	}
	dim, err1 := binary.ReadUvarint(br)
	count, err2 := binary.ReadUvarint(br)
	seq, err3 := binary.ReadVarint(br)
	n, err4 := binary.ReadUvarint(br)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || dim == 0 || dim > 1<<16 || count > 1<<40 || n > 1<<12 {
		return Header{}, bad
	}
	model := make([]byte, n)
	if _, err := io.ReadFull(br, model); err != nil {
		return Header{}, bad
	}
	return Header{Dim: int(dim), Count: int(count), Seq: seq, Model: string(model)}, nil
}
