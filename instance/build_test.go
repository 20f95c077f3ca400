package instance

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/internal/fixture"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
	"github.com/paperwire/paperwire/vector"
)

var testdataFiles = []string{
	"../ingest/testdata/snapshot-sample.jsonl",
	"../ingest/testdata/2025-03-21.jsonl",
	"../ingest/testdata/2025-03-22.jsonl.gz",
}

// bigSnapshot writes n snapshot lines: one real-format record under n ids.
func bigSnapshot(t *testing.T, n int) string {
	t.Helper()
	return fixture.BigSnapshot(t, testdataFiles[0], n)
}

// assertKeywordIndexCurrent checks the keyword index file holds every paper
// of the database up to its last change, each found by its title, and
// returns those papers and that change.
func assertKeywordIndexCurrent(t *testing.T, data string) ([]*paperwire.Paper, int64) {
	t.Helper()
	papers := allPapers(t, data)
	maxSeq := int64(0)
	for _, p := range papers {
		maxSeq = max(maxSeq, p.Seq)
	}
	lex, err := search.LoadFile(lexicalFile(data), search.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if lex.Len() != len(papers) || lex.Seq() != maxSeq || len(papers) == 0 {
		t.Errorf("keyword index: %d docs at seq %d, database %d papers at %d", lex.Len(), lex.Seq(), len(papers), maxSeq)
	}
	sameTitle := map[string]int{}
	for _, p := range papers {
		sameTitle[p.Title]++
	}
	for _, p := range papers[:min(len(papers), 50)] {
		r := lex.Search(search.Request{Query: query.Plain(p.Title), Limit: 100})
		found := slices.ContainsFunc(r.Hits, func(h search.Hit) bool { return h.ID == p.ID })
		if !found && (len(r.Hits) < 100 || r.Total < sameTitle[p.Title]) {
			t.Errorf("%s not found by its title %q", p.ID, p.Title)
		}
	}
	return papers, maxSeq
}

// assertIndexesCurrent checks that both index files of data hold exactly the
// database's papers at its last sequence: every paper found by its title,
// every vector the one the embedder gives, and no temporary file left.
func assertIndexesCurrent(t *testing.T, data string) {
	t.Helper()
	papers, maxSeq := assertKeywordIndexCurrent(t, data)
	vecs, err := vector.Load(vectorsFile(data))
	if err != nil {
		t.Fatal(err)
	}
	if vecs.Len() != len(papers) || vecs.Seq() != maxSeq {
		t.Errorf("vectors: %d at seq %d, database %d papers at %d", vecs.Len(), vecs.Seq(), len(papers), maxSeq)
	}
	// The embedder alone, without opening the database again.
	emb, err := (&Instance{dataDir: data, getenv: noEnv, log: slog.New(slog.DiscardHandler)}).chooseEmbedder(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, err := vector.EmbedPapers(context.Background(), emb, papers)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range papers[:min(len(papers), 50)] {
		if got := vecs.Vector(p.ID); !slices.Equal(got, vector.Stored(want[i])) {
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

// importWithIndexes imports files into data in batches of batch papers with
// the indexes built beside the writes, as import --index does, closes the
// instance and returns its log.
func importWithIndexes(t *testing.T, data string, batch int, files ...string) (log string) {
	t.Helper()
	return importWith(t, data, ImportOptions{Indexing: IndexBeside}, nil, batch, files...)
}

// importWith imports files into the data directory with opts, in batches of
// batch papers, runs then (if set) once the import is finished, and returns
// what the instance logged.
func importWith(t *testing.T, data string, opts ImportOptions, then func(*Instance, *ImportRun), batch int, files ...string) (log string) {
	t.Helper()
	ctx := context.Background()
	var buf bytes.Buffer
	in, err := Open(ctx, Options{DataDir: data, Logger: slog.New(slog.NewTextHandler(&buf, nil)), Getenv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := in.Close(); err != nil {
			t.Error(err)
		}
	}()
	imp, err := in.StartImport(ctx, files, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Close()
	opt := ingest.Options{BatchSize: batch, AfterBatch: imp.AfterBatch}
	for _, f := range files {
		if _, err := ingest.NewImporter(in.Papers, in.Papers, opt).ImportFile(ctx, f); err != nil {
			t.Fatalf("import %s: %v", f, err)
		}
	}
	if err := imp.Finish(); err != nil {
		t.Fatal(err)
	}
	if then != nil {
		then(in, imp)
	}
	return buf.String()
}

// TestImportBuildsKeywordIndexBeside: a first plain import writes the
// keyword index beside the database, complete, and leaves the vectors to
// the step after training; WriteIndexFiles then writes only the vectors. A
// second import, with the keyword index there, writes only the database.
func TestImportBuildsKeywordIndexBeside(t *testing.T) {
	data := t.TempDir()
	log := importWith(t, data, ImportOptions{Indexing: IndexKeywordBeside}, nil, 3, testdataFiles[0], testdataFiles[1])
	if !strings.Contains(log, "building the keyword index beside the import") {
		t.Errorf("log does not say the keyword index was built beside the import:\n%s", log)
	}
	assertKeywordIndexCurrent(t, data)
	if exists(vectorsFile(data)) {
		t.Error("the import wrote vectors that training would make outdated")
	}
	lexBefore, err := os.Stat(lexicalFile(data))
	if err != nil {
		t.Fatal(err)
	}
	in := openTest(t, data, nil)
	if err := in.WriteIndexFiles(context.Background()); err != nil {
		t.Fatal(err)
	}
	in.Close()
	assertIndexesCurrent(t, data)
	if st, err := os.Stat(lexicalFile(data)); err != nil || !st.ModTime().Equal(lexBefore.ModTime()) {
		t.Errorf("WriteIndexFiles rewrote the keyword index the import built: %v", err)
	}

	log = importWith(t, data, ImportOptions{Indexing: IndexKeywordBeside}, nil, 3, testdataFiles[2])
	if strings.Contains(log, "beside the import") {
		t.Errorf("a second import built an index beside it:\n%s", log)
	}
}

// TestImportIndexesBuildsThenFollows: an import with indexes into a new data
// directory builds both from scratch; a second one loads and extends them.
func TestImportIndexesBuildsThenFollows(t *testing.T) {
	data := t.TempDir()
	importWithIndexes(t, data, 3, testdataFiles[0], testdataFiles[1])
	assertIndexesCurrent(t, data)
	before := len(allPapers(t, data))
	importWithIndexes(t, data, 0, testdataFiles[2])
	if after := len(allPapers(t, data)); after <= before {
		t.Fatalf("the second file added nothing (%d papers before, %d after): the test proves little", before, after)
	}
	assertIndexesCurrent(t, data)
}

// TestImportIndexesRebuildsForLargeImport: an import with indexes bringing
// about as many papers as the database holds, or more, builds the indexes
// from scratch with bounded memory instead of loading and extending them; a
// small one extends them.
func TestImportIndexesRebuildsForLargeImport(t *testing.T) {
	data := t.TempDir()
	importIndex := func(file string) string {
		t.Helper()
		log := importWithIndexes(t, data, 0, file)
		assertIndexesCurrent(t, data)
		return log
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

// TestBuildMissingOnOpen: opening the indexes of a large enough database
// without index files builds them first (bounded memory), only what is
// missing, and not for a small database.
func TestBuildMissingOnOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	seed(t, dir, 40)
	in := openTest(t, dir, nil)
	if err := in.buildMissing(ctx, 41); err != nil || hasLexicalIndex(dir) {
		t.Fatalf("built below the threshold: %v", err)
	}
	if err := in.buildMissing(ctx, 40); err != nil {
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
	if err := in.buildMissing(ctx, 40); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(vectorsFile(dir)); len(got) != len(vecs)+1 {
		t.Error("the vector file was rebuilt though it existed")
	}
	if lex, err := search.LoadFile(lexicalFile(dir), search.DefaultParams()); err != nil || lex.Len() != 40 {
		t.Errorf("keyword index not rebuilt: %v", err)
	}
}

// TestRebuildIndexes: a rebuild writes both files from the database, reports
// what it wrote, and calls progress with the changes read.
func TestRebuildIndexes(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir, 25)
	in := openTest(t, dir, nil)
	read := 0
	r, err := in.RebuildIndexes(context.Background(), func(n int) { read = n })
	if err != nil {
		t.Fatal(err)
	}
	if r.Papers != 25 || r.Seq != 25 || r.Vectors != 25 || r.Embedder == "" || read != 25 {
		t.Errorf("rebuilt %+v, progress %d; want 25 papers and vectors at seq 25", r, read)
	}
	assertIndexesCurrent(t, dir)
}
