package main

import (
	"context"
	"errors"
)

func runStats(ctx context.Context, env *Env, args []string) error {
	return errors.New("not implemented yet")
}
