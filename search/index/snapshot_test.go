package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"

	"github.com/paperwire/paperwire/search/index/indextest"
)

// TestSnapshotBytes pins the snapshot's size on a fixed corpus, section by
// section: a change to the file format or the postings encoding that makes
// an index larger on disk (and, mapped, in the page cache) fails here.
func TestSnapshotBytes(t *testing.T) {
	ix := Build(DefaultParams(), indextest.ZipfDocs[Document](3000))
	var buf bytes.Buffer
	n, err := ix.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo: %d bytes, %v (buffer %d)", n, err, buf.Len())
	}
	f := ix.Footprint()
	postings := f.DataBytes + f.PosBytes
	rest := n - postings // header, documents, dictionary, lengths, checksum
	t.Logf("%d bytes: %d of postings (%.3f per posting), %d else (%.1f per document, %d terms)",
		n, postings, float64(postings)/float64(f.Postings), rest, float64(rest)/float64(f.Docs), f.Terms)
	// Measured 1,509,649 bytes of postings and 433,446 else (144.5 per
	// document with its share of the dictionary) when this test was
	// written; the bounds allow 1%.
	if postings > 1_524_700 || rest > 437_800 {
		t.Errorf("snapshot of %d bytes (%d of postings, %d else), want at most 1,524,700 and 437,800", n, postings, rest)
	}
	back, err := Read(buf.Bytes(), DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	g := back.Footprint()
	if g.DictBytes == 0 || g.DictBytes > f.DictBytes*5/4 {
		t.Errorf("read back: %d bytes of dictionary, built: %d", g.DictBytes, f.DictBytes)
	}
	if g.DictBytes = f.DictBytes; g != f {
		t.Errorf("read back: %+v, want %+v", g, f)
	}
}

// walkPostings decodes every posting of every term, with its positions.
func walkPostings(t *testing.T, ix *Index) {
	t.Helper()
	var pos []int32
	for i := range ix.plist {
		c := ix.plist[i].Cursor()
		for c.Next() {
			if int(c.Doc) >= ix.NumDocs() {
				t.Fatalf("term %d: document %d of %d", i, c.Doc, ix.NumDocs())
			}
			pos = c.Positions(pos[:0])
		}
	}
}

// TestSnapshotOldFormatRejected: a version 1 snapshot (sound checksum) is
// reported corrupt, so the caller rebuilds it from the store.
func TestSnapshotOldFormatRejected(t *testing.T) {
	body := []byte{2, 0, 0, 0} // seq 1, no categories, documents or terms
	var file []byte
	file = append(file, "PWLEXv\x00\x01"...)
	file = append(file, body...)
	file = binary.LittleEndian.AppendUint32(file, crc32.Checksum(body, crcTable))
	if _, err := Read(file, DefaultParams()); !errors.Is(err, ErrCorruptSnapshot) {
		t.Fatalf("old format: err = %v, want ErrCorruptSnapshot", err)
	}
	// The same body under the current magic decodes.
	copy(file, snapshotMagic)
	ix, err := Read(file, DefaultParams())
	if err != nil || ix.Seq() != 1 {
		t.Fatalf("current format: %v, seq %v", err, ix)
	}
}

func TestTermFrequencySaturates(t *testing.T) {
	text := ""
	for range 300 {
		text += "graph "
	}
	ix := Build(DefaultParams(), []Document{{ID: "a", Title: "graph", Abstract: text}})
	c := ix.Postings("graph").Cursor()
	if !c.Next() || c.TF[FieldAbstract] != 255 || c.TF[FieldTitle] != 1 {
		t.Fatalf("tf = %v, want title 1, abstract 255", c.TF)
	}
	if n := len(c.Positions(nil)); n != 301 {
		t.Errorf("%d positions, want 301 (positions do not saturate)", n)
	}
}
