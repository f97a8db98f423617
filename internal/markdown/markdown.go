// Package markdown converts a document body to HTML with goldmark: GFM
// (tables, strikethrough, task lists, autolinks), footnotes, definition
// lists, typographic quotes, heading ids as GitHub makes them ({#anchor}
// honoured), raw HTML sanitised through an allowlist unless configured as
// trusted, GitHub alerts, pandoc's lettered and roman lists, and
// {{< shortcodes >}}. It also
// returns what other steps need of the page: its headings (for the table of
// contents and anchor checks) and its text by section (for search).
package markdown

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/site"
)

// Converter renders documents; it is safe for concurrent use.
type Converter struct {
	md           goldmark.Markdown
	placeholders *strings.Replacer
	// keys are the placeholders' texts: a body holding none is parsed as
	// it is, not copied twice through the replacer.
	keys [][]byte
	// NoSections leaves Result.Sections empty: only the search index reads
	// them, and a build without one need not pay for the text.
	NoSections bool
	// buffers are the *bytes.Buffer pages are rendered into, used again:
	// a page's HTML is then copied once at its length, not grown from an
	// estimate and copied again when the estimate was far off.
	buffers sync.Pool
}

// Heading is a heading of a page.
type Heading struct {
	Level int
	Text  string
	ID    string
	Line  int
}

// Section is the plain text of a page from one heading (level 2 or 3) to
// the next; the first section, before any heading, has no anchor.
type Section struct {
	Anchor  string
	Heading string
	Text    string
}

// Result is a converted document.
type Result struct {
	HTML       []byte
	Headings   []Heading
	Sections   []Section
	Shortcodes []string // "figure:scope", "log:"
	// Anchors are the fragment targets the body's raw HTML defines (an
	// element's id, an a element's name), and TitleID: link targets like
	// heading ids.
	Anchors []string
	// TitleID is the id of a leading H1 that repeated the title and was
	// not rendered: the page's title carries it instead.
	TitleID  string
	Problems []*diag.Diagnostic
}

// New returns a converter for the site's configuration, with extra goldmark
// extensions (the link resolver).
func New(cfg *config.Config, exts ...goldmark.Extender) *Converter {
	htmlOpts := []renderer.Option{html.WithXHTML()}
	san := sanitizer{policy: htmlPolicy()}
	if cfg.UnsafeHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
		san.policy = nil // trusted: kept as written
	}
	md := goldmark.New(
		goldmark.WithExtensions(append([]goldmark.Extender{
			gfm{}, extension.Footnote, extension.DefinitionList, extension.Typographer,
		}, exts...)...),
		goldmark.WithParserOptions(
			parser.WithBlockParsers(util.Prioritized(fancyListParser{}, 350), util.Prioritized(fancyItemParser{}, 450)),
			parser.WithAutoHeadingID(),
			parser.WithHeadingAttribute(),
			parser.WithASTTransformers(util.Prioritized(headingIDs{}, 10), util.Prioritized(titleHeading{}, 20), util.Prioritized(alerts{}, 30), util.Prioritized(codeLists{}, 40), util.Prioritized(shortcodes{}, 50), util.Prioritized(templateCheck{}, 65),
				util.Prioritized(san, 70)),
		),
		goldmark.WithRendererOptions(append(htmlOpts,
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)))...),
	)
	c := &Converter{md: md, placeholders: Placeholders(cfg)}
	for _, k := range cfg.PlaceholderKeys() {
		c.keys = append(c.keys, []byte(k))
	}
	return c
}

// Placeholders returns the replacer of the configured placeholders, the
// longest first.
func Placeholders(cfg *config.Config) *strings.Replacer {
	var pairs []string
	for _, k := range cfg.PlaceholderKeys() {
		pairs = append(pairs, k, cfg.Placeholders[k])
	}
	return strings.NewReplacer(pairs...)
}

// Replace substitutes the configured placeholders in s.
func (c *Converter) Replace(s string) string { return c.placeholders.Replace(s) }

// Convert renders doc. attach, if not nil, is called with the parser
// context before parsing (the link resolver stores its per-document state
// there). The HTML does not depend on the page's address: heading anchors
// link to their fragment alone.
func (c *Converter) Convert(doc *site.Document, attach func(parser.Context)) Result {
	src := c.source(doc.Body)
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, &convState{title: c.placeholders.Replace(doc.Meta.Title)})
	if attach != nil {
		attach(pc)
	}
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var res Result
	buf, _ := c.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	if err := c.md.Renderer().Render(bufWriter{buf}, src, root); err != nil {
		res.Problems = append(res.Problems, diag.Errorf(doc.Path, doc.BodyLine, "cannot render: %v", err))
	}
	// Every page's HTML is held until the pages are written: a copy at its
	// length, not the buffer with its slack.
	res.HTML = bytes.Clone(buf.Bytes())
	defer c.buffers.Put(buf)
	st := state(pc)
	lines := diag.NewLines(src) // a heading's line, for diagnostics
	var nodes []*ast.Heading
	res.Headings, nodes = headings(root, src, lines, doc)
	if !c.NoSections {
		buf.Reset() // the HTML is copied: the sections' text is gathered in it
		res.Sections = sections(root, src, res.Headings, nodes, st.title, buf)
	}
	res.Shortcodes = st.shortcodes
	res.Anchors = uniqueAnchors(st, res.Headings)
	if res.TitleID = st.titleID; res.TitleID != "" {
		res.Anchors = append(res.Anchors, res.TitleID)
	}
	for _, p := range st.problems {
		report := diag.Errorf
		if p.warning {
			report = diag.Warnf
		}
		res.Problems = append(res.Problems, report(doc.Path, doc.BodyLine+lines.Count(p.offset), "%s", p.msg))
	}
	return res
}

// source is the text to parse of a document's body: the body itself (the
// parser and the transformers only read it) unless it holds a placeholder.
func (c *Converter) source(body []byte) []byte {
	for _, k := range c.keys {
		if len(k) == 0 || bytes.Contains(body, k) {
			return []byte(c.placeholders.Replace(string(body)))
		}
	}
	return body
}

// bufWriter is a bytes.Buffer as goldmark's renderer writes to a buffered
// writer (util.BufWriter), which it makes of any other writer: a 4 KB
// bufio.Writer per page, and every byte copied once more.
type bufWriter struct{ *bytes.Buffer }

var _ util.BufWriter = bufWriter{}

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

// convState is this package's per-document state in the parser context.
type convState struct {
	title      string // the document's, placeholders replaced
	titleID    string // the id of the H1 repeating the title, removed
	shortcodes []string
	anchors    []rawAnchor
	problems   []problem
}

// problem is an error (or a warning) at an offset of the body.
type problem struct {
	offset  int
	msg     string
	warning bool
}

var stateKey = parser.NewContextKey()

func state(pc parser.Context) *convState {
	st, _ := pc.Get(stateKey).(*convState)
	if st == nil {
		st = &convState{}
		pc.Set(stateKey, st)
	}
	return st
}

// headings collects the headings: every one, also inside lists and
// quotes, since links may point at them; and their nodes, in the same
// order.
func headings(root ast.Node, src []byte, lines *diag.Lines, doc *site.Document) ([]Heading, []*ast.Heading) {
	var heads []Heading
	var nodes []*ast.Heading
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				heads = append(heads, heading(n, src, lines, doc))
				nodes = append(nodes, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			return ast.WalkSkipChildren, nil // inline content: no heading inside
		}
		return ast.WalkContinue, nil
	})
	return heads, nodes
}

// sections cuts the document's plain text at its headings of levels 1 to
// 3, for the search index (one record per section). A section headed by
// the document's title has no heading of its own: a hit reads "Title", not
// "Title › Title". heads are the page's headings, of the nodes nodes;
// text is an empty buffer to gather a section's text in.
func sections(root ast.Node, src []byte, heads []Heading, nodes []*ast.Heading, title string, text *bytes.Buffer) []Section {
	sections := []Section{{}}
	flush := func() {
		sections[len(sections)-1].Text = collapseSpace(text.Bytes())
		text.Reset()
	}
	k := 0 // nodes[k] is the next heading at the top level or below
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		h, ok := c.(*ast.Heading)
		if !ok {
			plainText(c, src, text)
			text.WriteByte(' ')
			continue
		}
		for nodes[k] != h {
			k++
		}
		hd := heads[k]
		if h.Level <= 3 {
			flush()
			if SameTitle(hd.Text, title) {
				hd.Text = ""
			}
			sections = append(sections, Section{Anchor: hd.ID, Heading: hd.Text})
		} else {
			text.WriteString(hd.Text)
			text.WriteByte(' ')
		}
	}
	flush()
	if sections[0].Text == "" {
		sections = sections[1:]
	}
	return sections
}

// collapseSpace is strings.Join(strings.Fields(string(b)), " ") in one
// pass, without the slice of fields: every section's text goes through it.
// Words already apart by one ' ' are copied together: the scan passes
// over printable ASCII, and a single space before it, a byte at a time,
// and only looks closer at other bytes.
func collapseSpace(b []byte) string {
	var out strings.Builder
	out.Grow(len(b))
	start := skip(b, 0, true) // the text not yet written starts here
	for i := start; i < len(b); {
		if c := b[i]; ' ' < c && c < utf8.RuneSelf {
			i++
			continue
		}
		if b[i] == ' ' && i+1 < len(b) && ' ' < b[i+1] && b[i+1] < utf8.RuneSelf {
			i += 2
			continue
		}
		if end := skip(b, i, false); end > i { // not a space after all
			i = end
			continue
		}
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.Write(b[start:i])
		i = skip(b, i, true)
		start = i
	}
	if start < len(b) {
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.Write(b[start:])
	}
	return out.String()
}

// skip returns the end of the run of spaces (or of non-spaces) at b[i:].
func skip(b []byte, i int, spaces bool) int {
	for i < len(b) {
		if c := b[i]; c < utf8.RuneSelf { // ASCII, inlined: unicode.IsSpace's ASCII spaces
			if (c == ' ' || '\t' <= c && c <= '\r') != spaces {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if unicode.IsSpace(r) != spaces {
			break
		}
		i += size
	}
	return i
}

// heading describes a heading node: level, text, id and file line.
func heading(h *ast.Heading, src []byte, lines *diag.Lines, doc *site.Document) Heading {
	var ht bytes.Buffer
	plainText(h, src, &ht)
	id, _ := h.AttributeString("id")
	idb, _ := id.([]byte)
	line := doc.BodyLine
	if h.Lines().Len() > 0 {
		line += lines.Count(h.Lines().At(0).Start)
	} else if h.Pos() >= 0 { // an empty heading has no lines
		line += lines.Count(h.Pos())
	}
	return Heading{Level: h.Level, Text: strings.TrimSpace(ht.String()), ID: string(idb), Line: line}
}

// writeText appends a text node as a reader sees it: its source with the
// backslash escapes and entities resolved, a line break as a space.
func writeText(buf *bytes.Buffer, t *ast.Text, src []byte) {
	v := t.Segment.Value(src)
	// Only a '&' or a '\\' changes: most text has neither, and is not
	// scanned three more times.
	if !t.IsRaw() && (bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\\') >= 0) {
		v = util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(v)))
	}
	buf.Write(v)
	if t.SoftLineBreak() || t.HardLineBreak() {
		buf.WriteByte(' ')
	}
}

// plainText appends the text content of n to buf.
func plainText(n ast.Node, src []byte, buf *bytes.Buffer) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if c.Type() == ast.TypeBlock {
				buf.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			writeText(buf, c, src)
		case *ast.String:
			// The typographer's strings are HTML entities ("&rsquo;").
			v := c.Value
			if c.IsCode() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
			}
			buf.Write(v)
		case *ast.AutoLink:
			buf.Write(c.Label(src))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			for i := range c.Lines().Len() {
				seg := c.Lines().At(i)
				buf.Write(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *safeHTML:
			htmlText(c.html, buf)
		case *safeHTMLBlock:
			htmlText(c.html, buf)
		case *ast.RawHTML, *ast.HTMLBlock, *Shortcode:
			// Trusted HTML as written: its comments are not for the index.
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
