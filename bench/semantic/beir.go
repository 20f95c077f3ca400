package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// dataset is a BEIR-layout retrieval set.
type dataset struct {
	docIDs  []string
	titles  []string
	texts   []string
	queries []query
}

type query struct {
	id   string
	text string
	rel  map[string]int // relevant doc id → grade
}

func loadBEIR(dir, split string) (*dataset, error) {
	ds := &dataset{}
	f, err := os.Open(filepath.Join(dir, "corpus.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	err = eachJSON(zr, func(line []byte) error {
		var d struct{ ID, Title, Text string }
		if err := json.Unmarshal(line, &struct {
			ID    *string `json:"_id"`
			Title *string `json:"title"`
			Text  *string `json:"text"`
		}{&d.ID, &d.Title, &d.Text}); err != nil {
			return err
		}
		ds.docIDs, ds.titles, ds.texts = append(ds.docIDs, d.ID), append(ds.titles, d.Title), append(ds.texts, d.Text)
		return nil
	})
	if err != nil {
		return nil, err
	}
	rel := map[string]map[string]int{}
	qr, err := os.ReadFile(filepath.Join(dir, "qrels", split+".tsv"))
	if err != nil {
		return nil, err
	}
	for i, line := range strings.Split(string(qr), "\n") {
		cols := strings.Split(line, "\t")
		if i == 0 || len(cols) < 3 {
			continue
		}
		g, err := strconv.Atoi(strings.TrimSpace(cols[2]))
		if err != nil || g <= 0 {
			continue
		}
		if rel[cols[0]] == nil {
			rel[cols[0]] = map[string]int{}
		}
		rel[cols[0]][cols[1]] = g
	}
	qf, err := os.Open(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		return nil, err
	}
	defer qf.Close()
	err = eachJSON(qf, func(line []byte) error {
		var q struct {
			ID   string `json:"_id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		if r := rel[q.ID]; r != nil {
			ds.queries = append(ds.queries, query{id: q.ID, text: q.Text, rel: r})
		}
		return nil
	})
	return ds, err
}

func eachJSON(r io.Reader, f func([]byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := f(sc.Bytes()); err != nil {
			return fmt.Errorf("bad line: %w", err)
		}
	}
	return sc.Err()
}
