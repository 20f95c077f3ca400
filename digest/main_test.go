package digest_test

import (
	"os"
	"testing"

	"github.com/paperwire/paperwire/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
