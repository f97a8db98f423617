package markdown

import (
	"strings"
	"unicode"

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
	key := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	return key(a) == key(b)
}
