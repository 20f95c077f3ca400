package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/paperwire/paperwire/search"
	_ "modernc.org/sqlite" // the pure-Go SQLite the store uses
)

// runModernc measures FTS5 inside this process through modernc.org/sqlite:
// the in-process option a pure-Go binary could use instead of its own index.
func runModernc(dir string, n int, doc func(int) search.Document, queries []string, w search.Params) (ftsResult, error) {
	var res ftsResult
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "modernc.db")+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return res, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE papers USING fts5(title, abstract, authors, tokenize='porter unicode61')`); err != nil {
		return res, err
	}
	start, cpu0 := time.Now(), cpuSeconds()
	for i := 0; i < n; i += 1000 {
		tx, err := db.Begin()
		if err != nil {
			return res, err
		}
		for j := i; j < min(n, i+1000); j++ {
			d := doc(j)
			if _, err := tx.Exec(`INSERT INTO papers(title, abstract, authors) VALUES (?, ?, ?)`, d.Title, d.Abstract, strings.Join(d.Authors, ", ")); err != nil {
				tx.Rollback()
				return res, err
			}
		}
		if err := tx.Commit(); err != nil {
			return res, err
		}
	}
	if _, err := db.Exec(`INSERT INTO papers(papers) VALUES('optimize')`); err != nil {
		return res, err
	}
	res.buildSec, res.buildCPU = time.Since(start).Seconds(), cpuSeconds()-cpu0
	stmt := fmt.Sprintf(`SELECT rowid, title FROM papers WHERE papers MATCH ? ORDER BY bm25(papers, %g, %g, %g) LIMIT 10`,
		w.Weight[search.FieldTitle], w.Weight[search.FieldAbstract], w.Weight[search.FieldAuthors])
	var lat []float64
	for _, q := range queries {
		var terms []string
		for _, t := range strings.Fields(q) {
			terms = append(terms, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
		t0 := time.Now()
		rows, err := db.Query(stmt, strings.Join(terms, " OR "))
		if err != nil {
			return res, err
		}
		for rows.Next() {
		}
		rows.Close()
		lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e6)
	}
	res.p50, res.p99, res.mean = stats(lat)
	return res, nil
}
