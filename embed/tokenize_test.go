package embed

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// referenceTokenize is the plain statement of what Tokenize returns: runs of
// letters and digits, lower-cased with strings.ToLower, too long or invalid
// ones dropped.
func referenceTokenize(text string) []string {
	var out []string
	start := -1
	emit := func(tok string) {
		if len(tok) <= maxTokenLen && utf8.ValidString(tok) {
			out = append(out, strings.ToLower(tok))
		}
	}
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			emit(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		emit(text[start:])
	}
	return out
}

// FuzzEachToken checks the allocation-free tokenizer (behind Tokenize and
// embedding) yields exactly the reference words.
func FuzzEachToken(f *testing.F) {
	for _, s := range []string{
		"Graph Neural Networks (GNNs) for COVID-19", "Schrödinger ÉQUATION über", "α-synuclein, β2",
		"", "   ", "x\xffy", "é\xc3", "\xe2\x82x9", "9\u00aa\u2163 z\u0301", "İstanbul ǅ", "a" + string(make([]byte, 50)) + "b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var got []string
		eachToken(text, nil, func(w []byte) { got = append(got, string(w)) })
		want := referenceTokenize(text)
		if !slices.Equal(got, want) {
			t.Fatalf("eachToken(%q) = %q, want %q", text, got, want)
		}
		if tok := Tokenize(text); !slices.Equal(tok, want) {
			t.Fatalf("Tokenize(%q) = %q, want %q", text, tok, want)
		}
	})
}

// TestEmbedBagsCountsRepeatedWords checks that a repeated word weighs as
// many times as it occurs, whatever the order of words.
func TestEmbedBagsCountsRepeatedWords(t *testing.T) {
	tab := &Table{Dim: 2, Words: []string{"graph", "protein"}, Vecs: []float32{1, 0, 0, 1}}
	w := []float32{1, 1}
	vecs, err := embedBags(t.Context(), tab, w, []string{"graph protein graph", "Protein GRAPH graph unknown", "protein"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(vecs[0], vecs[1]) {
		t.Errorf("same words in another order: %v vs %v", vecs[0], vecs[1])
	}
	if vecs[0][0] <= vecs[0][1] || vecs[0][0] < 0.89 || vecs[0][0] > 0.9 { // (2,1)/√5
		t.Errorf("graph twice, protein once = %v, want (0.894, 0.447)", vecs[0])
	}
	if vecs[2][0] != 0 || vecs[2][1] != 1 {
		t.Errorf("protein = %v", vecs[2])
	}
}
