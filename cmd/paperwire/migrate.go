package main

import (
	"context"
	"fmt"
)

// runMigrate applies the pending schema migrations and names each. Every
// command applies them when it opens the store; this is for deployments that
// start their instances with serve --no-migrate and migrate as a step of its own.
func runMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "migrate")
	storeAt := addStoreFlags(fs, env)
	storeAt.schema.AllowPending = true
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	done, err := in.DB.Migrate(ctx)
	for _, name := range done {
		fmt.Fprintf(env.Stdout, "applied %s\n", name)
	}
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintf(env.Stdout, "%s is up to date\n", in.DB.Name())
	}
	return nil
}
