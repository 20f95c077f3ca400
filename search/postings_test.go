package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// posting is one decoded posting, for comparing against the encoded streams.
type posting struct {
	doc uint32
	tf  [NumFields]uint8
	pos []int32
}

// encodePostings builds a postings list the way the index does.
func encodePostings(ps []posting) *postings {
	p := &postings{}
	for _, x := range ps {
		rec := appendTF(nil, &x.tf)
		var prec []byte
		if x.tf[FieldTitle]|x.tf[FieldAbstract] != 0 {
			prec = appendPositions(nil, x.pos)
		}
		p.add(x.doc, rec, prec)
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
		if x.tf[FieldTitle]|x.tf[FieldAbstract] != 0 {
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
		if p.n != uint32(n) || p.last != ps[n-1].doc || len(p.skip()) != (n-1)/postingBlock {
			t.Fatalf("n=%d: header n=%d last=%d skips=%d", n, p.n, p.last, len(p.skip()))
		}
		c := p.cursor()
		for i, want := range ps {
			if !c.next() {
				t.Fatalf("n=%d: ended at %d", n, i)
			}
			if c.doc != want.doc || c.tf != want.tf || !slices.Equal(c.positions(nil), want.pos) {
				t.Fatalf("n=%d posting %d: got doc %d tf %v pos %v, want %+v", n, i, c.doc, c.tf, c.positions(nil), want)
			}
		}
		if c.next() {
			t.Fatalf("n=%d: posting past the end", n)
		}
		docs := p.docs(nil)
		for i := range ps {
			if docs[i] != ps[i].doc {
				t.Fatalf("docs()[%d] = %d, want %d", i, docs[i], ps[i].doc)
			}
		}
		// A snapshot's streams validate and rebuild the same skips.
		back := &postings{data: p.data, pos: p.pos, n: p.n}
		if err := back.validate(p.last + 1); err != nil {
			t.Fatalf("n=%d: validate: %v", n, err)
		}
		if !slices.Equal(back.skip(), p.skip()) || back.last != p.last {
			t.Fatalf("n=%d: validate rebuilt skips %v, want %v", n, back.skip(), p.skip())
		}
		if err := back.validate(p.last); err == nil {
			t.Errorf("n=%d: a document past ndocs validated", n)
		}
	}
}

func TestCursorAdvance(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	ps := randomPostings(r, 700)
	p := encodePostings(ps)
	for trial := range 200 {
		c := p.cursor()
		target := uint32(0)
		for {
			target += uint32(r.IntN(1 << 22))
			i, _ := slices.BinarySearchFunc(ps, target, func(x posting, d uint32) int { return int(int64(x.doc) - int64(d)) })
			ok := c.advance(target)
			if ok != (i < len(ps)) {
				t.Fatalf("trial %d: advance(%d) = %v, want a posting: %v", trial, target, ok, i < len(ps))
			}
			if !ok {
				break
			}
			if c.doc != ps[i].doc || c.tf != ps[i].tf || !slices.Equal(c.positions(nil), ps[i].pos) {
				t.Fatalf("trial %d: advance(%d) at doc %d, want %d", trial, target, c.doc, ps[i].doc)
			}
			if !c.advance(target) || c.doc != ps[i].doc {
				t.Fatalf("advance to the current document moved the cursor")
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
		rec := appendTF(nil, &tc.tf)
		if len(rec) != tc.size || tfLen(rec[0]) != tc.size {
			t.Errorf("%v: %d bytes (tfLen %d), want %d", tc.tf, len(rec), tfLen(rec[0]), tc.size)
		}
		p := encodePostings([]posting{{doc: 5, tf: tc.tf, pos: []int32{1}}})
		c := p.cursor()
		if !c.next() || c.tf != tc.tf {
			t.Errorf("%v decoded as %v", tc.tf, c.tf)
		}
	}
}

func TestTermFrequencySaturates(t *testing.T) {
	text := ""
	for range 300 {
		text += "graph "
	}
	ix := BuildIndex(DefaultParams(), []Document{{ID: "a", Title: "graph", Abstract: text}})
	c := ix.postingsOf("graph").cursor()
	if !c.next() || c.tf[FieldAbstract] != 255 || c.tf[FieldTitle] != 1 {
		t.Fatalf("tf = %v, want title 1, abstract 255", c.tf)
	}
	if n := len(c.positions(nil)); n != 301 {
		t.Errorf("%d positions, want 301 (positions do not saturate)", n)
	}
}

func TestValidateRejects(t *testing.T) {
	good := encodePostings([]posting{
		{doc: 3, tf: [NumFields]uint8{0, 2, 0, 0}, pos: []int32{40, 50}},
		{doc: 9, tf: [NumFields]uint8{0, 0, 1, 0}},
	})
	for name, mut := range map[string]func(p *postings){
		"no postings":       func(p *postings) { p.n = 0 },
		"more postings":     func(p *postings) { p.n = 3 },
		"fewer postings":    func(p *postings) { p.n = 1 },
		"truncated data":    func(p *postings) { p.data = p.data[:len(p.data)-1] },
		"trailing data":     func(p *postings) { p.data = append(p.data, 0) },
		"truncated pos":     func(p *postings) { p.pos = p.pos[:len(p.pos)-1] },
		"trailing pos":      func(p *postings) { p.pos = append(p.pos, 1) },
		"repeated document": func(p *postings) { p.data[len(p.data)-2] = 0 },
		"no fields":         func(p *postings) { p.data[1] = 0x20 },
		"zero frequency":    func(p *postings) { p.data[1] = 0x02; p.data = slices.Insert(p.data, 2, 0) },
		"long varint":       func(p *postings) { p.data = append([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, p.data[1:]...) },
		"no last position":  func(p *postings) { p.pos[1] &^= 1 },
		"position overflow": func(p *postings) { p.pos = []byte{0xfe, 0xff, 0xff, 0xff, 0x0f, 0x03} },
	} {
		p := &postings{data: slices.Clone(good.data), pos: slices.Clone(good.pos), n: good.n}
		mut(p)
		if err := p.validate(10); err == nil {
			t.Errorf("%s: validated", name)
		}
	}
	p := &postings{data: good.data, pos: good.pos, n: good.n}
	if err := p.validate(10); err != nil {
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
		f.Add(p.data, p.pos, p.n, p.last+1, uint32(5))
	}
	f.Add([]byte{0, 0x12}, []byte{}, uint32(1), uint32(1), uint32(0))
	f.Fuzz(func(t *testing.T, data, pos []byte, n, ndocs, target uint32) {
		n %= 1 << 16
		p := &postings{data: data, pos: pos, n: n}
		if p.validate(ndocs) != nil {
			return
		}
		c := p.cursor()
		prev, count := int64(-1), uint32(0)
		for c.next() {
			if int64(c.doc) <= prev || c.doc >= ndocs {
				t.Fatalf("doc %d after %d (ndocs %d)", c.doc, prev, ndocs)
			}
			prev = int64(c.doc)
			c.positions(nil)
			count++
		}
		if count != n || uint32(prev) != p.last {
			t.Fatalf("%d postings read of %d, last %d vs %d", count, n, prev, p.last)
		}
		c = p.cursor()
		if c.advance(target) && c.doc < target {
			t.Fatalf("advance(%d) stopped at %d", target, c.doc)
		}
		if p.last < 1<<16 {
			remap := make([]int32, p.last+1)
			for d := range remap {
				remap[d] = int32(d/2) - int32(d%2)*(1<<20) // drop odd documents
			}
			p.compact(remap)
		}
	})
}
