package markup

import (
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// mentionParser turns @name into a link to /u/{name} when the user
// exists. Names follow paperwire.ValidateUserName (letters, digits, '-',
// '_', '.', at most 32); an '@' inside a word (an email address) is no
// mention, nor is a trailing '.' part of the name.
type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	users, _ := pc.Get(usersKey).(UserLookup)
	if users == nil {
		return nil
	}
	if prev := block.PrecendingCharacter(); unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '_' || prev == '.' || prev == '-' || prev == '/' {
		return nil
	}
	line, _ := block.PeekLine()
	n := 1
	for n < len(line) && n <= 32 && isNameByte(line[n], n == 1) {
		n++
	}
	for n > 1 && line[n-1] == '.' {
		n--
	}
	if n < 3 || n > 33 { // 2 to 32 characters
		return nil
	}
	name, ok := users(string(line[1:n]))
	if !ok {
		return nil
	}
	block.Advance(n)
	link := ast.NewLink()
	link.Destination = []byte("/u/" + name)
	link.SetAttributeString("class", []byte("mention"))
	link.AppendChild(link, ast.NewString([]byte("@"+name)))
	return link
}

func isNameByte(b byte, first bool) bool {
	alnum := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
	return alnum || !first && (b == '-' || b == '_' || b == '.')
}
