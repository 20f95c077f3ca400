package vector

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// floatFile writes x in the version 1 layout (rows as float32, the int8 rows
// times their scale), as files written before version 2 hold them.
func floatFile(x *Exact) []byte {
	var b bytes.Buffer
	b.Write(fileMagic[:])
	b.WriteByte(fileVersionFloats)
	b.Write(binary.AppendUvarint(nil, uint64(x.dim)))
	b.Write(binary.AppendUvarint(nil, uint64(len(x.ids))))
	b.Write(binary.AppendVarint(nil, x.seq))
	b.Write(binary.AppendUvarint(nil, uint64(len(x.model))))
	b.WriteString(x.model)
	for _, id := range x.ids {
		b.Write(binary.AppendUvarint(nil, uint64(len(id))))
		b.WriteString(id)
	}
	row := make([]float32, x.dim)
	for r := range x.ids {
		dequantize(x.q[r*x.dim:(r+1)*x.dim], x.scales[r], row)
		for _, v := range row {
			b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)))
		}
	}
	return binary.LittleEndian.AppendUint32(b.Bytes(), crc32.ChecksumIEEE(b.Bytes()))
}

func randomExact(n, dim int) *Exact {
	rng := rand.New(rand.NewPCG(7, 8))
	x := NewExact(dim, "paperwire-bow/abc")
	for i := range n {
		x.Add("2401."+strconv.Itoa(10000+i), randomUnit(rng, dim))
	}
	x.seq = 77
	return x
}

// TestFloatFilesStillLoad: an index file in the version 1 layout loads into
// the same rows, and saving it again writes what the index itself writes.
func TestFloatFilesStillLoad(t *testing.T) {
	x := randomExact(200, 48)
	old, err := Parse(floatFile(x))
	if err != nil {
		t.Fatal(err)
	}
	if old.seq != 77 || old.model != x.model || !equalRows(old, x) {
		t.Fatal("a version 1 file loads into other rows than the index it was written from")
	}
	var a, b bytes.Buffer
	if err := x.Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := old.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) || a.Bytes()[4] != fileVersion {
		t.Fatal("a loaded version 1 file is not saved as the version 2 file of the same rows")
	}
	h, err := readHeader(bufio.NewReader(bytes.NewReader(floatFile(x))))
	if err != nil || h.Count != 200 || h.Dim != 48 || h.Model != x.model {
		t.Fatalf("version 1 header: %+v, %v", h, err)
	}
}

// TestFileBytesPerVector: a saved row is its int8 components and a float32
// scale, a quarter of float32 rows (the file's size is what a fresh import
// writes twice and every start reads).
func TestFileBytesPerVector(t *testing.T) {
	x := randomExact(1000, 300)
	var whole bytes.Buffer
	if err := x.Write(&whole); err != nil {
		t.Fatal(err)
	}
	var head bytes.Buffer // the same header and ids, no rows
	if err := writeFile(&head, x.dim, x.seq, x.model, x.ids, func(*bufio.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := float64(whole.Len()-head.Len()) / 1000; got != 304 {
		t.Errorf("%.1f bytes per 300-d vector in the file, want 304", got)
	}
	y, err := Parse(whole.Bytes())
	if err != nil || !equalRows(x, y) {
		t.Fatalf("round trip: %v", err)
	}
}

func equalRows(a, b *Exact) bool {
	if len(a.ids) != len(b.ids) || a.dim != b.dim {
		return false
	}
	for i := range a.ids {
		if a.ids[i] != b.ids[i] || a.scales[i] != b.scales[i] {
			return false
		}
	}
	return bytes.Equal(int8Bytes(a.q), int8Bytes(b.q))
}

func int8Bytes(q []int8) []byte {
	b := make([]byte, len(q))
	for i, v := range q {
		b[i] = byte(v)
	}
	return b
}

// TestBadRowScaleIsCorrupt: a row whose scale is not a finite, non-negative
// number (which no writer makes) is refused, checksum or not.
func TestBadRowScaleIsCorrupt(t *testing.T) {
	x := randomExact(3, 8)
	for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), -1} {
		x.scales[1] = bad
		var b bytes.Buffer
		if err := x.Write(&b); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(b.Bytes()); !errors.Is(err, ErrCorrupt) {
			t.Errorf("scale %v: %v, want ErrCorrupt", bad, err)
		}
	}
}
