// Command startup measures how long `paperwire serve` takes to answer its
// first page: on an empty data directory (which loads the bundled demo
// corpus) and on one that already holds it. It also reports the binary size.
//
//	go run ./bench/startup -n 5
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 5, "runs per case")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "paperwire-startup")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "paperwire")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/paperwire")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		log.Fatalf("build (run from the repository root): %v\n%s", err, out)
	}
	fi, err := os.Stat(bin)
	if err != nil {
		log.Fatal(err)
	}

	var empty, loaded []time.Duration
	for i := 0; i < *n; i++ {
		dir := filepath.Join(tmp, fmt.Sprintf("data%d", i))
		empty = append(empty, firstPage(bin, dir))
		loaded = append(loaded, firstPage(bin, dir))
	}
	fmt.Printf("| measure | median | min | max |\n|---|---|---|---|\n")
	row("first page, empty data dir (loads demo corpus)", empty)
	row("first page, loaded data dir", loaded)
	fmt.Printf("\nbinary size (-trimpath -ldflags \"-s -w\"): %.1f MB\n", float64(fi.Size())/1e6)
}

// firstPage starts serve and returns the time until / answers 200.
func firstPage(bin, dir string) time.Duration {
	addr := freeAddr()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", dir)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	for time.Since(start) < 2*time.Minute {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start)
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	log.Fatalf("serve on %s never answered", addr)
	return 0
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func row(name string, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	r := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	fmt.Printf("| %s | %s | %s | %s |\n", name, r(ds[len(ds)/2]), r(ds[0]), r(ds[len(ds)-1]))
}
