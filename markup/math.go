package markup

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// TeX in comments ($O(n^2)$, $$\sum_i x_i$$) is kept exactly as typed: a
// math span is one node whose text Markdown does not touch (so "_" and "*"
// inside it are not emphasis), shown escaped in <span class="math">, where
// the page's math renderer may typeset it. It is never executed.

var kindMath = ast.NewNodeKind("Math")

type mathNode struct {
	ast.BaseInline
	raw []byte // with its dollar signs
}

func (n *mathNode) Kind() ast.NodeKind { return kindMath }

func (n *mathNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Raw": string(n.raw)}, nil)
}

type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$'} }

// Parse takes $…$ or $$…$$ on one line. A "$" followed by a space or a
// digit after a space ("costs $5 and $6") is money, not math.
func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	delim := 1
	if len(line) > 1 && line[1] == '$' {
		delim = 2
	}
	if len(line) <= delim || line[delim] == ' ' || line[delim] == '$' {
		return nil
	}
	end := bytes.Index(line[delim:], bytes.Repeat([]byte{'$'}, delim))
	if end <= 0 {
		return nil
	}
	end += delim
	if line[end-1] == ' ' || line[end-1] == '\\' {
		return nil
	}
	total := end + delim
	if delim == 1 && total < len(line) && line[total] >= '0' && line[total] <= '9' {
		return nil
	}
	n := &mathNode{raw: append([]byte(nil), line[:total]...)}
	block.Advance(total)
	return n
}

type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMath, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<span class="math">`)
			_, _ = w.Write(util.EscapeHTML(n.(*mathNode).raw))
			_, _ = w.WriteString(`</span>`)
		}
		return ast.WalkSkipChildren, nil
	})
}
