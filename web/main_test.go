package web_test

import (
	"os"
	"testing"

	"github.com/paperwire/paperwire/internal/pgtest"
)

// TestMain stops the throwaway PostgreSQL cluster the community tests started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
