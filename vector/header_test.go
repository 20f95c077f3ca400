package vector

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
)

func TestReadHeader(t *testing.T) {
	x := NewExact(3, "model-a")
	x.Add("p1", []float32{1, 0, 0})
	x.Add("p2", []float32{0, 1, 0})
	x.SetSeq(42)
	path := filepath.Join(t.TempDir(), "vectors.bin")
	if err := x.Save(path); err != nil {
		t.Fatal(err)
	}
	h, err := ReadHeader(path)
	if err != nil {
		t.Fatal(err)
	}
	if h != (Header{Dim: 3, Count: 2, Seq: 42, Model: "model-a"}) {
		t.Errorf("header %+v", h)
	}
	if _, err := ReadHeader(filepath.Join(t.TempDir(), "none.bin")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	for _, b := range [][]byte{nil, []byte("PWVI"), []byte("XXXX\x01\x03\x02\x54"), []byte("PWVI\x01\x00\x00\x00\x00")} {
		if _, err := readHeader(bufio.NewReader(bytes.NewReader(b))); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%q: %v, want ErrCorrupt", b, err)
		}
	}
}

// FuzzReadHeader: any bytes give a header or an error, never a panic, and a
// header read from a whole file agrees with the file.
func FuzzReadHeader(f *testing.F) {
	var buf bytes.Buffer
	x := NewExact(2, "m")
	x.Add("a", []float32{1, 0})
	x.Write(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("PWVI\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := readHeader(bufio.NewReader(bytes.NewReader(data)))
		if err != nil {
			return
		}
		if h.Dim <= 0 || h.Count < 0 {
			t.Errorf("accepted header %+v", h)
		}
		if x, perr := Parse(data); perr == nil && (x.Dim() != h.Dim || x.Model() != h.Model || x.Len() != h.Count || x.Seq() != h.Seq) {
			t.Errorf("header %+v, file dim %d model %q len %d seq %d", h, x.Dim(), x.Model(), x.Len(), x.Seq())
		}
	})
}
