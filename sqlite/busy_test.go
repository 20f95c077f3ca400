package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestIsBusy: the error SQLite gives a writer that finds the database locked
// and does not wait (busy timeout 0) is recognised as busy, so the store
// tries the BEGIN again; other errors are not.
func TestIsBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.BeginTx(ctx, nil)
	if err == nil || !isBusy(err) {
		t.Fatalf("BEGIN IMMEDIATE beside another writer: %v; want an error isBusy recognises", err)
	}
	if _, err := other.Exec(`SELECT * FROM missing`); err == nil || isBusy(err) {
		t.Fatalf("a missing table's error %v counts as busy", err)
	}
}
