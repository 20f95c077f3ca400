package embed

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/viterin/vek/vek32"
)

const sampleVec = `5 3
the 0.1 0.1 0.1
protein 1 0 0
molecule 0.9 0.1 0
Retrieval 0 1 0
search 0.1 0.9 0.05
`

func TestParseVecWithHeader(t *testing.T) {
	wv, st, err := ParseVec(strings.NewReader(sampleVec), "tiny.vec")
	if err != nil {
		t.Fatal(err)
	}
	if st.Words != 5 || st.Skipped != 0 || wv.Dim() != 3 || wv.Len() != 5 {
		t.Fatalf("stats %+v dim %d", st, wv.Dim())
	}
	if !strings.HasPrefix(wv.Name(), "vec:tiny.vec/") {
		t.Fatalf("name %q", wv.Name())
	}
	vecs, err := wv.Embed(context.Background(), []string{"Protein", "molecule", "retrieval search", "nothing known"})
	if err != nil {
		t.Fatal(err)
	}
	if s := vek32.Dot(vecs[0], vecs[1]); s < 0.9 {
		t.Errorf("protein·molecule = %.2f, want > 0.9", s)
	}
	if s := vek32.Dot(vecs[0], vecs[2]); s > 0.3 {
		t.Errorf("protein·(retrieval search) = %.2f, want small", s)
	}
	if n := vek32.Dot(vecs[2], vecs[2]); math.Abs(float64(n)-1) > 1e-5 {
		t.Errorf("norm² %v, want 1", n)
	}
	if n := vek32.Dot(vecs[3], vecs[3]); n != 0 {
		t.Errorf("unknown words gave norm² %v, want 0", n)
	}
}

func TestParseVecWithoutHeaderSkipsBadLines(t *testing.T) {
	in := "alpha 1 2\nbeta 3 4\nbroken 1\ngamma x 2\nalpha 9 9\n\ndelta 5 6"
	wv, st, err := ParseVec(strings.NewReader(in), "glove.txt")
	if err != nil {
		t.Fatal(err)
	}
	if st.Words != 3 || st.Skipped != 2 || st.Duplicate != 1 || wv.Dim() != 2 {
		t.Fatalf("stats %+v dim %d", st, wv.Dim())
	}
	// The first "alpha" wins.
	if i := wv.table.Lookup("alpha"); i < 0 || wv.table.Row(i)[0] != 1 {
		t.Fatal("duplicate replaced the first vector")
	}
}

func TestParseVecErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":      "",
		"only bad":   "a b c\nd e f\n",
		"bad header": "10 0\n",
	} {
		if _, _, err := ParseVec(strings.NewReader(in), name); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestLoadVecFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "words.vec")
	os.WriteFile(path, []byte(sampleVec), 0o644)
	wv, _, err := LoadVec(path)
	if err != nil || wv.Len() != 5 {
		t.Fatalf("LoadVec: %v", err)
	}
	if _, _, err := LoadVec(path + ".missing"); err == nil {
		t.Fatal("missing file loaded")
	}
}

func FuzzParseVec(f *testing.F) {
	f.Add([]byte(sampleVec))
	f.Add([]byte("a 1 2\nb 3 4\n"))
	f.Add([]byte("2 2\nx NaN 1\ny 1 Inf\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wv, st, err := ParseVec(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			return
		}
		if st.Words != wv.Len() || wv.Len()*wv.Dim() != len(wv.table.Vecs) {
			t.Fatalf("inconsistent table: %+v dim %d values %d", st, wv.Dim(), len(wv.table.Vecs))
		}
		vecs, err := wv.Embed(context.Background(), []string{string(data)})
		if err != nil || len(vecs[0]) != wv.Dim() {
			t.Fatalf("embed: %v", err)
		}
		for _, x := range vecs[0] {
			if math.IsNaN(float64(x)) {
				t.Fatal("NaN in vector")
			}
		}
	})
}

func TestHugeComponentsGiveNoNaN(t *testing.T) {
	wv, _, err := ParseVec(strings.NewReader("big 3e38 3e38\nsmall 1 0\n"), "huge")
	if err != nil {
		t.Fatal(err)
	}
	vecs, _ := wv.Embed(context.Background(), []string{"big", "big small"})
	for _, v := range vecs {
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				t.Fatalf("vector %v", v)
			}
		}
	}
}
