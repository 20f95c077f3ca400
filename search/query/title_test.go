package query

import "testing"

func TestLooksLikeTitle(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"Efficient Block Contrastive Learning via Parameter-Free Meta-Node Approximation", true},
		{"Emotion-Aligned Generation in Diffusion Text to Speech Models via Preference-Guided Optimization", true},
		{"Beyond WER: Probing Whisper's Sub-token Decoder Across Diverse Language Resource Levels", true},
		{"The Rise of AfricaNLP: Contributions, Contributors, and Community Impact (2005-2025)", true},
		{"Attention Is All You Need", true},
		// Sentence case: a claim, a remembered sentence, a title written so.
		{"0-dimensional biomaterials show inductive properties.", false},
		{"We propose a meta-node based approximation technique that can proxy all negative combinations", false},
		{"Scalable in-context ranking with generative models", false},
		// Keyword queries: too few words, or lower case.
		{"Graph Neural Networks", false},
		{"diffusion transformer video generation", false},
		{"LLM RAG", false},
		{"", false},
	}
	for _, c := range cases {
		q := Parse(c.text)
		if got := q.LooksLikeTitle(); got != c.want {
			t.Errorf("LooksLikeTitle(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
