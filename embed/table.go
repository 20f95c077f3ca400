package embed

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sync"
)

// Table is a vocabulary with one vector per word and an optional weight per
// word. It is the in-memory form of both the shipped pretrained word vectors
// and a trained model, and has one compact file format (see WriteTable).
type Table struct {
	Meta    []byte    // free-form metadata (a trained model stores JSON here)
	Words   []string  // vocabulary, in file order
	Dim     int       // vector length
	Vecs    []float32 // len(Words)*Dim, row i is Words[i]; nil in a compact table
	Weights []float32 // nil, or one weight per word

	// A compact table (ReadCompactTable) keeps the file's rows, each a
	// float32 scale and Dim int8 components, as a view of the file's bytes
	// instead of Vecs: a quarter of the memory or none (a mapped file, or a
	// model in the binary), and each row gives exactly the float32 values
	// ReadTable would (RowInto).
	rows []byte

	once  sync.Once
	index *wordIndex
}

// Lookup returns the row of word, or -1. The first call builds the index;
// it is safe for concurrent use.
func (t *Table) Lookup(word string) int {
	t.buildIndex()
	return t.index.lookup([]byte(word))
}

// lookupBytes is Lookup for a word in a byte slice, without converting it
// to a string.
func (t *Table) lookupBytes(word []byte) int {
	t.buildIndex()
	return t.index.lookup(word)
}

func (t *Table) buildIndex() {
	t.once.Do(func() { t.index = newWordIndex(t.Words) })
}

// Row returns word i's vector (a view, not a copy). A compact table has no
// float32 rows to view: use RowInto, or Expand it first.
func (t *Table) Row(i int) []float32 { return t.Vecs[i*t.Dim : (i+1)*t.Dim] }

// RowInto returns word i's vector: a view of Vecs, or, in a compact table,
// the row decoded into dst (of length Dim) with the same arithmetic as
// ReadTable, so both forms give bit-identical vectors.
func (t *Table) RowInto(i int, dst []float32) []float32 {
	if t.rows == nil {
		return t.Row(i)
	}
	q, scale := t.compactRow(i)
	for j, x := range q {
		dst[j] = float32(int8(x)) * scale
	}
	return dst[:t.Dim]
}

// compactRow returns word i's int8 components and their scale in a compact
// table.
func (t *Table) compactRow(i int) (q []byte, scale float32) {
	row := t.rows[i*(4+t.Dim) : (i+1)*(4+t.Dim)]
	return row[4:], math.Float32frombits(binary.LittleEndian.Uint32(row))
}

// AddRow sets vec += a × word i's vector, decoding a compact row on the fly
// with RowInto's arithmetic: a compact table and its expanded form give the
// same sums.
func (t *Table) AddRow(vec []float32, i int, a float32) {
	if t.rows == nil {
		axpy(vec, t.Row(i), a)
		return
	}
	q, scale := t.compactRow(i)
	axpyInt8(vec, q, a, scale)
}

// Compact reports whether t keeps int8 rows (see ReadCompactTable).
func (t *Table) Compact() bool { return t.rows != nil }

// Expand returns t with float32 rows: t itself when it has them, else a new
// table sharing t's words and weights.
func (t *Table) Expand() *Table {
	if t.rows == nil {
		return t
	}
	out := &Table{Meta: t.Meta, Words: t.Words, Dim: t.Dim, Weights: t.Weights, Vecs: make([]float32, len(t.Words)*t.Dim)}
	for i := range t.Words {
		t.RowInto(i, out.Vecs[i*t.Dim:(i+1)*t.Dim])
	}
	return out
}

// VectorBytes is how many bytes t's vectors take in memory.
func (t *Table) VectorBytes() int {
	if t.rows != nil {
		return len(t.rows)
	}
	return 4 * len(t.Vecs)
}

var tableMagic = [4]byte{'P', 'W', 'V', 'T'}

const (
	tableVersion     = 1
	tableHasWeights  = 1 << 0
	maxTableWords    = 1 << 24
	maxTableDim      = 1 << 14
	maxTableMetaSize = 1 << 20
)

// ErrCorrupt reports a table or model file that is truncated or altered.
var ErrCorrupt = errors.New("embed: corrupt vector file")

// WriteTable writes t in Paperwire's compact format: a small header, the
// words, optional float32 weights, then each vector quantised to int8 with a
// float32 scale per row (a quarter of float32's size; cosine similarities move
// by well under 1%), and a CRC-32 of everything before it.
func WriteTable(w io.Writer, t *Table) error {
	if (t.rows == nil && len(t.Vecs) != len(t.Words)*t.Dim) || (t.rows != nil && len(t.rows) != len(t.Words)*(4+t.Dim)) || (t.Weights != nil && len(t.Weights) != len(t.Words)) {
		return fmt.Errorf("embed: table sizes disagree: %d words, dim %d, %d values, %d weights", len(t.Words), t.Dim, len(t.Vecs), len(t.Weights))
	}
	crc := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	var flags byte
	if t.Weights != nil {
		flags |= tableHasWeights
	}
	bw.Write(tableMagic[:])
	bw.WriteByte(tableVersion)
	bw.WriteByte(flags)
	var buf [binary.MaxVarintLen64]byte
	putU := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	putU(uint64(len(t.Words)))
	putU(uint64(t.Dim))
	putU(uint64(len(t.Meta)))
	bw.Write(t.Meta)
	for _, word := range t.Words {
		putU(uint64(len(word)))
		bw.WriteString(word)
	}
	putF := func(f float32) {
		binary.LittleEndian.PutUint32(buf[:4], math.Float32bits(f))
		bw.Write(buf[:4])
	}
	for _, x := range t.Weights {
		putF(x)
	}
	row := make([]byte, t.Dim)
	vec := make([]float32, t.Dim)
	for i := range t.Words {
		putF(quantize(t.RowInto(i, vec), row))
		bw.Write(row)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(buf[:4], crc.Sum32())
	_, err := w.Write(buf[:4])
	return err
}

// quantize writes v as int8 steps of the returned scale (its largest
// magnitude over 127) into q.
func quantize(v []float32, q []byte) (scale float32) {
	var maxAbs float32
	for _, x := range v {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	scale = maxAbs / 127
	for j, x := range v {
		r := 0.0
		if scale > 0 {
			r = math.Round(float64(x / scale))
		}
		q[j] = byte(int8(r))
	}
	return scale
}

// ReadTable parses a table written by WriteTable. It returns ErrCorrupt (wrapped)
// for a truncated file, a bad checksum or sizes out of range.
func ReadTable(data []byte) (*Table, error) { return readTable(data, false) }

// ReadCompactTable is ReadTable keeping the rows where they are in data,
// int8 with a scale per row: what a model needs to embed texts, at a
// quarter of the memory (a model trained on 75,000 papers: 39 MB instead of
// 150 MB), or none beyond data's own. data must then stay unchanged while the
// table is used. Row is not available on it; RowInto gives identical vectors.
func ReadCompactTable(data []byte) (*Table, error) { return readTable(data, true) }

func readTable(data []byte, compact bool) (*Table, error) {
	if len(data) < 10 || [4]byte(data[:4]) != tableMagic {
		return nil, fmt.Errorf("%w: not a Paperwire vector file", ErrCorrupt)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch (truncated or altered)", ErrCorrupt)
	}
	if body[4] != tableVersion {
		return nil, fmt.Errorf("embed: vector file version %d not supported", body[4])
	}
	flags := body[5]
	p := body[6:]
	getU := func(limit uint64) (uint64, error) {
		v, n := binary.Uvarint(p)
		if n <= 0 || v > limit {
			return 0, fmt.Errorf("%w: bad header", ErrCorrupt)
		}
		p = p[n:]
		return v, nil
	}
	n, err := getU(maxTableWords)
	if err != nil {
		return nil, err
	}
	dim, err := getU(maxTableDim)
	if err != nil {
		return nil, err
	}
	metaLen, err := getU(maxTableMetaSize)
	if err != nil || uint64(len(p)) < metaLen {
		return nil, fmt.Errorf("%w: bad metadata", ErrCorrupt)
	}
	t := &Table{Dim: int(dim), Meta: append([]byte(nil), p[:metaLen]...)}
	p = p[metaLen:]
	t.Words = make([]string, n)
	for i := range t.Words {
		l, err := getU(1 << 16)
		if err != nil || uint64(len(p)) < l {
			return nil, fmt.Errorf("%w: bad word %d", ErrCorrupt, i)
		}
		t.Words[i] = string(p[:l])
		p = p[l:]
	}
	need := n * (4 + dim)
	if flags&tableHasWeights != 0 {
		need += 4 * n
	}
	if uint64(len(p)) != need {
		return nil, fmt.Errorf("%w: %d bytes of vectors, want %d", ErrCorrupt, len(p), need)
	}
	f32 := func() float32 {
		v := math.Float32frombits(binary.LittleEndian.Uint32(p))
		p = p[4:]
		return v
	}
	if flags&tableHasWeights != 0 {
		t.Weights = make([]float32, n)
		for i := range t.Weights {
			t.Weights[i] = f32()
		}
	}
	if compact {
		t.rows = p[:len(p):len(p)]
		return t, nil
	}
	t.Vecs = make([]float32, n*dim)
	for i := range int(n) {
		scale := f32()
		row := t.Vecs[i*int(dim) : (i+1)*int(dim)]
		for j := range row {
			row[j] = float32(int8(p[j])) * scale
		}
		p = p[dim:]
	}
	return t, nil
}
