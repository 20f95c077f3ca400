package main

import "github.com/paperwire/paperwire/search/eval"

// dataset is a BEIR-layout retrieval set in the shape the harness indexes.
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

// loadBEIR reads a BEIR directory with the same loader `paperwire eval` uses.
func loadBEIR(dir, split string) (*dataset, error) {
	ev, err := eval.Load(dir, split)
	if err != nil {
		return nil, err
	}
	ds := &dataset{}
	for _, d := range ev.Docs {
		ds.docIDs = append(ds.docIDs, d.ID)
		ds.titles = append(ds.titles, d.Title)
		ds.texts = append(ds.texts, d.Text)
	}
	for _, q := range ev.Queries {
		ds.queries = append(ds.queries, query{id: q.ID, text: q.Text, rel: ev.Qrels[q.ID]})
	}
	return ds, nil
}
