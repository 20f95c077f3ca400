package instance

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestLoadDemoIfEmptyLeavesPapersAlone: a database that holds papers, however
// few, never gets the demo corpus.
func TestLoadDemoIfEmptyLeavesPapersAlone(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir, 3)
	var log bytes.Buffer
	in := openTest(t, dir, &log)
	if err := in.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(allPapers(t, dir)); n != 3 || strings.Contains(log.String(), "loaded demo corpus") {
		t.Errorf("%d papers after LoadDemoIfEmpty, want the 3 seeded; log:\n%s", n, log.String())
	}
}
