package instance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/demo"
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

// failAfter is a PaperWriter that writes n batches and then fails, as a
// load killed half-way stops writing.
type failAfter struct {
	paperwire.PaperWriter
	n int
}

func (w *failAfter) UpsertPapersAt(ctx context.Context, ps []*paperwire.Paper, cps ...paperwire.Checkpoint) (paperwire.UpsertResult, error) {
	if w.n == 0 {
		return paperwire.UpsertResult{}, errors.New("killed")
	}
	w.n--
	return w.PaperWriter.UpsertPapersAt(ctx, ps, cps...)
}

// assertDemoComplete checks dir holds exactly the demo corpus, in corpus
// order, and the marker that says so.
func assertDemoComplete(t *testing.T, in *Instance, corpus []*paperwire.Paper) {
	t.Helper()
	ctx := context.Background()
	stored, err := in.Papers.ChangesSince(ctx, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(corpus) {
		t.Fatalf("%d papers stored, want the demo's %d", len(stored), len(corpus))
	}
	for i, p := range stored {
		if p.ID != corpus[i].ID || p.Seq != int64(i+1) {
			t.Fatalf("paper %d is %s at seq %d, want %s at seq %d", i, p.ID, p.Seq, corpus[i].ID, i+1)
		}
	}
	if v, err := in.Papers.Checkpoint(ctx, demo.LoadedKey); err != nil || v != strconv.Itoa(len(corpus)) {
		t.Fatalf("%s = %q, %v; want %d", demo.LoadedKey, v, err, len(corpus))
	}
}

// TestLoadDemoResumes: a demo load that stopped after some batches, with
// progress checkpoints (this version) or without (a version before them),
// is finished by the next start, which says so; a further start does nothing.
func TestLoadDemoResumes(t *testing.T) {
	ctx := context.Background()
	corpus, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		interrupt func(t *testing.T, in *Instance)
		after     int
	}{
		{"checkpointed", func(t *testing.T, in *Instance) {
			if _, err := demo.LoadFrom(ctx, &failAfter{in.Papers, 2}, corpus, 0); err == nil {
				t.Fatal("the interrupted load did not fail")
			}
		}, 2 * demo.BatchSize},
		{"before checkpoints", func(t *testing.T, in *Instance) {
			for i := 0; i < 3*demo.BatchSize; i += demo.BatchSize {
				if _, err := in.Papers.UpsertPapers(ctx, corpus[i:i+demo.BatchSize]); err != nil {
					t.Fatal(err)
				}
			}
		}, 3 * demo.BatchSize},
		{"complete before checkpoints", func(t *testing.T, in *Instance) {
			if _, err := in.Papers.UpsertPapers(ctx, corpus); err != nil {
				t.Fatal(err)
			}
		}, len(corpus)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var log bytes.Buffer
			in := openTest(t, dir, &log)
			tc.interrupt(t, in)
			if err := in.LoadDemoIfEmpty(ctx); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("resuming the demo load after %d papers", tc.after); !strings.Contains(log.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, log.String())
			}
			assertDemoComplete(t, in, corpus)

			// Complete: the next start writes nothing and logs nothing.
			log.Reset()
			if err := in.LoadDemoIfEmpty(ctx); err != nil {
				t.Fatal(err)
			}
			if seq, err := in.Papers.MaxSeq(ctx); err != nil || seq != int64(len(corpus)) || strings.Contains(log.String(), "demo") {
				t.Errorf("a start after a complete load: max seq %d, %v; log:\n%s", seq, err, log.String())
			}
		})
	}
}

// TestLoadDemoFresh: an empty database gets the whole corpus and the marker.
func TestLoadDemoFresh(t *testing.T) {
	corpus, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	in := openTest(t, t.TempDir(), &log)
	if err := in.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	assertDemoComplete(t, in, corpus)
	if strings.Contains(log.String(), "resuming") || !strings.Contains(log.String(), "loaded demo corpus") {
		t.Errorf("log:\n%s", log.String())
	}
}

// TestLoadDemoLeavesUserPapersAlone: a database with papers and no demo
// checkpoint that is not a prefix of the corpus — here some demo papers,
// but not the first ones in corpus order, as a user's import of them
// might be — gets nothing.
func TestLoadDemoLeavesUserPapersAlone(t *testing.T) {
	ctx := context.Background()
	corpus, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	in := openTest(t, t.TempDir(), nil)
	if _, err := in.Papers.UpsertPapers(ctx, corpus[1:1001]); err != nil {
		t.Fatal(err)
	}
	if err := in.LoadDemoIfEmpty(ctx); err != nil {
		t.Fatal(err)
	}
	if seq, _ := in.Papers.MaxSeq(ctx); seq != 1000 {
		t.Errorf("max seq %d after LoadDemoIfEmpty, want the 1000 imported", seq)
	}
	if v, _ := in.Papers.Checkpoint(ctx, demo.LoadedKey); v != "" {
		t.Errorf("%s = %q in a user's database", demo.LoadedKey, v)
	}
}
