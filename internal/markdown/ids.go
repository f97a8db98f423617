package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Slug makes a heading anchor the way GitHub (and goldmark's auto ids) do:
// lower case, letters, digits, '-' and '_' kept, spaces to hyphens, other
// punctuation dropped. "3. Roles and Responsibilities" -> "3-roles-and-responsibilities".
func Slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte('-')
		}
	}
	return b.String()
}

// Reserved are the ids the built-in layouts give elements of a document
// page. No heading gets one of them automatically, and a heading that asks
// for one with {#id} is a problem, so that every id on a page is unique.
// internal/build's TestLayoutIDsReserved fails when a layout adds an id
// that is not listed here.
var Reserved = []string{
	"main", "search-q", "site-nav", // base.html
	"doc-control-title", "toc-title", "revision-history", "relations-title",
	"documents-under-this-one", "related", "referenced-by", // doc.html
}

// ids records the heading ids of one page as goldmark parses it. It
// implements parser.IDs. goldmark asks for each heading's id when the
// heading closes, so an automatic id cannot know of an explicit {#id}
// further down; ids therefore only records, in document order, and
// headingIDs assigns the final ids once the page is parsed.
type ids struct{ events []idEvent }

// idEvent is one heading's id: the base of an automatic one, or an
// explicit one as written.
type idEvent struct {
	id       string
	explicit bool
}

func newIDs() *ids { return &ids{} }

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	value = util.ResolveEntityNames(util.ResolveNumericReferences(value))
	base := Slug(stripInline(string(value)))
	if base == "" {
		base = "section"
	}
	s.events = append(s.events, idEvent{id: base})
	return []byte(base)
}

func (s *ids) Put(value []byte) {
	s.events = append(s.events, idEvent{id: string(value), explicit: true})
}

// headingIDs makes the heading ids of a page unique. Explicit ids are kept
// as written (briefings link to them); automatic ids avoid every explicit
// and reserved id and each other with a -1, -2 ... suffix, in document
// order. It reports explicit ids given twice or reserved.
// It implements parser.ASTTransformer.
type headingIDs struct{}

func (headingIDs) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	rec, ok := pc.IDs().(*ids)
	if !ok {
		return
	}
	var heads []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			heads = append(heads, h)
		}
		return ast.WalkContinue, nil
	})
	if len(heads) != len(rec.events) {
		return // not parsed with our ids (cannot happen); leave goldmark's
	}
	used := map[string]bool{}
	for _, r := range Reserved {
		used[r] = true
	}
	st := state(pc)
	explicitAt := map[string]*ast.Heading{}
	for i, e := range rec.events {
		if !e.explicit {
			continue
		}
		h := heads[i]
		switch first, dup := explicitAt[e.id]; {
		case dup:
			// Reported at both headings, so that both are named.
			msg := "heading id #" + e.id + " is given to two headings of this page; ids must be unique within a page"
			if first != nil {
				st.problems = append(st.problems, problem{max(first.Pos(), 0), msg})
				explicitAt[e.id] = nil // the first is reported once
			}
			st.problems = append(st.problems, problem{max(h.Pos(), 0), msg})
			continue
		case used[e.id]:
			st.problems = append(st.problems, problem{max(h.Pos(), 0), "heading id #" + e.id + " is used by the page layout; choose another"})
		}
		explicitAt[e.id] = h
		used[e.id] = true
	}
	for i, e := range rec.events {
		if e.explicit {
			continue
		}
		id := e.id
		for n := 1; used[id]; n++ {
			id = e.id + "-" + strconv.Itoa(n)
		}
		used[id] = true
		heads[i].SetAttributeString("id", []byte(id))
	}
}

// stripInline removes the Markdown of a heading's source text that GitHub
// leaves out of ids: link destinations and emphasis markers.
func stripInline(s string) string {
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			break
		}
		s = s[:i] + s[i+j+1:]
	}
	// strings.Map, not a Replacer: building a Replacer per heading
	// allocated 6 KB each, 480 MB for a 10,000-document site.
	return strings.Map(func(r rune) rune {
		if r == '[' || r == '*' || r == '`' {
			return -1
		}
		return r
	}, s)
}
