package ingest

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// TestResumeAfterCrash stops an import in the middle (the store refuses the
// third batch, as if the process died before committing it), runs the same
// import again, and expects exactly the database of an uninterrupted run.
func TestResumeAfterCrash(t *testing.T) {
	for _, file := range []string{"testdata/2025-03-21.jsonl", "testdata/daily_papers_2024-10-25_first4items.json"} {
		t.Run(file, func(t *testing.T) {
			batch := 5
			if file != "testdata/2025-03-21.jsonl" {
				batch = 1
			}
			want := newMemStore()
			importOK(t, newTestImporter(want, func(o *Options) { o.BatchSize = batch }), file)

			got := newMemStore()
			got.failAfter = 2
			im := newTestImporter(got, func(o *Options) { o.BatchSize = batch })
			sum, err := im.ImportFile(context.Background(), file)
			if !errors.Is(err, errKilled) {
				t.Fatalf("interrupted import: err = %v", err)
			}
			if sum.Written() != 2*batch {
				t.Errorf("interrupted import wrote %d papers, want %d", sum.Written(), 2*batch)
			}
			got.failAfter = 0
			resumed := importOK(t, im, file)
			if resumed.ResumedAfter == 0 {
				t.Error("second run did not resume")
			}
			if sum.New+resumed.New != len(want.papers) {
				t.Errorf("new %d + %d, want %d in all", sum.New, resumed.New, len(want.papers))
			}
			if !reflect.DeepEqual(got.papers, want.papers) || !reflect.DeepEqual(got.cps, want.cps) {
				t.Errorf("resumed database differs from an uninterrupted one\ncheckpoints %v vs %v", got.cps, want.cps)
			}

			// A finished file imported again is read from the top and changes nothing.
			again := importOK(t, im, file)
			if again.ResumedAfter != 0 || again.New+again.Updated != 0 || again.Unchanged == 0 {
				t.Errorf("re-import of a finished file: %+v", again)
			}
			if !reflect.DeepEqual(got.papers, want.papers) {
				t.Error("re-import changed papers")
			}
		})
	}
}

func TestCancelStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := newMemStore()
	_, err := newTestImporter(s, nil).ImportFile(ctx, "testdata/2025-03-21.jsonl")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
