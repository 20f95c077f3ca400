package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paperwire/paperwire/embed"
	_ "modernc.org/sqlite"
)

// bm25Runs retrieves the top depth documents per query with SQLite FTS5
// (porter stemmer, BM25 k1=1.2 b=0.75): the strong lexical baseline the
// semantic layer has to improve on. Queries are the OR of their words.
func bm25Runs(ctx context.Context, ds *dataset, depth int) ([][]hit, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE docs USING fts5(title, text, tokenize='porter unicode61')`); err != nil {
		return nil, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	for i := range ds.docIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO docs(rowid, title, text) VALUES (?, ?, ?)`, i, ds.titles[i], ds.texts[i]); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	runs := make([][]hit, len(ds.queries))
	for qi, q := range ds.queries {
		seen := map[string]bool{}
		var terms []string
		for _, t := range embed.Tokenize(q.text) {
			if !seen[t] {
				seen[t] = true
				terms = append(terms, `"`+t+`"`)
			}
		}
		if len(terms) == 0 {
			continue
		}
		rows, err := db.QueryContext(ctx, `SELECT rowid, -bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?`,
			strings.Join(terms, " OR "), depth)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.id, err)
		}
		for rows.Next() {
			var h hit
			if err := rows.Scan(&h.Doc, &h.Score); err != nil {
				rows.Close()
				return nil, err
			}
			runs[qi] = append(runs[qi], h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return runs, nil
}

// cachedBM25 keeps BM25 runs in the user cache directory between experiments:
// they do not change while the semantic side is tuned.
func cachedBM25(ctx context.Context, ds *dataset, depth int) ([][]hit, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return bm25Runs(ctx, ds, depth)
	}
	h := sha256.New()
	fmt.Fprintln(h, depth, len(ds.docIDs), len(ds.queries))
	for _, q := range ds.queries {
		fmt.Fprintln(h, q.id, q.text)
	}
	path := filepath.Join(dir, "paperwire-bench", fmt.Sprintf("bm25-%x.gob", h.Sum(nil)[:8]))
	if f, err := os.Open(path); err == nil {
		defer f.Close()
		var runs [][]hit
		if gob.NewDecoder(f).Decode(&runs) == nil {
			return runs, nil
		}
	}
	runs, err := bm25Runs(ctx, ds, depth)
	if err != nil {
		return nil, err
	}
	if os.MkdirAll(filepath.Dir(path), 0o755) == nil {
		if f, err := os.Create(path); err == nil {
			gob.NewEncoder(f).Encode(runs)
			f.Close()
		}
	}
	return runs, nil
}
