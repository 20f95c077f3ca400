package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/embed/demomodel"
	"github.com/paperwire/paperwire/internal/fixture"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/vector"
)

// paperwireBinary returns the real binary, built once per test run.
func paperwireBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func runBinary(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(paperwireBinary(t), args...)
	cmd.Env = append(os.Environ(), "PAPERWIRE_DATA_DIR=")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return o.String(), e.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), 0
}

var testdataFiles = []string{
	"../../ingest/testdata/snapshot-sample.jsonl",
	"../../ingest/testdata/2025-03-21.jsonl",
	"../../ingest/testdata/2025-03-22.jsonl.gz",
	"../../ingest/testdata/daily_papers_2024-10-25_first4items.json",
}

var totalRe = regexp.MustCompile(`total: 4 files, read (\d+), new (\d+), updated (\d+), unchanged (\d+), merged duplicates (\d+), skipped (\d+)`)

func TestImportBinary(t *testing.T) {
	data := t.TempDir()
	out, errOut, code := runBinary(t, append([]string{"import", "--data", data}, testdataFiles...)...)
	if code != 0 {
		t.Fatalf("import exited %d: %s", code, errOut)
	}
	m := totalRe.FindStringSubmatch(out)
	if m == nil || strings.Join(m[1:], " ") != "75 60 0 6 9 0" {
		t.Errorf("first import: %q\n%s", m, out)
	}
	out, _, code = runBinary(t, append([]string{"import", "--data", data}, testdataFiles...)...)
	m = totalRe.FindStringSubmatch(out)
	if code != 0 || m == nil || strings.Join(m[1:], " ") != "75 0 0 66 9 0" {
		t.Errorf("re-import (exit %d): %q\n%s", code, m, out)
	}
	out, errOut, code = runBinary(t, "stats", "--data", data, "--json")
	var st paperwire.Stats
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil {
		t.Fatalf("stats --json: exit %d, %v: %s%s", code, err, out, errOut)
	}
	// 60 papers and no demo corpus; every one written once, then never again.
	if st.Papers != 60 || st.MaxSeq != 60 || st.Withdrawn != 1 || st.FirstDay != "1999-01-01" || st.LastDay != "2025-03-22" {
		t.Errorf("stats after import: %+v", st)
	}
}

// TestImportBinaryIndex feeds the search index while importing.
func TestImportBinaryIndex(t *testing.T) {
	data := t.TempDir()
	if _, errOut, code := runBinary(t, "import", "--data", data, "--index", "--batch", "2", testdataFiles[0]); code != 0 {
		t.Fatalf("import --index: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, "index", "lexical-v1.bin")); err != nil {
		t.Fatalf("no index saved: %v", err)
	}
	out, errOut, code := runBinary(t, "search", "--data", data, "--json", "diphoton Tevatron")
	if code != 0 || !strings.Contains(out, `"0704.0001"`) {
		t.Errorf("search after import --index: exit %d %s %s", code, out, errOut)
	}
}

func TestImportBinaryErrors(t *testing.T) {
	data := t.TempDir()
	bad := filepath.Join(t.TempDir(), "page.html")
	os.WriteFile(bad, []byte("<html>Service Unavailable</html>"), 0o644)
	_, errOut, code := runBinary(t, "import", "--data", data, bad, testdataFiles[0])
	if code != 1 || !strings.Contains(errOut, bad) || !strings.Contains(errOut, "unknown format") {
		t.Errorf("unknown format: exit %d, stderr %q", code, errOut)
	}
	if n := len(allPapers(t, data)); n != 6 {
		t.Errorf("the good file after the bad one was not imported: %d papers", n)
	}
	for _, args := range [][]string{{"import", "--data", data}, {"import", "--data", data, "--date", "2026-13-01", testdataFiles[0]},
		{"import", "--data", data, "--batch", "0", testdataFiles[0]}, {"import", "--data", data, "--format", "csv", testdataFiles[0]}} {
		if _, errOut, code := runBinary(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
	out, _, code := runBinary(t, "import", "--help")
	if code != 0 || !strings.Contains(out, "--date") && !strings.Contains(out, "-date") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// bigSnapshot writes n snapshot lines: one real-format record under n ids.
func bigSnapshot(t *testing.T, n int) string {
	t.Helper()
	return fixture.BigSnapshot(t, testdataFiles[0], n)
}

// TestImportSIGKILLResumes kills the real binary in the middle of an import,
// runs the same command again, and expects exactly the database an
// uninterrupted import produces, on either store.
func TestImportSIGKILLResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const n = 20000
	file := bigSnapshot(t, n)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { testImportSIGKILLResumes(t, kind, file, n) })
	}
}

// The imports skip training the embedding model: what is tested is the store.
func testImportSIGKILLResumes(t *testing.T, kind, file string, n int) {
	want, got := storeArgs(t, kind), storeArgs(t, kind)
	if _, errOut, code := runBinary(t, append(append([]string{"import"}, want...), "--batch", "250", "--no-train", file)...); code != 0 {
		t.Fatalf("uninterrupted import: exit %d %s", code, errOut)
	}

	cmd := exec.Command(paperwireBinary(t), append(append([]string{"import"}, got...), "--batch", "250", "--no-train", file)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a good part is written: 2,000 papers in (PostgreSQL), or
	// a megabyte of write-ahead log (SQLite, which a reader would slow).
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && !importUnderway(t, kind, got) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	out, errOut, code := runBinary(t, append(append([]string{"import"}, got...), "--batch", "250", "--no-train", file)...)
	if code != 0 {
		t.Fatalf("import after SIGKILL: exit %d %s", code, errOut)
	}
	if !strings.Contains(out, "resumed after line") {
		t.Logf("the killed run finished before the kill; nothing to resume:\n%s", out)
	}
	a, b := allPapersAt(t, want), allPapersAt(t, got)
	if len(a) != n || !reflect.DeepEqual(a, b) {
		t.Errorf("after SIGKILL and re-run: %d papers vs %d uninterrupted, equal=%v", len(b), len(a), reflect.DeepEqual(a, b))
	}
	out, _, _ = runBinary(t, append(append([]string{"import"}, got...), "--no-train", file)...)
	if !strings.Contains(out, fmt.Sprintf("new 0, updated 0, unchanged %d", n)) {
		t.Errorf("third run changed something:\n%s", out)
	}
}

// storeArgs returns the flags that put a command's store in a fresh store
// of kind: a new data directory, and for PostgreSQL a new database.
func storeArgs(t *testing.T, kind string) []string {
	args := []string{"--data", t.TempDir()}
	if kind == "postgres" {
		args = append(args, "--database-url", storetest.Target(t, kind))
	}
	return args
}

// importUnderway says whether an import into the store args name has
// written a good part of its papers.
func importUnderway(t *testing.T, kind string, args []string) bool {
	if kind == "sqlite" {
		st, err := os.Stat(filepath.Join(args[1], "paperwire.db-wal"))
		return err == nil && st.Size() > 1<<20
	}
	db, err := storetest.OpenErr(kind, args[3], store.Options{AllowPending: true})
	if err != nil {
		return false
	}
	defer db.Close()
	seq, err := store.NewPaperStore(db).MaxSeq(context.Background())
	return err == nil && seq >= 2000
}

// allPapersAt reads every paper of the store args name, in seq order.
func allPapersAt(t *testing.T, args []string) []*paperwire.Paper {
	t.Helper()
	in := openAt(t, args)
	defer in.Close()
	ps, err := in.Papers.ChangesSince(context.Background(), 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// assertIndexFilesCurrent checks what an import --index must leave in data,
// killed or not: both index files hold as many papers as the database, at
// its last sequence, and no temporary file is left. (That their contents
// match the papers is tested in the instance package.)
func assertIndexFilesCurrent(t *testing.T, data string) {
	t.Helper()
	papers := allPapers(t, data)
	maxSeq := int64(0)
	for _, p := range papers {
		maxSeq = max(maxSeq, p.Seq)
	}
	lex, err := search.LoadFile(filepath.Join(data, "index", search.SnapshotName), search.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if lex.Len() != len(papers) || lex.Seq() != maxSeq {
		t.Errorf("keyword index: %d docs at seq %d, database %d papers at %d", lex.Len(), lex.Seq(), len(papers), maxSeq)
	}
	vecs, err := vector.Load(filepath.Join(data, "index", "vectors.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if vecs.Len() != len(papers) || vecs.Seq() != maxSeq {
		t.Errorf("vectors: %d at seq %d, database %d papers at %d", vecs.Len(), vecs.Seq(), len(papers), maxSeq)
	}
	ents, _ := os.ReadDir(filepath.Join(data, "index"))
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if fmt.Sprint(names) != fmt.Sprint([]string{search.SnapshotName, "vectors.bin"}) {
		t.Errorf("index directory holds %v", names)
	}
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
	assertIndexFilesCurrent(t, data)
}

// allPapers reads every paper of the data directory dir, oldest change first.
func allPapers(t *testing.T, dir string) []*paperwire.Paper {
	t.Helper()
	in := openData(t, dir)
	defer in.Close()
	ps, err := in.Papers.ChangesSince(context.Background(), 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestImportWritesIndexFiles: a plain import into a new data directory
// returns with both index files written, the vectors by the model search
// loads, so a vector search works at once and `search` (like `serve`)
// builds and rewrites nothing.
func TestImportWritesIndexFiles(t *testing.T) {
	data := t.TempDir()
	if _, errOut, code := runBinary(t, append([]string{"import", "--data", data}, testdataFiles...)...); code != 0 {
		t.Fatalf("import exited %d: %s", code, errOut)
	}
	lexPath, vecPath := filepath.Join(data, "index", search.SnapshotName), filepath.Join(data, "index", "vectors.bin")
	lexBefore, err := os.Stat(lexPath)
	if err != nil {
		t.Fatalf("no keyword index after import: %v", err)
	}
	vecBefore, err := os.Stat(vecPath)
	if err != nil {
		t.Fatalf("no vectors after import: %v", err)
	}
	// 60 papers: too few to train a model of their own, so the vectors are
	// the shipped model's, the one search loads.
	model, err := demomodel.Model()
	if err != nil {
		t.Fatal(err)
	}
	vecs, err := vector.Load(vecPath)
	if err != nil {
		t.Fatal(err)
	}
	if vecs.Model() != model.Name() || vecs.Len() != 60 || vecs.Seq() != 60 {
		t.Fatalf("vectors: model %s, %d at seq %d; want %s, 60 at 60", vecs.Model(), vecs.Len(), vecs.Seq(), model.Name())
	}
	q, err := model.Embed(context.Background(), []string{"prompt diphoton production cross sections at Tevatron and LHC"})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := vecs.Search(q[0], 1, nil)
	if err != nil || len(hits) != 1 || hits[0].ID != "0704.0001" {
		t.Errorf("vector search right after import: %+v %v, want 0704.0001", hits, err)
	}

	out, errOut, code := runBinary(t, "search", "--data", data, "--json", "diphoton Tevatron")
	if code != 0 || !strings.Contains(out, `"0704.0001"`) {
		t.Errorf("search after import: exit %d %s %s", code, out, errOut)
	}
	for _, built := range []string{"building the search indexes", "rebuilding", "embedded"} {
		if strings.Contains(errOut, built) {
			t.Errorf("search built what import should have (%q):\n%s", built, errOut)
		}
	}
	for path, before := range map[string]os.FileInfo{lexPath: lexBefore, vecPath: vecBefore} {
		if st, err := os.Stat(path); err != nil || !st.ModTime().Equal(before.ModTime()) || st.Size() != before.Size() {
			t.Errorf("%s was rewritten by search: %v", path, err)
		}
	}
}

// dailyFiles writes days daily crawl files of perDay papers each (the first
// record of a real crawl file under new ids) and returns their paths, in
// day order.
func dailyFiles(t *testing.T, days, perDay int) []string {
	t.Helper()
	raw, err := os.ReadFile(testdataFiles[1])
	if err != nil {
		t.Fatal(err)
	}
	line := strings.SplitN(string(raw), "\n", 2)[0]
	const id = "2503.15617"
	if !strings.Contains(line, id) {
		t.Fatalf("the template record is not %s", id)
	}
	dir := t.TempDir()
	var paths []string
	day := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	for d := range days {
		var b strings.Builder
		for i := range perDay {
			fmt.Fprintln(&b, strings.ReplaceAll(line, id, fmt.Sprintf("2504.%05d", d*perDay+i+1)))
		}
		path := filepath.Join(dir, day.AddDate(0, 0, d).Format("2006-01-02")+".jsonl")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// TestImportOfManyFilesInterruptedResumes interrupts (SIGINT) an import of
// many daily files, which reads each next file while the one before is
// written, and runs the same command again: it says it was interrupted, and
// the second run leaves exactly the database an uninterrupted import
// leaves, on either store.
func TestImportOfManyFilesInterruptedResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	files := dailyFiles(t, 40, 200)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			want, got := storeArgs(t, kind), storeArgs(t, kind)
			flags := []string{"--no-train", "--no-index-files"}
			if _, errOut, code := runBinary(t, append(append(append([]string{"import"}, want...), flags...), files...)...); code != 0 {
				t.Fatalf("uninterrupted import: exit %d %s", code, errOut)
			}
			cmd := exec.Command(paperwireBinary(t), append(append(append([]string{"import"}, got...), flags...), files...)...)
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) && !importUnderway(t, kind, got) {
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(os.Interrupt)
			if err := cmd.Wait(); err == nil {
				t.Logf("the import finished before the interrupt")
			} else if !strings.Contains(errOut.String(), "interrupted; run the same command again to resume") {
				t.Errorf("an interrupted import says:\n%s", errOut.String())
			}
			if _, errOut, code := runBinary(t, append(append(append([]string{"import"}, got...), flags...), files...)...); code != 0 {
				t.Fatalf("import after the interrupt: exit %d %s", code, errOut)
			}
			a, b := allPapersAt(t, want), allPapersAt(t, got)
			if len(a) != 40*200 || !reflect.DeepEqual(a, b) {
				t.Errorf("after the interrupt and a re-run: %d papers against %d uninterrupted, equal %v", len(b), len(a), reflect.DeepEqual(a, b))
			}
		})
	}
}
