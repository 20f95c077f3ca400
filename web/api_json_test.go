package web

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
)

// encodingJSON is what json.Encoder writes for v, HTML escaping on.
func encodingJSON(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fill sets every field reachable from v (a pointer) to something non-zero
// derived from seed: strings hostile to JSON, pointers allocated, slices of
// two, times of a given instant. A field the hand-written encoder forgets
// then shows up as a difference.
func fill(v reflect.Value, seed int) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), seed)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[hfTime]() {
			v.Set(reflect.ValueOf(hfTime(time.Date(2024, 10, 22, 17, 59, 30, seed*1e6, time.FixedZone("x", 3600)))))
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), seed+i)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), seed+10*i+1)
		}
	case reflect.String:
		v.SetString([]string{"plain", `<b>&"q"\`, "tab\tnl\ncr\r\x00\x1f\x7f", "Zoë \u2028\u2029 \xff\xfe end", ""}[seed%5] + "·")
	case reflect.Int:
		v.SetInt(int64(seed*37 - 5))
	case reflect.Bool:
		v.SetBool(seed%2 == 1)
	default:
		panic("fill: " + v.Kind().String())
	}
}

// TestAPIJSONMatchesEncodingJSON checks the hand-written encoder of API
// items against encoding/json: every field filled, every optional field
// absent, and real papers through apiDailyPaperOf.
func TestAPIJSONMatchesEncodingJSON(t *testing.T) {
	var lists []apiDailyPapers
	for seed := range 12 {
		var d apiDailyPaper
		fill(reflect.ValueOf(&d), seed)
		lists = append(lists, apiDailyPapers{d, {}})
	}
	lists = append(lists, apiDailyPapers{}, nil)
	p := &paperwire.Paper{ID: "2410.12345", Title: "A <title> & more", Abstract: "x\ny", Authors: []string{"Ada", "Zoë"},
		ListedOn: time.Date(2024, 10, 22, 0, 0, 0, 0, time.UTC), Submitted: time.Date(2024, 10, 21, 17, 59, 30, 0, time.UTC),
		Upvotes: 7, NumComments: 2, SubmittedBy: "bob", Organization: &paperwire.Organization{Name: "o", Fullname: "O"},
		GitHubRepo: "https://github.com/a/b", GitHubStars: 0, AIKeywords: []string{"k"}, SubmittedOn: time.Date(2024, 10, 23, 0, 0, 0, 0, time.UTC)}
	lists = append(lists, apiDailyPapers{apiDailyPaperOf(p, true), apiDailyPaperOf(p, false), apiDailyPaperOf(&paperwire.Paper{ID: "1"}, false)})
	for i, l := range lists {
		want := encodingJSON(t, []apiDailyPaper(l))
		if l == nil {
			want = []byte("[]\n") // the handlers never pass nil; an empty list is what they send
		}
		if got := l.appendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("list %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// FuzzAPIJSONString checks string quoting against encoding/json.
func FuzzAPIJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `<a href="x">&amp;</a>`, "\x00\b\f\n\r\t\x1f\x7f", "\u2028\u2029", "\xff", "Zoë 李 😀", "\xed\xa0\x80"} {
		f.Add(s)
	}
	// Each special byte at each place of a run longer than eight bytes.
	for _, c := range []string{`"`, `\`, "<", ">", "&", "\x00", "\x1f", " ", "~", "\x7f", "\x80", "é", "\u2028"} {
		for at := range 18 {
			f.Add("abcdefghijklmnopq"[:at%17] + c + "rstuvwxyz0123456789"[:18-at])
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := encodingJSON(t, s)
		want = want[:len(want)-1]
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

// BenchmarkAPIJSON writes ten search results (abstracts of 1,500 bytes) with
// the hand-written encoder and with encoding/json.
func BenchmarkAPIJSON(b *testing.B) {
	abstract := bytes.Repeat([]byte("We study diffusion models for graphs and show large gains in accuracy. "), 22)
	p := &paperwire.Paper{ID: "2410.12345", Title: "Diffusion transformers for molecules", Abstract: string(abstract),
		Authors: []string{"Ada Lovelace", "Zoë Ünal", "Alan Turing", "Grace Hopper"}, Upvotes: 12, NumComments: 3,
		ListedOn: time.Date(2024, 10, 22, 0, 0, 0, 0, time.UTC), Submitted: time.Date(2024, 10, 21, 17, 59, 30, 0, time.UTC)}
	var items apiDailyPapers
	for range 10 {
		items = append(items, apiDailyPaperOf(p, false))
	}
	b.Run("appendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = items.appendJSON(buf[:0])
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := json.NewEncoder(&buf).Encode([]apiDailyPaper(items)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
