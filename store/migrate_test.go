package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func TestNewerSchemaRefused(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			target := storetest.Target(t, kind)
			storetest.OpenTarget(t, kind, target).Close()
			raw := storetest.Raw(t, kind, target)
			if _, err := raw.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('migrations/9999_future.sql', '2030-01-01T00:00:00Z')`); err != nil {
				t.Fatal(err)
			}
			for _, opts := range []store.Options{{}, {NoMigrate: true}} {
				db, err := open(kind, target, opts)
				if err == nil {
					db.Close()
					t.Fatalf("opened a database with a newer schema (%+v)", opts)
				}
				if paperwire.ErrorCode(err) != paperwire.ECONFLICT || !strings.Contains(paperwire.ErrorMessage(err), "9999_future") {
					t.Fatalf("err = %v, want a conflict naming the unknown migration", err)
				}
			}
		})
	}
}

func TestNoMigrateRefusesPendingThenMigrate(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			target := storetest.Target(t, kind)
			db, err := open(kind, target, store.Options{NoMigrate: true})
			if err == nil {
				db.Close()
				t.Fatal("an unmigrated database opened with NoMigrate")
			}
			if !strings.Contains(paperwire.ErrorMessage(err), "paperwire migrate") {
				t.Fatalf("err = %v, want advice to run paperwire migrate", err)
			}
			db = storetest.OpenTarget(t, kind, target)
			defer db.Close()
			pending, err := db.PendingMigrations(context.Background())
			if err != nil || len(pending) != 0 {
				t.Fatalf("after open: pending %v, %v", pending, err)
			}
			if done, err := db.Migrate(context.Background()); err != nil || len(done) != 0 {
				t.Fatalf("second migrate applied %v, %v", done, err)
			}
		})
	}
}

// TestConcurrentOpensMigrateOnce starts several instances on one new
// database at once: each migration must be applied exactly once, and every
// open must succeed.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			target := storetest.Target(t, kind)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() {
					db, err := open(kind, target, store.Options{})
					if err == nil {
						db.Close()
					}
					errs[i] = err
				})
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			var n, distinct int
			raw := storetest.Raw(t, kind, target)
			if err := raw.QueryRow(`SELECT count(*), count(DISTINCT name) FROM schema_migrations`).Scan(&n, &distinct); err != nil {
				t.Fatal(err)
			}
			if n != distinct || n < 2 {
				t.Fatalf("schema_migrations has %d rows, %d distinct", n, distinct)
			}
		})
	}
}

func open(kind, target string, opts store.Options) (*store.DB, error) {
	return storetest.OpenErr(kind, target, opts)
}
