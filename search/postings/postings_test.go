package postings

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Fields by position in a posting's frequencies, as package search numbers them.
const (
	fieldTitle    = 0
	fieldAbstract = 1
)

// posting is one decoded posting, for comparing against the encoded streams.
type posting struct {
	doc uint32
	tf  [NumFields]uint8
	pos []int32
}

// encodePostings builds a postings list the way the index does.
func encodePostings(ps []posting) *List {
	p := &List{}
	for _, x := range ps {
		rec := AppendTF(nil, &x.tf)
		var prec []byte
		if x.tf[fieldTitle]|x.tf[fieldAbstract] != 0 {
			prec = AppendPositions(nil, x.pos)
		}
		p.Add(x.doc, rec, prec)
	}
	return p
}

// randomPostings makes n postings with gaps from 1 to over 2^21 (varints of
// one to four bytes), frequencies across the nibble and byte boundaries
// (1, 15, 16, 255), postings without positions and postings with many.
func randomPostings(r *rand.Rand, n int) []posting {
	tfs := []uint8{0, 0, 1, 1, 2, 15, 16, 17, 200, 255}
	gaps := []uint32{1, 1, 2, 127, 128, 16383, 16384, 1 << 21, 3}
	var ps []posting
	doc := uint32(r.IntN(3)) // the first may be document 0
	for range n {
		var x posting
		x.doc = doc
		for x.tf == [NumFields]uint8{} {
			for f := range x.tf {
				x.tf[f] = tfs[r.IntN(len(tfs))]
			}
		}
		if x.tf[fieldTitle]|x.tf[fieldAbstract] != 0 {
			q := int32(0)
			for range 1 + r.IntN(20) {
				q += 1 + int32(r.IntN(300))
				x.pos = append(x.pos, q)
			}
		}
		ps = append(ps, x)
		doc += gaps[r.IntN(len(gaps))]
	}
	return ps
}

func TestPostingsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1, 2, 127, 128, 129, 256, 1000} {
		ps := randomPostings(r, n)
		p := encodePostings(ps)
		if p.N != uint32(n) || p.Last != ps[n-1].doc || len(p.Skip()) != (n-1)/Block {
			t.Fatalf("n=%d: header n=%d last=%d skips=%d", n, p.N, p.Last, len(p.Skip()))
		}
		c := p.Cursor()
		for i, want := range ps {
			if !c.Next() {
				t.Fatalf("n=%d: ended at %d", n, i)
			}
			if c.Doc != want.doc || c.TF != want.tf || !slices.Equal(c.Positions(nil), want.pos) {
				t.Fatalf("n=%d posting %d: got doc %d tf %v pos %v, want %+v", n, i, c.Doc, c.TF, c.Positions(nil), want)
			}
		}
		if c.Next() {
			t.Fatalf("n=%d: posting past the end", n)
		}
		docs := p.Docs(nil)
		for i := range ps {
			if docs[i] != ps[i].doc {
				t.Fatalf("docs()[%d] = %d, want %d", i, docs[i], ps[i].doc)
			}
		}
		// A snapshot's streams validate and rebuild the same skips.
		back := &List{Data: p.Data, Pos: p.Pos, N: p.N}
		if err := back.Validate(p.Last + 1); err != nil {
			t.Fatalf("n=%d: validate: %v", n, err)
		}
		if !slices.Equal(back.Skip(), p.Skip()) || back.Last != p.Last {
			t.Fatalf("n=%d: validate rebuilt skips %v, want %v", n, back.Skip(), p.Skip())
		}
		if err := back.Validate(p.Last); err == nil {
			t.Errorf("n=%d: a document past ndocs validated", n)
		}
	}
}

func TestCursorAdvance(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	ps := randomPostings(r, 700)
	p := encodePostings(ps)
	for trial := range 200 {
		c := p.Cursor()
		target := uint32(0)
		for {
			target += uint32(r.IntN(1 << 22))
			i, _ := slices.BinarySearchFunc(ps, target, func(x posting, d uint32) int { return int(int64(x.doc) - int64(d)) })
			ok := c.Advance(target)
			if ok != (i < len(ps)) {
				t.Fatalf("trial %d: advance(%d) = %v, want a posting: %v", trial, target, ok, i < len(ps))
			}
			if !ok {
				break
			}
			if c.Doc != ps[i].doc || c.TF != ps[i].tf || !slices.Equal(c.Positions(nil), ps[i].pos) {
				t.Fatalf("trial %d: advance(%d) at doc %d, want %d", trial, target, c.Doc, ps[i].doc)
			}
			if !c.Advance(target) || c.Doc != ps[i].doc {
				t.Fatalf("advance to the current document moved the cursor")
			}
		}
	}
}

// TestCursorSeek: Seek finds what Advance finds and leaves the cursor as
// Advance does, on the same random targets.
func TestCursorSeek(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	for _, n := range []int{1, 127, 128, 129, 700} {
		p := encodePostings(randomPostings(r, n))
		for trial := range 100 {
			a, s := p.Cursor(), p.Cursor()
			target := uint32(0)
			for {
				target += uint32(r.IntN(1 << 22))
				okA, okS := a.Advance(target), s.Seek(target)
				if okA != okS || (okS && a != s) {
					t.Fatalf("n=%d trial %d target %d: seek %v %+v, advance %v %+v", n, trial, target, okS, s, okA, a)
				}
				if okS && !slices.Equal(s.Positions(nil), a.Positions(nil)) {
					t.Fatalf("n=%d trial %d target %d: positions differ", n, trial, target)
				}
				if !okS {
					break
				}
			}
		}
	}
}

func TestTFEncoding(t *testing.T) {
	for _, tc := range []struct {
		tf   [NumFields]uint8
		size int
	}{
		{[NumFields]uint8{0, 3, 0, 0}, 1},  // abstract only, small: the header alone
		{[NumFields]uint8{0, 15, 0, 0}, 1}, // largest in the nibble
		{[NumFields]uint8{0, 16, 0, 0}, 2}, // one byte more
		{[NumFields]uint8{2, 5, 0, 0}, 2},  // title and abstract
		{[NumFields]uint8{255, 255, 255, 255}, 5},
		{[NumFields]uint8{0, 0, 0, 1}, 1}, // a category
	} {
		rec := AppendTF(nil, &tc.tf)
		if len(rec) != tc.size || TFLen(rec[0]) != tc.size {
			t.Errorf("%v: %d bytes (tfLen %d), want %d", tc.tf, len(rec), TFLen(rec[0]), tc.size)
		}
		p := encodePostings([]posting{{doc: 5, tf: tc.tf, pos: []int32{1}}})
		c := p.Cursor()
		if !c.Next() || c.TF != tc.tf {
			t.Errorf("%v decoded as %v", tc.tf, c.TF)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	good := encodePostings([]posting{
		{doc: 3, tf: [NumFields]uint8{0, 2, 0, 0}, pos: []int32{40, 50}},
		{doc: 9, tf: [NumFields]uint8{0, 0, 1, 0}},
	})
	for name, mut := range map[string]func(p *List){
		"no postings":       func(p *List) { p.N = 0 },
		"more postings":     func(p *List) { p.N = 3 },
		"fewer postings":    func(p *List) { p.N = 1 },
		"truncated data":    func(p *List) { p.Data = p.Data[:len(p.Data)-1] },
		"trailing data":     func(p *List) { p.Data = append(p.Data, 0) },
		"truncated pos":     func(p *List) { p.Pos = p.Pos[:len(p.Pos)-1] },
		"trailing pos":      func(p *List) { p.Pos = append(p.Pos, 1) },
		"repeated document": func(p *List) { p.Data[len(p.Data)-2] = 0 },
		"no fields":         func(p *List) { p.Data[1] = 0x20 },
		"zero frequency":    func(p *List) { p.Data[1] = 0x02; p.Data = slices.Insert(p.Data, 2, 0) },
		"long varint":       func(p *List) { p.Data = append([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, p.Data[1:]...) },
		"no last position":  func(p *List) { p.Pos[1] &^= 1 },
		"position overflow": func(p *List) { p.Pos = []byte{0xfe, 0xff, 0xff, 0xff, 0x0f, 0x03} },
	} {
		p := &List{Data: slices.Clone(good.Data), Pos: slices.Clone(good.Pos), N: good.N}
		mut(p)
		if err := p.Validate(10); err == nil {
			t.Errorf("%s: validated", name)
		}
	}
	p := &List{Data: good.Data, Pos: good.Pos, N: good.N}
	if err := p.Validate(10); err != nil {
		t.Fatalf("good postings: %v", err)
	}
}

// FuzzPostingsValidate feeds arbitrary streams to the snapshot's postings
// check: it must never panic, and whatever it accepts must decode within
// bounds, in increasing order, under every cursor operation.
func FuzzPostingsValidate(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 3, 130} {
		p := encodePostings(randomPostings(r, n))
		f.Add(p.Data, p.Pos, p.N, p.Last+1, uint32(5))
	}
	f.Add([]byte{0, 0x12}, []byte{}, uint32(1), uint32(1), uint32(0))
	f.Fuzz(func(t *testing.T, data, pos []byte, n, ndocs, target uint32) {
		n %= 1 << 16
		p := &List{Data: data, Pos: pos, N: n}
		if p.Validate(ndocs) != nil {
			return
		}
		c := p.Cursor()
		prev, count := int64(-1), uint32(0)
		for c.Next() {
			if int64(c.Doc) <= prev || c.Doc >= ndocs {
				t.Fatalf("doc %d after %d (ndocs %d)", c.Doc, prev, ndocs)
			}
			prev = int64(c.Doc)
			c.Positions(nil)
			count++
		}
		if count != n || uint32(prev) != p.Last {
			t.Fatalf("%d postings read of %d, last %d vs %d", count, n, prev, p.Last)
		}
		c = p.Cursor()
		if c.Advance(target) && c.Doc < target {
			t.Fatalf("advance(%d) stopped at %d", target, c.Doc)
		}
		if p.Last < 1<<16 {
			remap := make([]int32, p.Last+1)
			for d := range remap {
				remap[d] = int32(d/2) - int32(d%2)*(1<<20) // drop odd documents
			}
			p.Compact(remap)
		}
	})
}
