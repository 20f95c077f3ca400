package mmap

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestBehind reads a 64 MB mapped file from end to end, as loading a
// snapshot does, telling a Behind how far it got, and requires that the
// mapping's resident pages (/proc/self/smaps) stay within two steps
// throughout and that every byte still reads back after Restart.
func TestBehind(t *testing.T) {
	const size = 64 << 20
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i * 7)
	}
	mem := mappedData(t, data)
	defer Unmap(mem)
	b := NewBehind(mem)
	most := 0
	sum := 0
	for off := 0; off < size; off += 1 << 20 {
		for _, c := range mem[off : off+1<<20] {
			sum += int(c)
		}
		b.Passed(off + 1<<20)
		most = max(most, residentKB(t, mem))
	}
	if limit := 2 * behindStep >> 10; most > limit {
		t.Errorf("up to %d kB of the mapping resident while reading it, want at most %d", most, limit)
	}
	if most == 0 {
		t.Fatal("no page of the mapping ever resident: the test measures nothing")
	}
	b.Restart()
	again := 0
	for _, c := range mem {
		again += int(c)
	}
	if again != sum {
		t.Errorf("the bytes read back differ after their pages were let go")
	}
}

// residentKB is the Rss of mem's mapping in /proc/self/smaps.
func residentKB(t *testing.T, mem []byte) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	defer f.Close()
	start := fmt.Sprintf("%x-", uintptr(unsafe.Pointer(&mem[0])))
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) > 0 && !strings.HasSuffix(fields[0], ":") { // a mapping's first line: its address range
			in = strings.HasPrefix(line, start)
			continue
		}
		if in && strings.HasPrefix(line, "Rss:") {
			var kb int
			fmt.Sscanf(strings.TrimPrefix(line, "Rss:"), "%d", &kb)
			return kb
		}
	}
	t.Fatalf("mapping %s not in smaps", start)
	return 0
}
