package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Pandoc's fancy lists: ordered lists numbered a. b. c., A. B. C.,
// i. ii. iii., I. II. III., with the delimiters "x.", "x)" and "(x)", and
// (1) (2) (3). They parse into ordinary ast.List and ast.ListItem nodes
// (rendered <ol type="a" start="3">), so that every later step treats
// them as lists. CommonMark's own "1." and "1)" stay goldmark's.
//
// The rules are pandoc's: a list begins with any marker of its style; an
// item of the list must use the same style and delimiter; i and I begin a
// roman list, other single letters a lettered one; a capital letter or a
// one-letter roman numeral with a period needs two spaces after it (so
// that "B. Smith" stays a name); only a list starting at 1 may interrupt a
// paragraph.

// fancyStyle is the numbering of a fancy list.
type fancyStyle struct {
	kind  byte // 'a', 'A', 'i', 'I', or '1' for (1)
	delim byte // '.', ')', or '(' for "(x)"
}

// fancyMarker is a list marker found at the start of a line.
type fancyMarker struct {
	style  fancyStyle
	value  int
	indent int // spaces before the marker
	end    int // offset just after the marker
	text   int // offset of the item's text, -1 when the line has none
}

// newItemKey is set when an item closes because the next one begins, so
// that the line opens an item of the list rather than a list inside it.
var newItemKey = parser.NewContextKey()

// fancyLists records which ast.List nodes of a page are fancy, and their
// style, in the parser context.
var fancyListsKey = parser.NewContextKey()

func fancyLists(pc parser.Context) map[ast.Node]fancyStyle {
	m, _ := pc.Get(fancyListsKey).(map[ast.Node]fancyStyle)
	if m == nil {
		m = map[ast.Node]fancyStyle{}
		pc.Set(fancyListsKey, m)
	}
	return m
}

// parseFancyMarker reads a fancy list marker at the start of line. want,
// if not nil, is the style of the list the item would continue.
func parseFancyMarker(line []byte, want *fancyStyle) (fancyMarker, bool) {
	var m fancyMarker
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i > 3 || i == len(line) {
		return m, false
	}
	m.indent = i
	enclosed := line[i] == '('
	if enclosed {
		i++
	}
	start := i
	for i < len(line) && i-start <= 8 && isASCIILetterOrDigit(line[i]) {
		i++
	}
	word := line[start:i]
	if len(word) == 0 || len(word) > 8 || i == len(line) {
		return m, false
	}
	switch d := line[i]; {
	case enclosed && d == ')':
		m.style.delim = '('
	case !enclosed && (d == '.' || d == ')'):
		m.style.delim = d
	default:
		return m, false
	}
	i++
	m.end = i
	kind, value, ok := numbering(word, want)
	if !ok || kind == '1' && !enclosed {
		return m, false // 1. and 1) are CommonMark's, goldmark's own
	}
	m.style.kind, m.value = kind, value
	if want != nil && m.style != *want {
		return m, false
	}
	// What follows the marker: the end of the line, or spaces then text.
	rest := line[i:]
	if util.IsBlank(rest) {
		m.text = -1
		return m, true
	}
	spaces := 0
	for spaces < len(rest) && (rest[spaces] == ' ' || rest[spaces] == '\t') {
		spaces++
	}
	if spaces == 0 {
		return m, false
	}
	if m.style.delim == '.' && spaces < 2 && rest[0] == ' ' &&
		(kind == 'A' || kind == 'I' && len(word) == 1) {
		return m, false // "B. Smith", "I. Newton": initials, not a list
	}
	m.text = i + spaces
	return m, true
}

func isASCIILetterOrDigit(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// numbering reads a marker's word: its style kind and value.
func numbering(word []byte, want *fancyStyle) (byte, int, bool) {
	if n, ok := decimal(word); ok {
		return '1', n, true
	}
	lower, upper := true, true
	for _, c := range word {
		lower = lower && 'a' <= c && c <= 'z'
		upper = upper && 'A' <= c && c <= 'Z'
	}
	if !lower && !upper {
		return 0, 0, false
	}
	roman := want != nil && (want.kind == 'i' || want.kind == 'I') ||
		want == nil && (len(word) > 1 || word[0] == 'i' || word[0] == 'I')
	if roman {
		n, ok := romanValue(word)
		kind := byte('i')
		if upper {
			kind = 'I'
		}
		return kind, n, ok
	}
	if len(word) != 1 {
		return 0, 0, false
	}
	if lower {
		return 'a', int(word[0]-'a') + 1, true
	}
	return 'A', int(word[0]-'A') + 1, true
}

func decimal(word []byte) (int, bool) {
	n := 0
	for _, c := range word {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// romanValue is the value of a roman numeral (either case), if word is one
// written the usual way (iv, not iiii).
func romanValue(word []byte) (int, bool) {
	digit := map[byte]int{'i': 1, 'v': 5, 'x': 10, 'l': 50, 'c': 100, 'd': 500, 'm': 1000}
	total := 0
	for i := range word {
		v, ok := digit[word[i]|0x20]
		if !ok {
			return 0, false
		}
		if i+1 < len(word) && v < digit[word[i+1]|0x20] {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || toRoman(total) != string(toLower(word)) {
		return 0, false
	}
	return total, true
}

func toLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = c | 0x20
	}
	return out
}

func toRoman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var s string
	for i, v := range vals {
		for n >= v {
			s += syms[i]
			n -= v
		}
	}
	return s
}

// itemOffset is where an item's content starts, as goldmark counts it for
// its own lists: after the marker and its spaces, or one column after the
// marker when the text is indented as code or absent.
func itemOffset(line []byte, m fancyMarker) int {
	if m.text < 0 {
		return m.end + 1
	}
	w, _ := util.IndentWidth(line[m.end:], m.end)
	if w > 4 {
		return m.end + 1
	}
	return m.end + w
}

// fancyListParser opens a fancy list. It implements parser.BlockParser.
type fancyListParser struct{}

func (fancyListParser) Trigger() []byte {
	t := []byte{'('}
	for c := byte('a'); c <= 'z'; c++ {
		t = append(t, c, c-'a'+'A')
	}
	return t
}

func (fancyListParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	last := pc.LastOpenedBlock().Node
	if _, ok := last.(*ast.List); ok || pc.Get(newItemKey) != nil {
		pc.Set(newItemKey, nil)
		return nil, parser.NoChildren // an item of the list, if anything
	}
	line, _ := reader.PeekLine()
	m, ok := parseFancyMarker(line, nil)
	if !ok {
		return nil, parser.NoChildren
	}
	if ast.IsParagraph(last) && last.Parent() == parent && (m.value != 1 || m.text < 0) {
		return nil, parser.NoChildren
	}
	list := ast.NewList(')')
	if m.style.delim == '.' {
		list.Marker = '.'
	}
	list.Start = m.value
	if m.style.kind != '1' {
		list.SetAttributeString("type", []byte{m.style.kind})
	}
	fancyLists(pc)[list] = m.style
	return list, parser.HasChildren
}

func (fancyListParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Continue | parser.HasChildren
	}
	offset := 0
	if last, ok := node.LastChild().(*ast.ListItem); ok {
		offset = last.Offset
	}
	indent, _ := util.IndentWidth(line, reader.LineOffset())
	if indent >= offset {
		return parser.Continue | parser.HasChildren
	}
	style := fancyLists(pc)[node]
	if _, ok := parseFancyMarker(line, &style); ok {
		return parser.Continue | parser.HasChildren
	}
	return parser.Close
}

// Close makes a list tight when no blank line separates its items or
// their blocks, as goldmark does for its own lists.
func (fancyListParser) Close(node ast.Node, _ text.Reader, _ parser.Context) {
	list := node.(*ast.List)
	for c := node.FirstChild(); c != nil && list.IsTight; c = c.NextSibling() {
		if c != node.FirstChild() && c.HasBlankPreviousLines() {
			list.IsTight = false
		}
		for gc := c.FirstChild(); gc != nil && list.IsTight; gc = gc.NextSibling() {
			if gc != c.FirstChild() && gc.HasBlankPreviousLines() {
				list.IsTight = false
			}
		}
	}
	if !list.IsTight {
		return
	}
	for item := node.FirstChild(); item != nil; item = item.NextSibling() {
		for gc := item.FirstChild(); gc != nil; {
			next := gc.NextSibling()
			if p, ok := gc.(*ast.Paragraph); ok {
				tb := ast.NewTextBlock()
				tb.SetLines(p.Lines())
				item.ReplaceChild(item, p, tb)
			}
			gc = next
		}
	}
}

func (fancyListParser) CanInterruptParagraph() bool { return true }
func (fancyListParser) CanAcceptIndentedLine() bool { return false }

// fancyItemParser opens the items of a fancy list. It implements
// parser.BlockParser.
type fancyItemParser struct{}

func (fancyItemParser) Trigger() []byte { return fancyListParser{}.Trigger() }

func (fancyItemParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	style, ok := fancyLists(pc)[parent]
	if !ok {
		return nil, parser.NoChildren
	}
	line, _ := reader.PeekLine()
	m, ok := parseFancyMarker(line, &style)
	if !ok {
		return nil, parser.NoChildren
	}
	item := ast.NewListItem(itemOffset(line, m))
	if m.text < 0 {
		return item, parser.NoChildren
	}
	pos, padding := util.IndentPosition(line[m.end:], m.end, item.Offset-m.end)
	reader.AdvanceAndSetPadding(m.end+pos, padding)
	return item, parser.HasChildren
}

func (fancyItemParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		reader.AdvanceToEOL()
		return parser.Continue | parser.HasChildren
	}
	offset := node.(*ast.ListItem).Offset
	indent, _ := util.IndentWidth(line, reader.LineOffset())
	if indent < offset {
		if style, ok := fancyLists(pc)[node.Parent()]; ok {
			if _, ok := parseFancyMarker(line, &style); ok {
				pc.Set(newItemKey, true)
			}
		}
		return parser.Close // a new item, or the end of the list
	}
	pos, padding := util.IndentPosition(line, reader.LineOffset(), offset)
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

func (fancyItemParser) Close(ast.Node, text.Reader, parser.Context) {}
func (fancyItemParser) CanInterruptParagraph() bool                 { return true }
func (fancyItemParser) CanAcceptIndentedLine() bool                 { return false }

// codeLists warns about indented code blocks whose first line is a list
// item: a list indented too far (or under a paragraph, not an item) becomes
// a code box. It implements parser.ASTTransformer.
type codeLists struct{}

func (codeLists) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	st := state(pc)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		cb, ok := n.(*ast.CodeBlock)
		if !ok || !entering || cb.Lines().Len() == 0 {
			return ast.WalkContinue, nil
		}
		first := cb.Lines().At(0)
		line := bytes.TrimLeft(first.Value(src), " \t")
		if looksLikeListItem(line) {
			text := string(bytes.TrimSpace(line))
			st.problems = append(st.problems, problem{offset: first.Start, warning: true,
				msg: fmt.Sprintf("indented code block starts like a list item (%q): it shows as code; indent a sub-list by the width of its parent item's marker (e.g. 3 spaces under \"a. \"), or fence code with ```", clip(text))})
		}
		return ast.WalkSkipChildren, nil
	})
}

// looksLikeListItem reports whether line starts with a list marker and text:
// "- x", "1. x", "a) x", "(iv) x".
func looksLikeListItem(line []byte) bool {
	if m, ok := parseFancyMarker(line, nil); ok && m.text >= 0 {
		return true
	}
	i := 0
	for i < len(line) && i < 9 && '0' <= line[i] && line[i] <= '9' {
		i++
	}
	switch {
	case i == 0 && len(line) > 1 && (line[0] == '-' || line[0] == '*' || line[0] == '+'):
		i = 1
	case i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')'):
		i++
	default:
		return false
	}
	return i+1 < len(line) && line[i] == ' ' && !util.IsBlank(line[i:])
}
