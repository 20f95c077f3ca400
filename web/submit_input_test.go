package web

import (
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
)

func TestParseSubmitInput(t *testing.T) {
	for in, want := range map[string]string{
		"2501.01234":                                    "2501.01234",
		"  2501.01234v2\n":                              "2501.01234",
		"arXiv:2501.01234":                              "2501.01234",
		"https://arxiv.org/abs/2501.01234v2":            "2501.01234",
		"http://arxiv.org/abs/2501.01234":               "2501.01234",
		"https://www.arxiv.org/abs/2501.01234/":         "2501.01234",
		"https://arxiv.org/pdf/2501.01234v3.pdf":        "2501.01234",
		"https://arxiv.org/pdf/2501.01234":              "2501.01234",
		"https://arxiv.org/html/2501.01234v1#S3":        "2501.01234",
		"https://arxiv.org/abs/2501.01234?context=cs":   "2501.01234",
		"HTTPS://ARXIV.ORG/abs/2501.01234":              "2501.01234",
		"arxiv.org/abs/2501.01234":                      "2501.01234",
		"export.arxiv.org/abs/2501.01234":               "2501.01234",
		"https://huggingface.co/papers/2501.01234":      "2501.01234",
		"hf.co/papers/2501.01234":                       "2501.01234",
		"hep-th/9901001":                                "hep-th/9901001",
		"math.GT/0309136":                               "math/0309136",
		"https://arxiv.org/abs/hep-th/9901001v2":        "hep-th/9901001",
		"oai:arXiv.org:hep-th/9901001":                  "hep-th/9901001",
		"https://arxiv.org/abs/math.GT/0309136":         "math/0309136",
		"https://arxiv.org/abs/1501.00001":              "1501.00001",
		"https://arxiv.org/abs/2501.01234v2?utm=x#frag": "2501.01234",
	} {
		got, err := parseSubmitInput(in)
		if err != nil || got != want {
			t.Errorf("parseSubmitInput(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"":                                   "Give an arXiv id",
		"   ":                                "Give an arXiv id",
		"not-an-id":                          "is not an arXiv id",
		"2501.1234":                          "is not an arXiv id", // 4 digits after 2015
		"https://example.com/abs/2501.01234": "not to example.com",
		"https://arxiv.org/list/cs.CL/new":   "not to a paper",
		"ftp://arxiv.org/abs/2501.01234":     "https:// link",
		"javascript:alert(1)":                "is not an arXiv id",
		"https://arxiv.org/abs/2501.01234v0": "v0 does not exist",
		"https://arxiv.org/abs/":             "is not an arXiv id",
		strings.Repeat("1", 600):             "too long",
	} {
		_, err := parseSubmitInput(in)
		if paperwire.ErrorCode(err) != paperwire.EINVALID || !strings.Contains(paperwire.ErrorMessage(err), msg) {
			t.Errorf("parseSubmitInput(%q): %v; want EINVALID mentioning %q", in, err, msg)
		}
	}
}

// FuzzParseSubmitInput: whatever is pasted, the parser never panics, every
// refusal is EINVALID with a message, and every id it returns is a
// version-less arXiv id ParseArxivID gives back unchanged, so it is safe
// as a path (/papers/{id}) and as a store key.
func FuzzParseSubmitInput(f *testing.F) {
	for _, seed := range []string{
		"2501.01234", "arXiv:2501.01234v2", "https://arxiv.org/abs/2501.01234v2", "arxiv.org/pdf/2501.01234.pdf",
		"hep-th/9901001", "math.GT/0309136v1", "https://huggingface.co/papers/2501.01234", "https://evil.example/abs/2501.01234",
		"https://arxiv.org/abs/../../etc/passwd", "https://arxiv.org/abs/%32%35%30%31.01234", "http://[::1]:80/abs/x",
		"https://arxiv.org:99999/abs/2501.01234", "https://user@arxiv.org/abs/2501.01234", "arxiv.org", "://", "\x00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		id, err := parseSubmitInput(in)
		if err != nil {
			if paperwire.ErrorCode(err) != paperwire.EINVALID || paperwire.ErrorMessage(err) == "" {
				t.Fatalf("%q: error %v is not EINVALID with a message", in, err)
			}
			return
		}
		again, version, err := paperwire.ParseArxivID(id)
		if err != nil || again != id || version != 0 {
			t.Fatalf("%q gave %q, which ParseArxivID reads as %q v%d (%v)", in, id, again, version, err)
		}
		if strings.ContainsAny(id, "?#%\\ \t\n") || strings.Contains(id, "..") {
			t.Fatalf("%q gave an id unsafe in a path: %q", in, id)
		}
	})
}
