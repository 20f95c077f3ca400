package arxiv

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkParseListRecords parses a 1,000-record arXiv-format page (the size
// arXiv serves), built from the recorded records.
func BenchmarkParseListRecords(b *testing.B) {
	page := readTestdata(b, rec200)
	start := bytes.Index(page, []byte("<record>"))
	end := bytes.LastIndex(page, []byte("</record>")) + len("</record>")
	var body bytes.Buffer
	body.Write(page[:start])
	for i := 0; i < 500; i++ {
		// Two records per copy; ids made unique so nothing collapses.
		r := bytes.ReplaceAll(page[start:end], []byte("1412.8544"), []byte(fmt.Sprintf("1412.%04d", i)))
		body.Write(bytes.ReplaceAll(r, []byte("hep-th/9504118"), []byte(fmt.Sprintf("hep-th/95%05d", i))))
	}
	body.Write(page[end:])
	data := body.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		p, err := ParseListRecords(data)
		if err != nil || len(p.Papers) != 1000 {
			b.Fatalf("%v, %d papers", err, len(p.Papers))
		}
	}
	b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkParseFeed parses a recorded 10-entry Atom search page.
func BenchmarkParseFeed(b *testing.B) {
	data := readTestdata(b, "atom/q_testing_s0_m10_200.xml")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, err := ParseFeed(data)
		if err != nil || len(f.Papers) != 10 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*10/b.Elapsed().Seconds(), "entries/s")
}
