package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wrkScript makes wrk cycle through the queries of the file named by
// QUERIES, each thread from its own random start, as the Go load does, each
// asked for at SEARCH_PATH.
const wrkScript = `local qs = {}
local n = 0
local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
  for line in io.lines(os.getenv("QUERIES")) do
    if #line > 0 then
      qs[#qs + 1] = os.getenv("SEARCH_PATH") .. escape(line)
    end
  end
  n = math.random(#qs)
end
function request()
  n = n % #qs + 1
  return wrk.format("GET", qs[n])
end
`

// wrkFiles writes wrk's script and the queries, one a line, under dir.
func wrkFiles(dir string, qs []string) (lua, queries string, err error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return "", "", fmt.Errorf("-wrk: %w (apt-get install wrk)", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	lua, queries = filepath.Join(dir, "queries.lua"), filepath.Join(dir, "queries.txt")
	if err := os.WriteFile(lua, []byte(wrkScript), 0o644); err != nil {
		return "", "", err
	}
	return lua, queries, os.WriteFile(queries, []byte(strings.Join(qs, "\n")+"\n"), 0o644)
}

var (
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkErrors   = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// runWrk loads base with c connections for d (two threads, one a core) and
// returns what parseWrk reads from wrk's report.
func runWrk(base, lua, queries string, c int, d time.Duration) (ok, bad int, err error) {
	cmd := exec.Command("wrk", "-t", "2", "-c", strconv.Itoa(c), "-d", fmt.Sprintf("%ds", int(d.Seconds())), "-s", lua, base)
	cmd.Env = append(os.Environ(), "QUERIES="+queries, "SEARCH_PATH="+searchPath)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("wrk: %w: %s", err, out)
	}
	return parseWrk(out)
}

// parseWrk reads wrk's report: the answers that were 2xx or 3xx, and the
// ones that were not or failed.
func parseWrk(out []byte) (ok, bad int, err error) {
	m := wrkRequests.FindSubmatch(out)
	if m == nil {
		return 0, 0, fmt.Errorf("wrk: no request count in %s", out)
	}
	total, _ := strconv.Atoi(string(m[1]))
	if m := wrkNon2xx.FindSubmatch(out); m != nil {
		bad, _ = strconv.Atoi(string(m[1]))
	}
	ok = total - min(bad, total)
	// Socket errors are not among the requests counted.
	if m := wrkErrors.FindSubmatch(out); m != nil {
		for _, v := range m[1:] {
			n, _ := strconv.Atoi(string(v))
			bad += n
		}
	}
	return ok, bad, nil
}
