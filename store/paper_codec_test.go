package store

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzPlainLists checks the reflection-free readers of the list and versions
// columns against encoding/json: on whatever they accept they must agree
// with it, and they must accept what paperArgs writes for plain strings.
func FuzzPlainLists(f *testing.F) {
	for _, s := range []string{`["a","b"]`, `[""]`, `["Zoë Ünal","李"]`, `["a\"b"]`, `["\u003c"]`, `[ "a"]`, `["a",]`,
		`[{"v":1,"created":"2024-01-02T03:04:05Z"},{"v":2}]`, `[{"v":01}]`, `[{"v":1,"created":"a\nb"}]`, `[{"v":1}`, "[\"\xff\"]"} {
		f.Add(s, "x", "y")
	}
	f.Fuzz(func(t *testing.T, s, a, b string) {
		if xs, ok := plainStrings(s); ok {
			var want []string
			if err := json.Unmarshal([]byte(s), &want); err != nil || !reflect.DeepEqual(xs, want) {
				t.Fatalf("plainStrings(%q) = %q, encoding/json %q (%v)", s, xs, want, err)
			}
		}
		if vs, ok := plainVersions(s); ok {
			var want []versionJSON
			if err := json.Unmarshal([]byte(s), &want); err != nil || len(vs) != len(want) || len(vs) > 0 && !reflect.DeepEqual(vs, want) {
				t.Fatalf("plainVersions(%q) = %+v, encoding/json %+v (%v)", s, vs, want, err)
			}
		}
		// What paperArgs writes.
		list := encodeList([]string{a, b})
		var got []string
		if err := decodeList(list, &got); err != nil || !reflect.DeepEqual(got, []string{jsonText(a), jsonText(b)}) {
			t.Fatalf("decodeList(%q) = %q, %v", list, got, err)
		}
		vs := mustJSON([]versionJSON{{V: len(a), Created: a}, {V: 2}})
		if got, ok := plainVersions(vs); ok && (got[0].Created != a || got[0].V != len(a) || got[1] != (versionJSON{V: 2})) {
			t.Fatalf("plainVersions(%q) = %+v", vs, got)
		}
	})
}

// jsonText is s as it reads back from JSON (invalid UTF-8 replaced).
func jsonText(s string) string {
	var out string
	if err := json.Unmarshal([]byte(mustJSON(s)), &out); err != nil {
		panic(err)
	}
	return out
}

// TestPlainListsTaken checks that the usual columns take the shortcut (a
// test of equality alone would pass if they never did).
func TestPlainListsTaken(t *testing.T) {
	if xs, ok := plainStrings(encodeList([]string{"Ada Lovelace", "Zoë Ünal", "cs.LG"})); !ok || len(xs) != 3 || xs[1] != "Zoë Ünal" {
		t.Errorf("plainStrings: %q, %v", xs, ok)
	}
	vs, ok := plainVersions(mustJSON([]versionJSON{{V: 1, Created: "2024-01-02T03:04:05Z"}, {V: 2, Created: "2024-02-03T00:00:00Z"}}))
	if !ok || len(vs) != 2 || vs[1].V != 2 || vs[0].Created != "2024-01-02T03:04:05Z" {
		t.Errorf("plainVersions: %+v, %v", vs, ok)
	}
}
