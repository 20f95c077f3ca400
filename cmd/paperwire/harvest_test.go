package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/internal/storetest"
)

// harvestServer serves ListRecords pages by resumptionToken ("" for the
// first), each after an optional delay, and counts requests.
func harvestServer(t *testing.T, pages map[string]string, delay time.Duration) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		time.Sleep(delay)
		body, ok := pages[r.URL.Query().Get("resumptionToken")]
		if !ok {
			http.Error(w, "unknown token", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// recordedPages are the arXiv recording (2 papers) followed by two pages with
// 1 paper, a deletion of an unknown paper, 2 malformed records and 1 paper.
func recordedPages(t *testing.T) map[string]string {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "arxiv", "testdata", "oaipmh", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return map[string]string{
		"":             read("constructed_listrecords_arXiv_page1.xml"),
		"6960524|1001": read("constructed_listrecords_arXiv_page2.xml"),
		"6960524|2001": read("constructed_listrecords_arXiv_page3.xml"),
	}
}

// generatedPages returns n pages of size arXiv-format records each.
func generatedPages(n, size int) map[string]string {
	pages := map[string]string{}
	for p := 0; p < n; p++ {
		var sb strings.Builder
		sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-04-02T10:00:00Z</responseDate><ListRecords>`)
		for i := 0; i < size; i++ {
			k := p*size + i + 1
			d := fmt.Sprintf("2026-03-%02d", 1+k%28)
			fmt.Fprintf(&sb, `<record><header><identifier>oai:arXiv.org:2603.%05d</identifier><datestamp>%s</datestamp></header><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>2603.%05d</id><created>%s</created><authors><author><keyname>Author%d</keyname><forenames>A.</forenames></author><author><keyname>Shared</keyname><forenames>B.</forenames></author></authors><title>Paper number %d</title><categories>cs.LG</categories><abstract>Abstract %d.</abstract></arXiv></metadata></record>`,
				k, d, k, d, k%37, k, k)
		}
		next := ""
		if p < n-1 {
			next = fmt.Sprintf("tok%d", p+1)
		}
		fmt.Fprintf(&sb, `<resumptionToken cursor="%d" completeListSize="%d">%s</resumptionToken></ListRecords></OAI-PMH>`, p*size, n*size, next)
		tok := ""
		if p > 0 {
			tok = fmt.Sprintf("tok%d", p)
		}
		pages[tok] = sb.String()
	}
	return pages
}

type statsJSON struct {
	Papers, Days, Authors, Withdrawn int
	MaxSeq                           int64 `json:"max_seq"`
}

func binStats(t *testing.T, bin, dir string) statsJSON {
	t.Helper()
	return binStatsAt(t, bin, "--data", dir)
}

// binStatsAt runs stats on the store that args (storeArgs) name.
func binStatsAt(t *testing.T, bin string, args ...string) statsJSON {
	t.Helper()
	out, err := exec.Command(bin, append([]string{"stats", "--json"}, args...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	var st statsJSON
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return st
}

func harvestBin(t *testing.T, bin string, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(bin, append([]string{"harvest"}, args...)...).CombinedOutput()
	return string(out), err
}

func TestHarvestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := harvestServer(t, recordedPages(t), 0)
	dir := t.TempDir()
	out, err := harvestBin(t, bin, "--data", dir, "--oai-url", srv.URL, "--set", "cs", "--from", "2015-01-01", "--delay", "1ms")
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	for _, want := range []string{
		"harvest set cs (from 2015-01-01): 3 pages, 7 records read: 4 new, 0 updated, 0 unchanged, 0 withdrawn, 3 skipped",
		"skipped page 2 record 3 (oai:arXiv.org:1501.00001): missing title",
		`skipped page 2 record 4 (oai:arXiv.org:1501.00002): bad created date "2915-01-01"`,
		"skipped page 2, 1208.0264: deleted upstream and not in the database",
		"msg=\"harvest page\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	st := binStats(t, bin, dir)
	if st != (statsJSON{Papers: 4, Days: 4, Authors: 9, MaxSeq: 4}) {
		t.Errorf("stats = %+v", st)
	}
	// Re-running (incrementally, from the newest datestamp) changes nothing.
	out, err = harvestBin(t, bin, "--data", dir, "--oai-url", srv.URL, "--set", "cs", "--delay", "1ms", "--json")
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	var sum struct{ From string }
	if err := json.Unmarshal([]byte(out[strings.LastIndex(out, "\n{")+1:]), &sum); err != nil || sum.From != "2015-01-04" {
		t.Errorf("second run from %q (%v):\n%s", sum.From, err, out)
	}
	if st2 := binStats(t, bin, dir); st2 != st {
		t.Errorf("re-run changed the database: %+v → %+v", st, st2)
	}
	if out, err := harvestBin(t, bin, "--from", "yesterday"); err == nil || !strings.Contains(out, "want a date like") {
		t.Errorf("bad --from accepted: %v\n%s", err, out)
	}
}

// A harvest killed with SIGKILL at several moments and run again ends with
// the same database as a run that was never interrupted, on either store.
func TestHarvestBinarySIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	pages := generatedPages(12, 40)
	fast, _ := harvestServer(t, pages, 0)
	clean := t.TempDir()
	if out, err := harvestBin(t, bin, "--data", clean, "--oai-url", fast.URL, "--delay", "1ms"); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := binStats(t, bin, clean)
	if want.Papers != 480 || want.Authors != 38 {
		t.Fatalf("uninterrupted stats = %+v", want)
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			slow, requests := harvestServer(t, pages, 40*time.Millisecond)
			at := storeArgs(t, kind)
			for _, killAfter := range []int64{2, 5, 9} {
				cmd := exec.Command(bin, append(append([]string{"harvest"}, at...), "--oai-url", slow.URL, "--delay", "1ms")...)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				deadline := time.Now().Add(30 * time.Second)
				for requests.Load() < killAfter && time.Now().Before(deadline) {
					time.Sleep(5 * time.Millisecond)
				}
				time.Sleep(time.Duration(killAfter*7) * time.Millisecond) // land anywhere in the page cycle
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				cmd.Wait()
				mid := binStatsAt(t, bin, at...)
				t.Logf("killed after %d requests: %d papers stored", requests.Load(), mid.Papers)
				if mid.Papers%40 != 0 {
					t.Errorf("a page was half committed: %d papers", mid.Papers)
				}
			}
			if out, err := harvestBin(t, bin, append(at, "--oai-url", slow.URL, "--delay", "1ms")...); err != nil || !strings.Contains(out, "resumed an interrupted run") {
				t.Fatalf("%v:\n%s", err, out)
			}
			if got := binStatsAt(t, bin, at...); got != want {
				t.Errorf("after kills and rerun: %+v, uninterrupted: %+v", got, want)
			}
		})
	}
}

func TestAddBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	atom := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "arxiv", "testdata", "atom", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ids := r.URL.Query().Get("id_list")
		seen = append(seen, ids)
		w.Header().Set("Content-Type", "application/atom+xml")
		switch ids {
		case "1605.08386,astro-ph/0601001":
			// Two recorded single-id answers, merged into one feed.
			a, b := atom("id_1605.08386_s0_m100_200.xml"), atom("id_astro-ph_0601001_s0_m100_200.xml")
			entry := b[strings.Index(b, "<entry>"):strings.Index(b, "</feed>")]
			fmt.Fprint(w, strings.Replace(a, "</feed>", entry+"</feed>", 1))
		default:
			fmt.Fprint(w, atom("id_0000.0000_s0_m100_200.xml"))
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	out, err := exec.Command(bin, "add", "--data", dir, "--api-url", srv.URL, "--delay", "1ms", "arXiv:1605.08386v1", "astro-ph/0601001").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "added     1605.08386  Heat-bath random walks with Markov bases") ||
		!strings.Contains(string(out), "2 new, 0 updated, 0 unchanged, 0 not found") {
		t.Fatalf("%v:\n%s", err, out)
	}
	if st := binStats(t, bin, dir); st.Papers != 2 || st.Authors != 6 {
		t.Errorf("stats = %+v", st)
	}
	out, err = exec.Command(bin, "add", "--data", dir, "--api-url", srv.URL, "--delay", "1ms", "1605.08386", "astro-ph/0601001").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "0 new, 0 updated, 2 unchanged") {
		t.Errorf("re-add: %v:\n%s", err, out)
	}
	out, err = exec.Command(bin, "add", "--data", dir, "--api-url", srv.URL, "abc").CombinedOutput()
	if code := exitCode(err); code != 2 || !strings.Contains(string(out), `not arXiv ids: "abc"`) {
		t.Errorf("bad id: exit %d:\n%s", code, out)
	}
	out, err = exec.Command(bin, "add", "--data", dir, "--api-url", srv.URL, "--delay", "1ms", "2401.99999").CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "not found on arXiv: 2401.99999") {
		t.Errorf("missing id: exit %d:\n%s", code, out)
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func TestHarvestSchedule(t *testing.T) {
	srv, requests := harvestServer(t, generatedPages(1, 3), 0)
	dir := t.TempDir()
	vars := map[string]string{"PAPERWIRE_OAI_URL": srv.URL}
	env := &Env{Getenv: func(k string) string { return vars[k] }, Logger: newTestLogger(io.Discard)}
	in, err := openInstance(context.Background(), env, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if run, sets, err := harvestSchedule(env, in, nil); run != nil || sets != nil || err != nil {
		t.Fatalf("unset PAPERWIRE_HARVEST_SETS: %v %v", sets, err)
	}
	vars["PAPERWIRE_HARVEST_SETS"], vars["PAPERWIRE_HARVEST_INTERVAL"] = " cs, ,stat", "soon"
	if _, _, err := harvestSchedule(env, in, nil); err == nil || !strings.Contains(err.Error(), "PAPERWIRE_HARVEST_INTERVAL") {
		t.Fatalf("bad interval: %v", err)
	}
	vars["PAPERWIRE_HARVEST_INTERVAL"] = "2h"
	run, sets, err := harvestSchedule(env, in, nil)
	if err != nil || !reflect.DeepEqual(sets, []string{"cs", "stat"}) {
		t.Fatalf("%v %v", sets, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	// The first pass is slow: arXiv's 3 s politeness delay applies between the sets.
	if err := run(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("run = %v", err)
	}
	st, err := ingest.LoadHarvestState(context.Background(), in.Papers, "cs")
	if err != nil || st.Counts.New != 3 || st.NextRun.Sub(st.LastRun) < 119*time.Minute {
		t.Errorf("cs state = %+v, %v (%d requests)", st, err, requests.Load())
	}
}
