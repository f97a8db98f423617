package link

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/diag"
)

// Extension returns the goldmark extension that resolves cross-references
// against ix. Parse each document with a context from NewContext.
func (ix *Index) Extension() goldmark.Extender { return extension{ix} }

type extension struct{ ix *Index }

func (e extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199)),
		parser.WithASTTransformers(util.Prioritized(&transformer{ix: e.ix}, 100)),
	)
}

// transformer resolves links and links title mentions. It implements
// parser.ASTTransformer.
type transformer struct{ ix *Index }

// walkState is the per-document state of one transformation.
type walkState struct {
	ix  *Index
	dc  *docContext
	src []byte
	// linked holds the ids already linked in the current section, so that a
	// title is linked at most once per section.
	linked map[string]bool
	// quiet is set inside headings and link text, where titles are not
	// linked (a link inside a link is invalid HTML).
	quiet bool
}

func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	dc, _ := pc.Get(docKey).(*docContext)
	if dc == nil {
		return
	}
	w := &walkState{ix: t.ix, dc: dc, src: reader.Source(), linked: map[string]bool{}}
	w.children(doc)
}

// children visits the children of n in order, grouping runs of adjacent
// text nodes for mention matching.
func (w *walkState) children(n ast.Node) {
	var run []*ast.Text
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		if t, ok := c.(*ast.Text); ok && !t.IsRaw() {
			run = append(run, t)
			c = next
			continue
		}
		w.mentions(n, run)
		run = nil
		w.visit(c)
		c = next
	}
	w.mentions(n, run)
}

func (w *walkState) visit(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		clear(w.linked) // a new section
		w.quietly(n)
	case *ast.Link:
		w.link(n)
	case *WikiLink:
		w.wiki(n)
	case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML,
		*ast.AutoLink, *ast.Image, *east.FootnoteLink, *east.FootnoteBacklink:
	default:
		w.children(n)
	}
}

// quietly visits the children of n without linking title mentions.
func (w *walkState) quietly(n ast.Node) {
	was := w.quiet
	w.quiet = true
	w.children(n)
	w.quiet = was
}

func (w *walkState) link(n *ast.Link) {
	w.quietly(n) // resolves wiki links in the link text
	if len(n.Destination) == 0 {
		w.dc.errorAt(w.src, offsetOf(n, w.src), "empty link target: write [text](ID), [text](ID#anchor) or an address")
		return
	}
	id, anchor, kind, problem, ok := w.ix.target(w.dc.doc, string(n.Destination))
	if !ok {
		return
	}
	if problem != "" {
		w.dc.errorAt(w.src, offsetOf(n, w.src), problem)
		return
	}
	if w.ix.excluded[id] {
		unwrap(n)
		return
	}
	w.record(id, anchor, kind, offsetOf(n, w.src))
	if id == w.dc.doc.Meta.ID && !strings.Contains(string(n.Destination), ".md") && !strings.HasPrefix(string(n.Destination), id) {
		return // an in-page #anchor stays as written
	}
	n.Destination = []byte(w.ix.URL(id, anchor))
	w.decorate(n, id, shownText(n, w.src))
	w.retiredLink(n, id, offsetOf(n, w.src))
}

func (w *walkState) wiki(n *WikiLink) {
	parent := n.Parent()
	text := func(s string) { parent.ReplaceChild(parent, n, ast.NewString([]byte(s))) }
	if n.Target == "" {
		w.dc.errorAt(w.src, n.Offset, "empty wiki link target: write [[ID]], [[ID#anchor]] or [[ID|text]]")
		text(n.Label)
		return
	}
	id, anchor, _, problem, ok := w.ix.target(w.dc.doc, n.Target+hashed(n.Anchor))
	if !ok && problem == "" && !w.ix.unreadable[n.Target] {
		problem = "wiki link target " + n.Target + " is not a document id"
	}
	if !ok && problem == "" { // its document's own error says why
		text(n.Raw)
		return
	}
	if problem != "" {
		w.dc.errorAt(w.src, n.Offset, problem)
		text(n.Raw) // shown as written, not dropped
		return
	}
	if w.ix.excluded[id] {
		label := n.Label
		if label == "" {
			label = "(a document not published to this audience)"
		}
		text(label)
		return
	}
	label := n.Label
	if label == "" {
		d, _ := w.ix.Doc(id)
		label = d.Meta.Title
	}
	if isInLink(n) {
		text(label) // a link inside a link text is invalid HTML
		return
	}
	w.record(id, anchor, Wiki, n.Offset)
	l := ast.NewLink()
	l.Destination = []byte(w.ix.URL(id, anchor))
	l.AppendChild(l, ast.NewString([]byte(label)))
	w.decorate(l, id, label)
	parent.ReplaceChild(parent, n, l)
	w.retiredLink(l, id, n.Offset)
}

// shownText is the text a link shows when that is plain text, a line
// break counting as a space; "" when it holds anything else (emphasis,
// code, an image).
func shownText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		default:
			return ""
		}
	}
	return b.String()
}

func hashed(anchor string) string {
	if anchor == "" {
		return ""
	}
	return "#" + anchor
}

func (w *walkState) record(id, anchor string, kind Kind, offset int) {
	w.linked[id] = true
	w.dc.refs = append(w.dc.refs, Ref{From: w.dc.doc.Meta.ID, To: id, Anchor: anchor, Kind: kind, Line: w.dc.lineAt(w.src, offset), Path: w.dc.doc.Path})
}

// decorate gives a resolved link a tooltip naming the target document:
// "ID · Title", or the id alone when the link shows the title already
// (shown is its text), which repeating was a quarter of the links' bytes.
// handbook.js completes the id alone with the link's text where it lists
// a printed copy's links.
func (w *walkState) decorate(n *ast.Link, id, shown string) {
	d, ok := w.ix.Doc(id)
	switch {
	case !ok || len(n.Title) > 0:
	case shown == d.Meta.Title:
		n.Title = []byte(id)
	default:
		n.Title = []byte(id + " · " + d.Meta.Title)
	}
}

// mentions links title mentions in a run of adjacent text nodes of parent.
// Soft line breaks between nodes count as a space, so a title may wrap.
func (w *walkState) mentions(parent ast.Node, run []*ast.Text) {
	if len(run) == 0 || w.quiet {
		return
	}
	var buf strings.Builder
	starts := make([]int, len(run))
	for i, t := range run {
		starts[i] = buf.Len()
		buf.Write(t.Segment.Value(w.src))
		if t.SoftLineBreak() || t.HardLineBreak() {
			buf.WriteByte(' ')
		}
	}
	self := w.dc.doc.Meta.ID
	matches := w.ix.titles.find(buf.String(), func(id string) bool { return id == self || w.linked[id] })
	matches = w.retiredMentions(matches, run, starts)
	if len(matches) == 0 {
		return
	}
	next := run[len(run)-1].NextSibling()
	for _, t := range run {
		parent.RemoveChild(parent, t)
	}
	insert := func(n ast.Node) {
		if next != nil {
			parent.InsertBefore(parent, next, n)
		} else {
			parent.AppendChild(parent, n)
		}
	}
	pos := 0
	for _, m := range matches {
		for _, p := range pieces(run, starts, pos, m.start) {
			insert(p)
		}
		l := ast.NewLink()
		l.Destination = []byte(w.ix.URL(m.id, ""))
		for _, p := range pieces(run, starts, m.start, m.end) {
			l.AppendChild(l, p)
		}
		w.decorate(l, m.id, buf.String()[m.start:m.end])
		l.SetAttributeString("class", []byte("mention"))
		w.record(m.id, "", Mention, run[nodeAt(starts, m.start)].Segment.Start)
		insert(l)
		pos = m.end
	}
	for _, p := range pieces(run, starts, pos, buf.Len()) {
		insert(p)
	}
}

// pieces returns new text nodes covering [from, to) of the combined text of
// run, keeping each node's line-break flag on its last piece.
func pieces(run []*ast.Text, starts []int, from, to int) []ast.Node {
	var out []ast.Node
	for i, t := range run {
		s, e := starts[i], starts[i]+t.Segment.Len()
		lo, hi := max(from, s), min(to, e)
		if lo > hi || (lo == hi && !(t.SoftLineBreak() && hi == e && to > e)) {
			continue
		}
		seg := text.NewSegment(t.Segment.Start+lo-s, t.Segment.Start+hi-s)
		n := ast.NewTextSegment(seg)
		if hi == e && to > e {
			n.SetSoftLineBreak(t.SoftLineBreak())
			n.SetHardLineBreak(t.HardLineBreak())
		}
		out = append(out, n)
	}
	return out
}

func nodeAt(starts []int, pos int) int {
	i := 0
	for i+1 < len(starts) && starts[i+1] <= pos {
		i++
	}
	return i
}

// unwrap replaces a link by its content, for links to excluded documents.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// isInLink reports whether n is inside a link.
func isInLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			return true
		}
	}
	return false
}

// offsetOf finds a source offset for an inline node: its position when the
// parser recorded one (a link's "["), else its first text, else the first
// line of its block.
func offsetOf(n ast.Node, src []byte) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	var off = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// lineAt converts a body offset to a file line. The newlines of src (the
// same source for every call while one document is parsed) are indexed once.
func (dc *docContext) lineAt(src []byte, offset int) int {
	if dc.lines == nil {
		dc.lines = diag.NewLines(src)
	}
	return dc.doc.BodyLine + dc.lines.Count(offset)
}
