package ingest

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"testing"
)

func benchLines(b *testing.B, path string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, slices.Clone(sc.Bytes()))
	}
	return lines
}

func benchParse(b *testing.B, path string, parse parser) {
	lines := benchLines(b, path)
	var n int64
	for _, l := range lines {
		n += int64(len(l))
	}
	b.SetBytes(n / int64(len(lines)))
	ps := &parseState{listedOn: testNow}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		rec, err := parse(lines[i%len(lines)], ps)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Normalize(rec, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDaily(b *testing.B) { benchParse(b, "testdata/2025-03-21.jsonl", parseDaily) }
func BenchmarkParseSnapshot(b *testing.B) {
	benchParse(b, "testdata/snapshot-sample.jsonl", parseSnapshot)
}
