package embed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sync"

	"github.com/paperwire/paperwire/internal/atomicfile"
	"github.com/paperwire/paperwire/internal/mmap"
)

// ModelKind names the model family in Name and in saved files.
const ModelKind = "paperwire-bow"

// Model is an embedder Paperwire trains on its own papers: a text's vector is
// the idf-weighted sum of its words' trained vectors, normalised. Words the
// model never saw are ignored. It is safe for concurrent use.
type Model struct {
	table *Table
	data  []byte // the model file's bytes, which table's rows point into
	name  string
	meta  modelMeta

	expandOnce sync.Once
	expanded   *Table // table with float32 rows, for Table
}

// modelMeta is stored as JSON in the file header.
type modelMeta struct {
	Kind    string `json:"kind"`
	Version int    `json:"version"`
	Docs    int    `json:"docs"` // documents it was trained on
}

// newModel turns trained vectors into a model: it writes them once in the
// file format, rows rounded to int8, and embeds from those bytes, as a loaded
// model does, so a trained model and its saved copy give identical vectors and
// the same Name, and Save writes the same bytes. The float vectors are not
// kept (a quarter of their memory stays).
func newModel(words []string, idf, vecs []float32, dim, docs int) (*Model, error) {
	t := &Table{Words: words, Dim: dim, Vecs: vecs, Weights: idf}
	t.Meta, _ = json.Marshal(modelMeta{Kind: ModelKind, Version: 1, Docs: docs})
	var buf bytes.Buffer
	buf.Grow(len(words) * (dim + 4 + 16))
	if err := WriteTable(&buf, t); err != nil {
		return nil, err
	}
	return ParseModel(buf.Bytes())
}

// modelName is the kind plus a hash of the model file's bytes (vocabulary,
// weights and vectors): any retraining that changes vectors changes the name.
func modelName(data []byte) string {
	sum := sha256.Sum256(data)
	return ModelKind + "/" + hex.EncodeToString(sum[:6])
}

// Name identifies the model and its exact weights.
func (m *Model) Name() string { return m.name }

// Dim is the vector size.
func (m *Model) Dim() int { return m.table.Dim }

// VocabSize is the number of words the model knows.
func (m *Model) VocabSize() int { return len(m.table.Words) }

// Docs is the number of documents the model was trained on.
func (m *Model) Docs() int { return m.meta.Docs }

// Embed returns one unit vector per text (zero when no word is known).
func (m *Model) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return embedBags(ctx, m.table, m.table.Weights, texts)
}

// normalize scales v to unit length in place (a zero vector stays zero). The
// length is summed in float64 so that huge components from a foreign vector
// file or server cannot overflow into Inf and NaN.
func normalize(v []float32) {
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	if ss == 0 || math.IsInf(ss, 0) || math.IsNaN(ss) {
		if ss != 0 {
			clear(v)
		}
		return
	}
	inv := 1 / math.Sqrt(ss)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
}

// Save writes the model in the compact table format (about Dim+4 bytes per word).
func (m *Model) Save(path string) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(m.data)
		return err
	})
}

// LoadModel reads a model written by Save. It maps the file where it can:
// the model's rows stay in the page cache, and only the rows of the words
// being embedded are read (docs/decisions/013-mapped-snapshots.md).
func LoadModel(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if mem, err := mmap.File(f); err == nil {
		m, err := ParseModel(mem)
		if err != nil {
			mmap.Unmap(mem)
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		mmap.DropPages(mem)
		runtime.AddCleanup(m, mmap.Unmap, mem)
		return m, nil
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	m, err := ParseModel(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseModel reads a model from the bytes Save wrote (for example a model
// embedded in the binary). The model keeps its rows where they are in data,
// which must stay unchanged while it is used.
func ParseModel(data []byte) (*Model, error) {
	t, err := ReadCompactTable(data)
	if err != nil {
		return nil, err
	}
	var meta modelMeta
	if err := json.Unmarshal(t.Meta, &meta); err != nil || meta.Kind != ModelKind {
		return nil, fmt.Errorf("embed: not a %s model file", ModelKind)
	}
	if t.Weights == nil {
		return nil, fmt.Errorf("%w: model without word weights", ErrCorrupt)
	}
	return &Model{table: t, data: data, meta: meta, name: modelName(data)}, nil
}

// Table returns the model's words, idf weights and vectors, with float32
// rows. It is shared, not copied: callers must not modify it. A loaded
// model keeps its rows compact and expands them on the first call.
func (m *Model) Table() *Table {
	m.expandOnce.Do(func() { m.expanded = m.table.Expand() })
	return m.expanded
}
