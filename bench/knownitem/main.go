// Command knownitem builds known-item test collections from the daily arXiv
// crawl, in the BEIR layout `paperwire eval` reads, so search quality can be
// measured on papers like the ones Paperwire serves:
//
//   - title: a paper's title is the query and its abstract (without the
//     title) the one relevant document: someone pasting a title they saw.
//   - sentence: one sentence cut out of a paper's abstract is the query and
//     the paper (title and the rest of the abstract) the one relevant
//     document: someone recalling what a paper said, in other words than its
//     title (inverse cloze; the sentence itself is not in the corpus).
//
// Papers are taken in the order they were first listed: the first -docs
// papers of the files whose names start with one of -months; -queries of
// them, drawn with -seed, give the queries.
//
//	go run ./bench/knownitem -data ../shared/data/arxiv-daily -months 2025-10,2025-11,2025-12 -kind title -out /tmp/ki-title-2025q4
//	paperwire eval /tmp/ki-title-2025q4 --split test --mode all
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

type paper struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Abstract string `json:"summary"`
}

func main() {
	data := flag.String("data", "../shared/data/arxiv-daily", "directory of daily crawl files (YYYY-MM-DD.jsonl.gz)")
	months := flag.String("months", "2025-10,2025-11,2025-12", "comma-separated YYYY-MM prefixes of the files to read")
	ndocs := flag.Int("docs", 10437, "papers in the corpus: the first N listed")
	nq := flag.Int("queries", 1000, "queries drawn from the corpus")
	kind := flag.String("kind", "title", "collection: title (title → abstract) or sentence (abstract sentence → paper)")
	seed := flag.Uint64("seed", 1, "random seed of the query draw")
	out := flag.String("out", "", "output directory (created)")
	flag.Parse()
	if *out == "" || (*kind != "title" && *kind != "sentence") {
		flag.Usage()
		os.Exit(2)
	}
	papers, err := readPapers(*data, strings.Split(*months, ","), *ndocs)
	if err != nil {
		fail(err)
	}
	if err := build(papers, *kind, *nq, *seed, *out); err != nil {
		fail(err)
	}
	fmt.Printf("%s: %d docs, %d queries (%s, months %s, seed %d)\n", *out, len(papers), min(*nq, len(papers)), *kind, *months, *seed)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "knownitem:", err)
	os.Exit(1)
}

// readPapers returns the first n distinct papers with a title and an
// abstract, in listing order (file names sort by date).
func readPapers(dir string, months []string, n int) ([]paper, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	seen := map[string]bool{}
	var out []paper
	for _, name := range names {
		if !hasPrefix(filepath.Base(name), months) {
			continue
		}
		if err := eachLine(name, func(line []byte) error {
			var p paper
			if err := json.Unmarshal(line, &p); err != nil {
				return err
			}
			p.Title, p.Abstract = clean(p.Title), clean(p.Abstract)
			if seen[p.ID] || p.Title == "" || p.Abstract == "" || len(out) >= n {
				return nil
			}
			seen[p.ID] = true
			out = append(out, p)
			return nil
		}); err != nil {
			return nil, err
		}
		if len(out) >= n {
			break
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no papers in %s for months %v", dir, months)
	}
	return out, nil
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if p = strings.TrimSpace(p); p != "" && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func eachLine(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return sc.Err()
}

// clean folds the crawl's hard line breaks and runs of spaces into one space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

type doc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

type query struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// build draws the queries and writes corpus.jsonl, queries.jsonl and
// qrels/test.tsv under out.
func build(papers []paper, kind string, nq int, seed uint64, out string) error {
	rng := rand.New(rand.NewPCG(seed, 0x6b6e6f776e))
	picked := rng.Perm(len(papers))[:min(nq, len(papers))]
	sort.Ints(picked)
	docs := make([]doc, len(papers))
	for i, p := range papers {
		if kind == "title" {
			docs[i] = doc{ID: p.ID, Text: p.Abstract}
		} else {
			docs[i] = doc{ID: p.ID, Title: p.Title, Text: p.Abstract}
		}
	}
	var queries []query
	for _, i := range picked {
		p := papers[i]
		text := p.Title
		if kind == "sentence" {
			sents := sentences(p.Abstract)
			j := pickSentence(sents, rng)
			if j < 0 {
				continue // no sentence long enough to be a query
			}
			text = sents[j]
			docs[i].Text = strings.Join(append(sents[:j:j], sents[j+1:]...), " ")
		}
		queries = append(queries, query{ID: "q" + p.ID, Text: text})
	}
	if err := os.MkdirAll(filepath.Join(out, "qrels"), 0o755); err != nil {
		return err
	}
	if err := writeJSONL(filepath.Join(out, "corpus.jsonl"), docs); err != nil {
		return err
	}
	if err := writeJSONL(filepath.Join(out, "queries.jsonl"), queries); err != nil {
		return err
	}
	var qrels strings.Builder
	qrels.WriteString("query-id\tcorpus-id\tscore\n")
	for _, q := range queries {
		fmt.Fprintf(&qrels, "%s\t%s\t1\n", q.ID, strings.TrimPrefix(q.ID, "q"))
	}
	return os.WriteFile(filepath.Join(out, "qrels", "test.tsv"), []byte(qrels.String()), 0o644)
}

// sentences splits an abstract after '.', '?' or '!' followed by a space and
// an upper-case letter (so "e.g. the" and "Fig. 3" stay whole).
func sentences(text string) []string {
	var out []string
	rs := []rune(text)
	start := 0
	for i := 0; i+2 < len(rs); i++ {
		if (rs[i] == '.' || rs[i] == '?' || rs[i] == '!') && rs[i+1] == ' ' && unicode.IsUpper(rs[i+2]) {
			out = append(out, strings.TrimSpace(string(rs[start:i+1])))
			start = i + 2
		}
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// pickSentence draws a sentence of 8 to 40 words, not the only one (the
// paper keeps some abstract), or returns -1.
func pickSentence(sents []string, rng *rand.Rand) int {
	if len(sents) < 2 {
		return -1
	}
	var ok []int
	for i, s := range sents {
		if n := len(strings.Fields(s)); n >= 8 && n <= 40 {
			ok = append(ok, i)
		}
	}
	if len(ok) == 0 {
		return -1
	}
	return ok[rng.IntN(len(ok))]
}

func writeJSONL[T any](path string, rows []T) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
