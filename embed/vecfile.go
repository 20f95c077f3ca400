package embed

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// WordVectors is an Embedder over a standard word-vector file (word2vec text
// format, GloVe, fastText .vec): a text's vector is the weighted average of
// its words' vectors, normalised. Files list words most frequent first, so a
// word's rank gives its weight (SIF: a/(a+p(w)) with Zipf's p(w) ∝ 1/rank):
// common words count for little, as idf would have them.
type WordVectors struct {
	table   *Table
	weights []float32
	name    string
}

// VecStats reports what ParseVec skipped.
type VecStats struct {
	Words     int // vectors kept
	Skipped   int // malformed lines (wrong count of numbers, bad numbers)
	Duplicate int // repeated words (the first is kept)
}

// LoadVec reads a word-vector text file; see ParseVec.
func LoadVec(path string) (*WordVectors, VecStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, VecStats{}, err
	}
	defer f.Close()
	return ParseVec(f, filepath.Base(path))
}

// ParseVec reads "word v1 v2 … vD" lines, with or without word2vec's leading
// "count dim" line. The dimension is that of the header or of the first
// vector line; lines that disagree are skipped and counted, never fatal.
// Words are lower-cased to match Tokenize (the first of two spellings wins).
// name labels the embedder (for example the file name).
func ParseVec(r io.Reader, name string) (*WordVectors, VecStats, error) {
	var st VecStats
	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(r, h), 1<<20)
	t := &Table{}
	seen := map[string]bool{}
	first := true
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			fields := strings.Fields(line)
			switch {
			case len(fields) == 0:
			case first && len(fields) == 2 && isInt(fields[0]) && isInt(fields[1]):
				t.Dim, _ = strconv.Atoi(fields[1])
				if t.Dim <= 0 || t.Dim > maxTableDim {
					return nil, st, fmt.Errorf("embed: %s: bad dimension %d in header", name, t.Dim)
				}
			default:
				if t.Dim == 0 {
					t.Dim = len(fields) - 1
				}
				if !addVecLine(t, fields, seen, &st) {
					st.Skipped++
				}
			}
			first = false
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, st, fmt.Errorf("embed: %s: %w", name, err)
		}
	}
	if len(t.Words) == 0 {
		return nil, st, fmt.Errorf("embed: %s: no word vectors found (%d malformed lines)", name, st.Skipped)
	}
	st.Words = len(t.Words)
	wv := &WordVectors{table: t, weights: zipfSIF(len(t.Words)), name: "vec:" + name + "/" + hex.EncodeToString(h.Sum(nil)[:6])}
	return wv, st, nil
}

func addVecLine(t *Table, fields []string, seen map[string]bool, st *VecStats) bool {
	if t.Dim < 1 || len(fields) != t.Dim+1 {
		return false
	}
	vals := make([]float32, t.Dim)
	for i, f := range fields[1:] {
		v, err := strconv.ParseFloat(f, 32)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
		vals[i] = float32(v)
	}
	w := strings.ToLower(fields[0])
	if seen[w] {
		st.Duplicate++
		return true
	}
	seen[w] = true
	t.Words = append(t.Words, w)
	t.Vecs = append(t.Vecs, vals...)
	return true
}

func isInt(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// zipfSIF weights rank r (0-based) by a/(a+p) with p = 1/((r+1)·H_n), a = 1e-3.
func zipfSIF(n int) []float32 {
	hn := math.Log(float64(n)) + 0.5772
	w := make([]float32, n)
	for r := range w {
		p := 1 / (float64(r+1) * hn)
		w[r] = float32(1e-3 / (1e-3 + p))
	}
	return w
}

// Name is "vec:" + the file name + a hash of its contents.
func (v *WordVectors) Name() string { return v.name }

// Dim is the file's vector size.
func (v *WordVectors) Dim() int { return v.table.Dim }

// Len is the number of words.
func (v *WordVectors) Len() int { return len(v.table.Words) }

// Embed returns the normalised weighted average of each text's known words.
func (v *WordVectors) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return embedBags(ctx, v.table, v.weights, texts)
}

// embedBags is the shared bag-of-words encoder of Model and WordVectors:
// each text's vector is the normalised sum of its known words' rows times
// their weights. A repeated word is added once, times its count; each row
// is scaled and added with SIMD, and rows are added in table order, which
// reads the table forwards (it is tens of megabytes, so most rows come from
// memory, not cache).
func embedBags(ctx context.Context, t *Table, weights []float32, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	var buf []byte
	var bag []int32
	for i, text := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		bag = bag[:0]
		buf = eachToken(text, buf, func(w []byte) {
			if j := t.lookupBytes(w); j >= 0 {
				bag = append(bag, int32(j))
			}
		})
		vec := make([]float32, t.Dim)
		addBag(vec, t, weights, bag)
		normalize(vec)
		out[i] = vec
	}
	return out, nil
}

// addBag adds the row of each distinct word in bag to vec, times its weight
// and the number of times it occurs.
func addBag(vec []float32, t *Table, weights []float32, bag []int32) {
	slices.Sort(bag)
	for k := 0; k < len(bag); {
		row := bag[k]
		n := 1
		for k++; k < len(bag) && bag[k] == row; k++ {
			n++
		}
		t.AddRow(vec, int(row), weights[row]*float32(n))
	}
}
