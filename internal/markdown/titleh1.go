package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// titleHeading removes a body's first heading when it is an H1 that
// repeats the document's title: Markdown written for GitHub starts with
// "# <title>", and the page layout prints the title already. It runs after
// headingIDs, so the ids of later headings stay those GitHub gives them;
// the heading's own id goes to the layout's title (Result.TitleID).
// It implements parser.ASTTransformer.
type titleHeading struct{}

func (titleHeading) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := state(pc)
	if st.title == "" {
		return
	}
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		h, ok := c.(*ast.Heading)
		if !ok {
			continue
		}
		if h.Level == 1 && SameTitle(anchorText(h, reader.Source()), st.title) {
			// Its anchor stays a link target: the page's own title.
			id, _ := h.AttributeString("id")
			b, _ := id.([]byte)
			st.titleID = string(b)
			doc.RemoveChild(doc, h)
		}
		return
	}
}

// SameTitle reports whether a and b are the same title when case,
// punctuation and spacing are ignored.
func SameTitle(a, b string) bool {
	for i, j := 0, 0; ; {
		var ra, rb rune
		ra, i = keyRune(a, i)
		rb, j = keyRune(b, j)
		if ra != rb || ra < 0 {
			return ra == rb
		}
	}
}

// keyRune returns the next letter or digit of s from byte i on, lower
// case, and the index after it; -1 at the end of s. Every heading of
// levels 1 to 3 is compared with the title: ASCII needs no tables.
func keyRune(s string, i int) (rune, int) {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				return rune(c), i
			case 'A' <= c && c <= 'Z':
				return rune(c + 'a' - 'A'), i
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r), i
		}
	}
	return -1, i
}
