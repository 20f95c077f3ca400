package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
	"github.com/paperwire/paperwire/vector"
)

// assertIndexesCurrent checks that both index files of data hold exactly the
// database's papers at its last sequence: every paper found by its title,
// every vector the one the embedder gives, and no temporary file left.
func assertIndexesCurrent(t *testing.T, data string) {
	t.Helper()
	papers := allPapers(t, dbPath(data))
	maxSeq := int64(0)
	for _, p := range papers {
		maxSeq = max(maxSeq, p.Seq)
	}
	lex, err := search.LoadFile(lexicalFile(data), search.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if lex.Len() != len(papers) || lex.Seq() != maxSeq {
		t.Errorf("keyword index: %d docs at seq %d, database %d papers at %d", lex.Len(), lex.Seq(), len(papers), maxSeq)
	}
	vecs, err := vector.Load(vectorsFile(data))
	if err != nil {
		t.Fatal(err)
	}
	if vecs.Len() != len(papers) || vecs.Seq() != maxSeq {
		t.Errorf("vectors: %d at seq %d, database %d papers at %d", vecs.Len(), vecs.Seq(), len(papers), maxSeq)
	}
	env, _, _ := testEnv()
	emb, err := chooseEmbedder(context.Background(), env, data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := vector.EmbedPapers(context.Background(), emb, papers)
	if err != nil {
		t.Fatal(err)
	}
	sameTitle := map[string]int{}
	for _, p := range papers {
		sameTitle[p.Title]++
	}
	for i, p := range papers[:min(len(papers), 50)] {
		r := lex.Search(search.Request{Query: query.Plain(p.Title), Limit: 100})
		found := slices.ContainsFunc(r.Hits, func(h search.Hit) bool { return h.ID == p.ID })
		if !found && (len(r.Hits) < 100 || r.Total < sameTitle[p.Title]) {
			t.Errorf("%s not found by its title %q", p.ID, p.Title)
		}
		if got := vecs.Vector(p.ID); !slices.Equal(got, want[i]) {
			t.Errorf("%s: stored vector differs from the embedder's", p.ID)
		}
	}
	ents, _ := os.ReadDir(filepath.Dir(lexicalFile(data)))
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if fmt.Sprint(names) != fmt.Sprint([]string{search.SnapshotName, filepath.Base(vectorsFile(data))}) {
		t.Errorf("index directory holds %v", names)
	}
}

// TestImportIndexBuildsThenFollows: import --index into a new data directory
// builds both indexes from scratch; a second import --index loads them and
// extends them.
func TestImportIndexBuildsThenFollows(t *testing.T) {
	data := t.TempDir()
	env, out, errb := testEnv()
	if code := Run(context.Background(), env, []string{"import", "--data", data, "--index", "--no-train", "--batch", "3",
		testdataFiles[0], testdataFiles[1]}); code != 0 {
		t.Fatalf("import --index: exit %d %s %s", code, out, errb)
	}
	assertIndexesCurrent(t, data)
	before := len(allPapers(t, dbPath(data)))
	env, out, errb = testEnv()
	if code := Run(context.Background(), env, []string{"import", "--data", data, "--index", "--no-train", testdataFiles[2]}); code != 0 {
		t.Fatalf("second import --index: exit %d %s %s", code, out, errb)
	}
	if after := len(allPapers(t, dbPath(data))); after <= before {
		t.Fatalf("the second file added nothing (%d papers before, %d after): the test proves little", before, after)
	}
	assertIndexesCurrent(t, data)
}

// TestImportIndexSIGKILL kills import --index half-way; the same command
// run again leaves both indexes exactly current and no temporary files.
func TestImportIndexSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	file := bigSnapshot(t, 20000)
	data := t.TempDir()
	cmd := exec.Command(paperwireBinary(t), "import", "--data", data, "--index", "--no-train", "--batch", "250", file)
	cmd.Env = append(os.Environ(), "PAPERWIRE_DATA_DIR=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wal := filepath.Join(data, "paperwire.db-wal")
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if st, err := os.Stat(wal); err == nil && st.Size() > 1<<20 {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	// The killed run's temporary files are removed once nothing has written
	// them for a while (another process might still be): let that time pass.
	tmps, _ := filepath.Glob(filepath.Join(data, "index", "*.tmp"))
	t.Logf("the killed run left %d temporary files", len(tmps))
	past := time.Now().Add(-time.Hour)
	for _, f := range tmps {
		os.Chtimes(f, past, past)
	}
	out, errOut, code := runBinary(t, "import", "--data", data, "--index", "--no-train", "--batch", "250", file)
	if code != 0 {
		t.Fatalf("import --index after SIGKILL: exit %d %s", code, errOut)
	}
	if !strings.Contains(out, "resumed after line") {
		t.Logf("the killed run finished before the kill:\n%s", out)
	}
	assertIndexesCurrent(t, data)
}

// TestBuildMissingOnOpen: opening the indexes of a large enough database
// without index files builds them first (bounded memory), only what is
// missing, and not for a small database.
func TestBuildMissingOnOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	seed(t, dir, 40)
	env, _, _ := testEnv()
	a, err := openApp(ctx, env, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.buildMissing(ctx, env, 41); err != nil || hasLexicalIndex(dir) {
		t.Fatalf("built below the threshold: %v", err)
	}
	if err := a.buildMissing(ctx, env, 40); err != nil {
		t.Fatal(err)
	}
	assertIndexesCurrent(t, dir)

	vecs, err := os.ReadFile(vectorsFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(lexicalFile(dir)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vectorsFile(dir), append(vecs, 'x'), 0o644); err != nil { // marks the file: it must stay as it is
		t.Fatal(err)
	}
	if err := a.buildMissing(ctx, env, 40); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(vectorsFile(dir)); len(got) != len(vecs)+1 {
		t.Error("the vector file was rebuilt though it existed")
	}
	if lex, err := search.LoadFile(lexicalFile(dir), search.DefaultParams()); err != nil || lex.Len() != 40 {
		t.Errorf("keyword index not rebuilt: %v", err)
	}
}

// TestImportIndexRebuildsForLargeImport: an import --index bringing about as
// many papers as the database holds, or more, builds the indexes from
// scratch with bounded memory instead of loading and extending them; a
// small one extends them.
func TestImportIndexRebuildsForLargeImport(t *testing.T) {
	data := t.TempDir()
	importIndex := func(file string) string {
		t.Helper()
		env, out, errb := testEnv()
		var log bytes.Buffer
		env.Logger = slog.New(slog.NewTextHandler(&log, nil))
		if code := Run(context.Background(), env, []string{"import", "--data", data, "--index", "--no-train", file}); code != 0 {
			t.Fatalf("import --index %s: exit %d %s %s", file, code, out, errb)
		}
		assertIndexesCurrent(t, data)
		return log.String()
	}
	const rebuilt = "building the search indexes from scratch"
	if log := importIndex(testdataFiles[0]); !strings.Contains(log, rebuilt) {
		t.Errorf("first import did not build the indexes from scratch:\n%s", log)
	}
	if log := importIndex(bigSnapshot(t, 300)); !strings.Contains(log, rebuilt) {
		t.Errorf("a large import extended the indexes in memory:\n%s", log)
	}
	if log := importIndex(testdataFiles[0]); strings.Contains(log, rebuilt) {
		t.Errorf("a small import rebuilt the indexes:\n%s", log)
	}
}
