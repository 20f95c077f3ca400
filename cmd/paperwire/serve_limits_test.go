package main

import (
	"testing"
)

func TestReadAPILimits(t *testing.T) {
	cases := []struct {
		rate, burst string
		wantRate    float64
		wantBurst   int
		bad         bool
	}{
		{"", "", defaultAPIRate, defaultAPIBurst, false},
		{"5", "", 5, 10, false},
		{"5/s", "7", 5, 7, false},
		{"0.5", "", 0.5, 1, false},
		{"off", "", 0, 0, false},
		{"0", "", 0, 0, false},
		{"fast", "", 0, 0, true},
		{"-1", "", 0, 0, true},
		{"NaN", "", 0, 0, true},
		{"1e-9", "", 0, 0, true},
		{"2e6", "", 0, 0, true},
		{"", "0", 0, 0, true},
		{"", "many", 0, 0, true},
	}
	for _, c := range cases {
		env := &Env{Getenv: func(k string) string {
			return map[string]string{"PAPERWIRE_API_RATE": c.rate, "PAPERWIRE_API_BURST": c.burst}[k]
		}}
		rate, burst, err := readAPILimits(env)
		if (err != nil) != c.bad {
			t.Errorf("rate %q burst %q: error %v", c.rate, c.burst, err)
			continue
		}
		if !c.bad && (rate != c.wantRate || (rate > 0 && burst != c.wantBurst)) {
			t.Errorf("rate %q burst %q: %v, %d; want %v, %d", c.rate, c.burst, rate, burst, c.wantRate, c.wantBurst)
		}
	}
}

// FuzzReadAPILimits: any value of the two settings is refused or read as a
// usable limit, never a panic or a burst below one.
func FuzzReadAPILimits(f *testing.F) {
	for _, s := range [][2]string{{"20", "40"}, {"off", ""}, {"1e308", ""}, {"NaN", ""}, {"0.0001", ""}, {"5/s", "x"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, rate, burst string) {
		env := &Env{Getenv: func(k string) string {
			return map[string]string{"PAPERWIRE_API_RATE": rate, "PAPERWIRE_API_BURST": burst}[k]
		}}
		r, b, err := readAPILimits(env)
		if err != nil {
			return
		}
		if r < 0 || r != r || (r > 0 && (b < 1 || r < minAPIRate)) {
			t.Fatalf("rate %q burst %q: read as %v, %d", rate, burst, r, b)
		}
	})
}
