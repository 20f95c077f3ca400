package e2e

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/internal/pgtest"
)

// TestMain stops the throwaway PostgreSQL cluster pgtest may have started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// The daily crawl the test imports, a day the demo corpus does not hold, and
// one of its papers with words of its title to search for.
const (
	crawlFile   = "testdata/2025-03-21.jsonl"
	crawlDay    = "2025-03-21"
	crawlPaper  = "2503.16428" // first on the day's first page (newest id first)
	crawlSearch = "XAttention block sparse attention antidiagonal scoring"
)

const (
	leaseTTL      = 3 * time.Second
	visibleWithin = 2 * time.Second  // an import reaches every instance in this
	takeOverLimit = 10 * time.Second // TTL plus a third is 4 s; room for a loaded machine
	pollEvery     = 50 * time.Millisecond
)

// TestInstancesShareOnePostgreSQL runs two `paperwire serve` on one
// PostgreSQL database, each with its own data directory (its indexes): an
// import from the command line reaches both instances' pages and search
// within 2 s, the scheduled harvest runs on one of them at a time, and when
// that one is killed the other keeps serving and takes the harvest over.
func TestInstancesShareOnePostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test of two servers on PostgreSQL: skipped with -short")
	}
	dbURL := pgtest.URL(t)
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	oai, oaiRequests := replayOAI(t)
	env := []string{
		"PAPERWIRE_HARVEST_SETS=cs",
		"PAPERWIRE_OAI_URL=" + oai.URL,
		"PAPERWIRE_HARVEST_INTERVAL=1m",
		"PAPERWIRE_LEASE_TTL=" + leaseTTL.String(),
	}
	// A loads the demo corpus into the empty database; B, started once A is
	// ready, builds its own indexes from what A wrote.
	a := startServe(t, "instance A", 60*time.Second, env,
		"--data", filepath.Join(t.TempDir(), "a"), "--database-url", dbURL)
	b := startServe(t, "instance B", 60*time.Second, env,
		"--data", filepath.Join(t.TempDir(), "b"), "--database-url", dbURL, "--no-demo")
	instances := []*serveProcess{a, b}

	// Before the import neither shows the paper; this also fills the page
	// caches the import must invalidate.
	for _, in := range instances {
		if dayShows(t, in) || searchFinds(t, in) {
			t.Fatalf("%s shows %s before the import", in.Name, crawlPaper)
		}
	}

	// 1. An import from the command line reaches both instances. Without
	// --no-train the import would go on, after its last commit, to train an
	// embedding model on the whole shared corpus for its own, unserved data
	// directory (tens of seconds), and the instances would have caught up
	// long before it returned: the 2 s bound would measure nothing.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	importStart := time.Now()
	imp := exec.CommandContext(ctx, bin, "import", "--database-url", dbURL, "--no-train",
		"--data", filepath.Join(t.TempDir(), "cli"), "--date", crawlDay, crawlFile)
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("paperwire import: %v\n%s", err, out)
	}
	imported := time.Now()
	t.Logf("paperwire import took %s", imported.Sub(importStart).Round(time.Millisecond))
	var wg sync.WaitGroup
	seen := make([][2]time.Duration, len(instances)) // day page, search
	for i, in := range instances {
		for j, check := range []func(*testing.T, *serveProcess) bool{dayShows, searchFinds} {
			wg.Go(func() { seen[i][j] = pollSince(imported, 5*visibleWithin, func() bool { return check(t, in) }) })
		}
	}
	wg.Wait()
	for i, in := range instances {
		day, search := seen[i][0], seen[i][1]
		t.Logf("%s: the import shows on the day page after %s, in search after %s", in.Name, show(day), show(search))
		if day < 0 || day > visibleWithin {
			t.Errorf("%s: /papers/date/%s does not list %s within %s of the import (%s)", in.Name, crawlDay, crawlPaper, visibleWithin, show(day))
		}
		if search < 0 || search > visibleWithin {
			t.Errorf("%s: search for %q does not find %s within %s of the import (%s)", in.Name, crawlSearch, crawlPaper, visibleWithin, show(search))
		}
	}

	// 2. One instance holds the harvest lease and runs the harvest; the
	// other waits.
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pids := map[int]*serveProcess{a.Cmd.Process.Pid: a, b.Cmd.Process.Pid: b}
	var holder *serveProcess
	if d := pollSince(time.Now(), 10*time.Second, func() bool {
		holder = pids[harvestHolderPid(t, db)]
		return holder != nil
	}); d < 0 {
		t.Fatalf("neither instance (pids %d, %d) holds the harvest lease: %s", a.Cmd.Process.Pid, b.Cmd.Process.Pid, leaseRow(t, db))
	}
	other := a
	if holder == a {
		other = b
	}
	t.Logf("%s (pid %d) holds the harvest lease", holder.Name, holder.Cmd.Process.Pid)
	// It keeps it for a whole TTL, renewing it, and the other never takes it.
	for end := time.Now().Add(leaseTTL); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if pid := harvestHolderPid(t, db); pid != holder.Cmd.Process.Pid {
			t.Fatalf("%s lost the harvest lease while both ran (holder pid now %d): %s", holder.Name, pid, leaseRow(t, db))
		}
	}
	if pollSince(time.Now(), 30*time.Second, func() bool { return oaiRequests.Load() > 0 }) < 0 {
		t.Errorf("the holder never asked the OAI-PMH server for records")
	}
	if logHas(t, other, "harvest schedule started") {
		t.Errorf("%s started the harvest schedule while %s held the lease", other.Name, holder.Name)
	}

	// 3. Kill the holder: the other keeps serving and takes the harvest over.
	if err := holder.Cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	<-holder.Done
	if !pageOK(t, other, "/papers/date/"+crawlDay) {
		t.Errorf("%s stopped serving its day page when %s was killed", other.Name, holder.Name)
	}
	took := pollSince(killed, 3*takeOverLimit, func() bool { return harvestHolderPid(t, db) == other.Cmd.Process.Pid })
	t.Logf("%s holds the harvest lease %s after %s was killed", other.Name, show(took), holder.Name)
	if took < 0 || took > takeOverLimit {
		t.Fatalf("%s does not take the harvest lease over within %s of %s's death (%s): %s",
			other.Name, takeOverLimit, holder.Name, show(took), leaseRow(t, db))
	}
	if !pageOK(t, other, "/papers/date/"+crawlDay) || !searchFinds(t, other) {
		t.Errorf("%s stopped serving the imported day after taking over", other.Name)
	}
	if pollSince(time.Now(), 5*time.Second, func() bool { return logHas(t, other, "harvest schedule started") }) < 0 {
		t.Errorf("%s holds the lease but never started the harvest schedule", other.Name)
	}

	// 4. Interrupted, the survivor exits cleanly and gives the lease up.
	if err := other.Cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-other.Done:
		if other.Err != nil {
			t.Errorf("%s exited with %v after an interrupt", other.Name, other.Err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not exit within 30 s of an interrupt", other.Name)
	}
	if pid := harvestHolderPid(t, db); pid != 0 {
		t.Errorf("the harvest lease is still held after a clean shutdown: %s", leaseRow(t, db))
	}
}

// replayOAI serves the recorded ListRecords pages of arxiv/testdata by
// resumptionToken and counts the requests.
func replayOAI(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	pages := map[string]string{}
	for token, name := range map[string]string{
		"":             "constructed_listrecords_arXiv_page1.xml",
		"6960524|1001": "constructed_listrecords_arXiv_page2.xml",
		"6960524|2001": "constructed_listrecords_arXiv_page3.xml",
	} {
		b, err := os.ReadFile(filepath.Join("..", "arxiv", "testdata", "oaipmh", name))
		if err != nil {
			t.Fatal(err)
		}
		pages[token] = string(b)
	}
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		body, ok := pages[r.URL.Query().Get("resumptionToken")]
		if !ok {
			http.Error(w, "unknown token", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, body) //nolint:errcheck // the client retries a short body
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// pollSince checks cond every pollEvery until it holds or limit has passed
// since start, and returns how long after start it held; -1 if it never did.
func pollSince(start time.Time, limit time.Duration, cond func() bool) time.Duration {
	for {
		if cond() {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			return -1
		}
		time.Sleep(pollEvery)
	}
}

func show(d time.Duration) string {
	if d < 0 {
		return "never"
	}
	return d.Round(time.Millisecond).String()
}

var client = &http.Client{Timeout: 5 * time.Second}

// get returns path's status and body; status 0 when the request failed.
func get(t *testing.T, in *serveProcess, path string) (int, []byte) {
	resp, err := client.Get(in.Base + path)
	if err != nil {
		t.Logf("%s: GET %s: %v", in.Name, path, err)
		return 0, nil
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil
	}
	return resp.StatusCode, body
}

func pageOK(t *testing.T, in *serveProcess, path string) bool {
	code, _ := get(t, in, path)
	return code == http.StatusOK
}

// dayShows reports whether in's page of the imported day lists the paper.
func dayShows(t *testing.T, in *serveProcess) bool {
	code, body := get(t, in, "/papers/date/"+crawlDay)
	return code == http.StatusOK && strings.Contains(string(body), `href="/papers/`+crawlPaper+`"`)
}

// searchFinds reports whether in's search API finds the paper by its title.
func searchFinds(t *testing.T, in *serveProcess) bool {
	code, body := get(t, in, "/api/papers/search?q="+url.QueryEscape(crawlSearch))
	if code != http.StatusOK {
		return false
	}
	var items []struct {
		Paper struct {
			ID string `json:"id"`
		} `json:"paper"`
	}
	if err := json.Unmarshal(body, &items); err != nil {
		t.Errorf("%s: search answer is not a list of papers: %v", in.Name, err)
		return false
	}
	for _, it := range items {
		if it.Paper.ID == crawlPaper {
			return true
		}
	}
	return false
}

// harvestHolderPid returns the pid in the unexpired "harvest" lease's holder
// (host:pid:random); 0 when nobody holds it.
func harvestHolderPid(t *testing.T, db *sql.DB) int {
	var holder string
	var expires int64
	err := db.QueryRow(`SELECT holder, expires_at FROM leases WHERE name = $1`, "harvest").Scan(&holder, &expires)
	if errors.Is(err, sql.ErrNoRows) || err == nil && expires <= time.Now().UnixMilli() {
		return 0
	}
	if err != nil {
		t.Fatalf("read the harvest lease: %v", err)
	}
	parts := strings.Split(holder, ":")
	pid := 0
	if len(parts) >= 3 {
		pid, _ = strconv.Atoi(parts[len(parts)-2])
	}
	if pid == 0 {
		t.Fatalf("harvest lease holder %q is not host:pid:random", holder)
	}
	return pid
}

// leaseRow describes the harvest lease for failure messages.
func leaseRow(t *testing.T, db *sql.DB) string {
	var holder string
	var expires int64
	err := db.QueryRow(`SELECT holder, expires_at FROM leases WHERE name = $1`, "harvest").Scan(&holder, &expires)
	if err != nil {
		return fmt.Sprintf("no lease row (%v)", err)
	}
	return fmt.Sprintf("holder %q, expires in %s", holder, time.Until(time.UnixMilli(expires)).Round(time.Millisecond))
}

func logHas(t *testing.T, in *serveProcess, s string) bool {
	b, err := os.ReadFile(in.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), s)
}
