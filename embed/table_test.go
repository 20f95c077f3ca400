package embed

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

func sampleTable() *Table {
	return &Table{
		Meta:    []byte(`{"kind":"test"}`),
		Words:   []string{"protein", "molecule", "zero"},
		Dim:     4,
		Vecs:    []float32{1, -0.5, 0.25, 0, 0.9, 0.1, -0.3, 0.2, 0, 0, 0, 0},
		Weights: []float32{2.5, 1.5, 0.1},
	}
}

func TestTableRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	in := sampleTable()
	if err := WriteTable(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadTable(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if string(out.Meta) != string(in.Meta) || out.Dim != 4 || len(out.Words) != 3 || out.Words[1] != "molecule" {
		t.Fatalf("header: %+v", out)
	}
	for i, w := range in.Weights {
		if out.Weights[i] != w {
			t.Fatalf("weight %d: %v, want %v", i, out.Weights[i], w)
		}
	}
	// int8 quantisation: each value within half a step of its row's scale.
	for i, v := range in.Vecs {
		row := i / 4
		var maxAbs float32
		for _, x := range in.Vecs[row*4 : row*4+4] {
			maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
		}
		if d := math.Abs(float64(out.Vecs[i] - v)); d > float64(maxAbs)/254+1e-7 {
			t.Fatalf("value %d: %v, want %v ± %v", i, out.Vecs[i], v, maxAbs/254)
		}
	}
	if out.Lookup("zero") != 2 || out.Lookup("absent") != -1 {
		t.Fatal("lookup")
	}
}

func TestReadTableRejectsDamage(t *testing.T) {
	var buf bytes.Buffer
	WriteTable(&buf, sampleTable())
	good := buf.Bytes()
	for name, data := range map[string][]byte{
		"truncated": good[:len(good)-7],
		"flipped":   append(append([]byte{}, good[:20]...), append([]byte{good[20] ^ 8}, good[21:]...)...),
		"empty":     nil,
		"foreign":   []byte("GIF89a............"),
	} {
		if _, err := ReadTable(data); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: got %v, want ErrCorrupt", name, err)
		}
	}
	bad := sampleTable()
	bad.Vecs = bad.Vecs[:5]
	if err := WriteTable(&bytes.Buffer{}, bad); err == nil {
		t.Error("wrote a table whose sizes disagree")
	}
}

func FuzzReadTable(f *testing.F) {
	var buf bytes.Buffer
	WriteTable(&buf, sampleTable())
	f.Add(buf.Bytes())
	f.Add([]byte("PWVT\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadTable(data)
		if err != nil {
			return
		}
		if len(tb.Vecs) != len(tb.Words)*tb.Dim {
			t.Fatalf("%d values for %d words × %d", len(tb.Vecs), len(tb.Words), tb.Dim)
		}
		if tb.Weights != nil && len(tb.Weights) != len(tb.Words) {
			t.Fatal("weights do not match words")
		}
	})
}

// TestCompactTable checks that a compact table gives exactly the vectors and
// file of a float one, in a quarter of the memory plus a scale per row.
func TestCompactTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, sampleTable()); err != nil {
		t.Fatal(err)
	}
	full, err := ReadTable(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	small, err := ReadCompactTable(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !small.Compact() || full.Compact() {
		t.Fatal("Compact")
	}
	dst := make([]float32, 4)
	for i := range full.Words {
		for j, x := range small.RowInto(i, dst) {
			if math.Float32bits(x) != math.Float32bits(full.Row(i)[j]) {
				t.Fatalf("row %d[%d] = %v, want %v", i, j, x, full.Row(i)[j])
			}
		}
	}
	if got, want := small.VectorBytes(), len(full.Words)*(full.Dim+4); got != want {
		t.Errorf("compact vectors take %d bytes, want %d (one byte a component, four a row)", got, want)
	}
	if got, want := full.VectorBytes(), 4*len(full.Words)*full.Dim; got != want {
		t.Errorf("float vectors take %d bytes, want %d", got, want)
	}
	var again bytes.Buffer
	if err := WriteTable(&again, small); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("a compact table writes a different file")
	}
	if x := small.Expand(); !slicesEqualBits(x.Vecs, full.Vecs) {
		t.Error("Expand differs from ReadTable")
	}
}

func slicesEqualBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}
