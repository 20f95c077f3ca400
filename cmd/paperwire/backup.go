package main

import (
	"context"
	"fmt"
	"os"
)

// runBackup writes a consistent copy of the live SQLite database to FILE
// while serve and imports go on (store.DB.Backup); PostgreSQL is backed up
// with its own pg_dump.
func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "backup")
	storeAt := addStoreFlags(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"backup takes one argument: the file to write"}
	}
	file := fs.Arg(0)
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := in.DB.Backup(ctx, file); err != nil {
		return err
	}
	fi, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s (%d bytes)\n", in.DB.Name(), file, fi.Size())
	return nil
}
