package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	"ack", "ack-title", "my-acks-title", // the acknowledgement slots and what serve puts in them
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

// Generate records an automatic id. The id itself is made by headingIDs
// from the heading's parsed text (GitHub slugs what a reader sees, not the
// Markdown source); what it returns here is provisional.
func (s *ids) Generate(_ []byte, _ ast.NodeKind) []byte {
	s.events = append(s.events, idEvent{})
	return []byte("section")
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

func (headingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
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
				st.problems = append(st.problems, problem{offset: max(first.Pos(), 0), msg: msg})
				explicitAt[e.id] = nil // the first is reported once
			}
			st.problems = append(st.problems, problem{offset: max(h.Pos(), 0), msg: msg})
			continue
		case used[e.id]:
			st.problems = append(st.problems, problem{offset: max(h.Pos(), 0), msg: "heading id #" + e.id + " is used by the page layout; choose another"})
		}
		explicitAt[e.id] = h
		used[e.id] = true
	}
	src := reader.Source()
	next := map[string]int{} // per base, the first suffix not yet tried
	for i, e := range rec.events {
		if e.explicit {
			continue
		}
		base := GitHubAnchor(anchorText(heads[i], src))
		if base == "" {
			base = "section"
		}
		id := base
		if used[id] {
			// Resume where the last heading of this base stopped, so that
			// n identical headings take n steps, not n*n/2.
			n := max(next[base], 1)
			for id = base + "-" + strconv.Itoa(n); used[id]; id = base + "-" + strconv.Itoa(n) {
				n++
			}
			next[base] = n + 1
		}
		used[id] = true
		heads[i].SetAttributeString("id", []byte(id))
	}
}

// GitHubAnchor makes a heading anchor from a heading's text exactly as
// GitHub does: lower case; letters, marks, digits, connector punctuation
// ('_') and '-' kept; each space a hyphen; everything else (other
// punctuation, symbols, tabs) dropped. "3. Roles and Responsibilities" ->
// "3-roles-and-responsibilities"; "_Best practices_" -> "best-practices".
//
// It lowers case rune by rune, as strings.ToLower does, with ASCII (most
// headings) apart from the Unicode tables.
func GitHubAnchor(text string) string {
	text = strings.TrimSpace(text)
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_':
			b.WriteRune(r)
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == ' ':
			b.WriteByte('-')
		case r < utf8.RuneSelf: // other ASCII: punctuation, symbols, controls
		default:
			if r = unicode.ToLower(r); unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// anchorText is the text of a heading as GitHub sees it when it makes the
// anchor: the text a reader sees (emphasis markers, link destinations and
// tags gone, code spans' content kept), with what the typographer changed
// put back as typed ("--" rather than an en dash), and no image alt text.
func anchorText(h *ast.Heading, src []byte) string {
	var buf bytes.Buffer
	_ = ast.Walk(h, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			writeText(&buf, c, src)
		case *ast.String:
			buf.WriteString(typed(c.Value))
		case *ast.AutoLink:
			buf.Write(c.Label(src))
		case *ast.Image, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case interface{ AnchorText() string }: // another package's node, e.g. a wiki link
			buf.WriteString(c.AnchorText())
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return buf.String()
}

// typed is the text the typographer replaced by the entity v; quotes and
// ellipses become "" since anchors drop them anyway.
func typed(v []byte) string {
	switch string(v) {
	case "&ndash;":
		return "--"
	case "&mdash;":
		return "---"
	case "&lsquo;", "&rsquo;", "&ldquo;", "&rdquo;", "&hellip;", "&laquo;", "&raquo;":
		return ""
	}
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(v)))
}
