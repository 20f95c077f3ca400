package mmap

import "os"

// Behind lets go of the pages of a mapping that a reader moving forward
// through it has passed, a stretch at a time. Loading a snapshot reads its
// file from end to end (its checksum, then its decoding), and every page it
// reads stays in the process until the end without it: at a million papers
// the keyword index's 650 MB file was resident whole for a moment, and set
// the server's peak memory. The pages stay in the page cache and come back
// on first use.
type Behind struct {
	mem  []byte // the whole mapping, from its page-aligned start
	done int    // the pages before this offset are let go
	page int
}

// behindStep is how much a Behind lets go of at once: one madvise per step.
const behindStep = 16 << 20

// NewBehind follows a reader through mem, a mapping from File.
func NewBehind(mem []byte) *Behind { return &Behind{mem: mem, page: os.Getpagesize()} }

// Passed says the reader is done with mem[:at]; whole pages before at are
// let go once behindStep bytes of them have gathered.
func (b *Behind) Passed(at int) {
	if b == nil {
		return
	}
	end := min(at, len(b.mem)) &^ (b.page - 1)
	if end-b.done >= behindStep {
		DropPages(b.mem[b.done:end])
		b.done = end
	}
}

// Restart lets go of the whole mapping and follows a new reader from its
// start.
func (b *Behind) Restart() {
	DropPages(b.mem)
	b.done = 0
}
