package index

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"

	"github.com/paperwire/paperwire/search/index/indextest"
)

// TestBytesPerPosting pins the postings' size on a fixed corpus: a change of
// representation that makes them larger fails here, not in production.
func TestBytesPerPosting(t *testing.T) {
	ix := Build(DefaultParams(), indextest.ZipfDocs[Document](3000))
	f := ix.Footprint()
	if f.Postings == 0 {
		t.Fatal("no postings")
	}
	data := float64(f.DataBytes) / float64(f.Postings)
	pos := float64(f.PosBytes) / float64(f.Postings)
	t.Logf("%d postings of %d terms: %.3f bytes of documents and frequencies, %.3f of positions per posting", f.Postings, f.Terms, data, pos)
	// Measured 2.229 and 2.177 when this test was written.
	if data > 2.25 || pos > 2.2 {
		t.Errorf("%.3f + %.3f bytes per posting, want at most 2.25 + 2.2", data, pos)
	}
	if f.MappedBytes != 0 {
		t.Errorf("an index built in memory reports %d mapped bytes", f.MappedBytes)
	}
}

// FuzzReadMapped feeds damaged snapshots to the mapped loader, which keeps
// views of the bytes: whatever it accepts must decode every posting and
// keep indexing without reading out of bounds, as the streaming loader
// must (FuzzReadIndex in package search also searches what it accepts).
func FuzzReadMapped(f *testing.F) {
	ix := Build(DefaultParams(), indextest.VariedDocs[Document](20, 3))
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Re-seal the body so the fuzzer reaches the decoder past the checksum.
		b = append([]byte(nil), b...)
		if len(b) >= len(snapshotMagic)+4 && string(b[:len(snapshotMagic)]) == snapshotMagic {
			binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[len(snapshotMagic):len(b)-4], crcTable))
		}
		ix, err := readMapped(b, DefaultParams())
		if err == nil {
			walkPostings(t, ix)
			ix.Apply(indextest.VariedDocs[Document](3, 9), nil, 0)
		}
	})
}
