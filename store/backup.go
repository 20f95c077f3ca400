package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paperwire/paperwire"
)

// Backup writes a consistent copy of the live database to file, replacing it
// only once the copy is complete: a copy is made beside it and renamed, so
// an interrupted backup never leaves a torn file under the name asked for.
// Writers wait while the copy is made; readers go on. A database with no
// backup statement (PostgreSQL: pg_dump does it) returns EINVALID.
func (db *DB) Backup(ctx context.Context, file string) error {
	if db.dialect.BackupSQL == "" {
		return paperwire.Errorf(paperwire.EINVALID, "paperwire backup copies SQLite databases; back PostgreSQL up with pg_dump (see the README).")
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // the backup statement creates its file and refuses an existing one
	defer os.Remove(tmpName)
	if _, err := db.write.ExecContext(ctx, db.q(db.dialect.BackupSQL), tmpName); err != nil {
		return fmt.Errorf("backup %s to %s: %w", db.name, file, err)
	}
	if err := os.Rename(tmpName, abs); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
