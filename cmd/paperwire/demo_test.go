package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperwire/paperwire/demo"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// TestServeSIGKILLDuringDemoLoad (issue 15): a first `serve` killed while it
// loads the demo corpus used to leave part of it forever, since every later
// start saw a non-empty database. Now the next start finishes the load.
func TestServeSIGKILLDuringDemoLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	corpus, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { testServeSIGKILLDuringDemoLoad(t, kind, len(corpus)) })
	}
}

func testServeSIGKILLDuringDemoLoad(t *testing.T, kind string, total int) {
	bin := paperwireBinary(t)
	var args []string
	var killedAt int64
	// The kill can land too early (no papers yet) or too late (all in) on
	// a slow or fast machine: try a few fresh stores.
	for attempt := 0; attempt < 5 && (killedAt == 0 || killedAt == int64(total)); attempt++ {
		args = storeArgs(t, kind)
		cmd := exec.Command(bin, append([]string{"serve", "--addr", freeAddr(t)}, args...)...)
		cmd.Env = append(os.Environ(), "PAPERWIRE_DATA_DIR=", "PAPERWIRE_NO_DEMO=")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) && demoPapersIn(kind, args) == 0 {
			time.Sleep(2 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		killedAt = demoPapersIn(kind, args)
		t.Logf("attempt %d: killed with %d of %d demo papers stored", attempt+1, killedAt, total)
	}
	if killedAt == 0 || killedAt == int64(total) {
		t.Skipf("could not kill serve during the demo load (%d of %d papers)", killedAt, total)
	}

	// The second start finishes the load, says so, and serves.
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), "PAPERWIRE_DATA_DIR=", "PAPERWIRE_NO_DEMO=")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitReady(t, "http://"+addr+"/readyz", 60*time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if !strings.Contains(logs.String(), "resuming the demo load after "+strconv.FormatInt(killedAt, 10)+" papers") {
		t.Errorf("the second start does not say it resumed after %d papers:\n%s", killedAt, logs.String())
	}

	ps := allPapersAt(t, args)
	seen := map[string]bool{}
	for _, p := range ps {
		seen[p.ID] = true
	}
	if len(ps) != total || len(seen) != total {
		t.Errorf("after SIGKILL and a second start: %d papers (%d distinct), want the demo's %d", len(ps), len(seen), total)
	}
	in := openAt(t, args)
	if v, err := in.Papers.Checkpoint(context.Background(), demo.LoadedKey); err != nil || v != strconv.Itoa(total) {
		t.Errorf("checkpoint %s = %q, %v; want %d", demo.LoadedKey, v, err, total)
	}
}

// demoPapersIn returns how many papers the store args name holds (its
// highest seq: the demo load writes seqs 1…N), or 0 if it cannot tell yet.
func demoPapersIn(kind string, args []string) int64 {
	target := filepath.Join(args[1], "paperwire.db")
	if kind == "postgres" {
		target = args[3]
	} else if _, err := os.Stat(target); err != nil {
		return 0 // not created yet: opening it here would create it
	}
	db, err := storetest.OpenErr(kind, target, store.Options{AllowPending: true})
	if err != nil {
		return 0
	}
	defer db.Close()
	seq, err := store.NewPaperStore(db).MaxSeq(context.Background())
	if err != nil {
		return 0
	}
	return seq
}
