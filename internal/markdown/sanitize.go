package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"

	stdhtml "html"
)

// htmlPolicy is the allowlist raw HTML in a body is sanitised through
// unless unsafe_html is on: what policies carried over from GitHub, Word
// (through pandoc) or a wiki use to lay out text, and inline SVG through a
// strict list of its own (no script, no event handlers, no foreignObject,
// only same-document references). Comments, script, style, iframe,
// forms, event handlers and URLs with schemes other than http(s),
// mailto and tel are removed. A Policy is safe for concurrent use.
func htmlPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AllowAttrs("id", "class", "title", "lang", "dir").Globally()
	p.AllowElements("p", "br", "hr", "div", "span", "b", "i", "em", "strong", "u", "s", "del", "ins",
		"mark", "small", "sub", "sup", "kbd", "code", "pre", "samp", "var", "abbr", "dfn", "cite",
		"q", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
		"figure", "figcaption", "details", "summary", "center")
	p.AllowTables()
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th", "td")
	p.AllowAttrs("span").Matching(bluemonday.Integer).OnElements("col", "colgroup")
	p.AllowStyles("text-align", "vertical-align", "width").Globally()
	p.AllowAttrs("open").Matching(regexp.MustCompile(`^(|open)$`)).OnElements("details")
	p.AllowAttrs("start", "reversed").OnElements("ol")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^[aAiI1]$`)).OnElements("ol")
	p.AllowAttrs("value").Matching(bluemonday.Integer).OnElements("li")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("href", "name").OnElements("a")
	p.AllowNoAttrs().OnElements("a") // an anchor target may have no attribute left
	p.AllowAttrs("src", "alt", "width", "height").OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^(lazy|eager)$`)).OnElements("img")
	allowSVG(p)
	return p
}

// svgElements are the SVG elements a drawing needs; svgAttrs their
// presentation attributes. Names are lower case: the HTML tokenizer folds
// them, and the HTML parser of every browser folds them back in SVG.
var (
	svgElements = []string{"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline",
		"polygon", "text", "tspan", "title", "desc", "defs", "symbol", "use", "marker",
		"lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern"}
	svgAttrs = []string{"viewbox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
		"r", "rx", "ry", "dx", "dy", "d", "points", "fill", "fill-opacity", "fill-rule", "stroke",
		"stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
		"stroke-dashoffset", "stroke-miterlimit", "opacity", "transform", "font-family",
		"font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
		"alignment-baseline", "letter-spacing", "offset", "stop-color", "stop-opacity",
		"gradientunits", "gradienttransform", "patternunits", "patterntransform",
		"clippathunits", "maskunits", "markerwidth", "markerheight", "markerunits", "refx",
		"refy", "orient", "preserveaspectratio", "clip-path", "clip-rule", "mask",
		"marker-start", "marker-mid", "marker-end", "visibility", "display", "role",
		"aria-label", "aria-hidden", "focusable", "version"}
	// svgValue admits numbers, colours, transforms and url(#local)
	// references: without ':' or '/', url() can name nothing else.
	svgValue = regexp.MustCompile(`^[\w\s#%.,()+-]*$`)
	localRef = regexp.MustCompile(`^#[A-Za-z_][\w.:-]*$`)
)

func allowSVG(p *bluemonday.Policy) {
	p.AllowElements(svgElements...)
	p.AllowNoAttrs().OnElements(svgElements...)
	// HTML inside a drawing, or another document, goes with its element.
	p.SkipElementsContent("foreignobject", "template", "textarea", "select", "math")
	p.AllowAttrs(svgAttrs...).Matching(svgValue).OnElements(svgElements...)
	p.AllowAttrs("xmlns").Matching(regexp.MustCompile(`^http://www\.w3\.org/2000/svg$`)).OnElements("svg")
	p.AllowAttrs("xmlns:xlink").Matching(regexp.MustCompile(`^http://www\.w3\.org/1999/xlink$`)).OnElements("svg")
	p.AllowAttrs("href", "xlink:href").Matching(localRef).OnElements("use", "lineargradient", "radialgradient", "pattern")
}

// sanitizer replaces the raw HTML of a body (ast.RawHTML, ast.HTMLBlock)
// by its sanitised form (safeHTML nodes), reports what the allowlist
// dropped, and records the anchors (id, a name) the HTML defines. With a
// nil policy (unsafe_html: true) the HTML is kept as written and only its
// anchors are recorded. It implements parser.ASTTransformer.
type sanitizer struct{ policy *bluemonday.Policy }

// skipContent are the elements whose content goes with them when they are
// dropped: their text is code or a document of its own, not prose.
var skipContent = map[string]bool{"script": true, "style": true, "iframe": true, "object": true,
	"embed": true, "noscript": true, "template": true, "textarea": true, "select": true, "frameset": true,
	"foreignobject": true, "math": true}

func (s sanitizer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if bytes.IndexByte(src, '<') < 0 {
		return // raw HTML starts with '<': most bodies have none to walk for
	}
	st := state(pc)
	var raws []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			if entering {
				raws = append(raws, n)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range raws {
		if n.Parent() != nil { // else removed with a dropped element's content
			s.replace(n, src, st)
		}
	}
}

// replace sanitises one raw HTML node in place and records its anchors.
func (s sanitizer) replace(n ast.Node, src []byte, st *convState) {
	in, starts := rawSource(n, src)
	out := in
	if s.policy != nil {
		out = s.clean(in, starts, st)
	}
	for _, id := range htmlAnchors(out) {
		st.anchors = append(st.anchors, rawAnchor{id, sourceOffset(starts, 0)})
	}
	if s.policy == nil {
		return // trusted: rendered as written
	}
	if raw, ok := n.(*ast.RawHTML); ok {
		if tag := startTag(in); skipContent[tag] {
			removeUntilEnd(raw, tag, src)
		}
		n.Parent().ReplaceChild(n.Parent(), n, &safeHTML{html: out})
		return
	}
	// What stays of a comment-only block is its line break: nothing.
	block := bytes.TrimRight(out, " \t\r\n")
	if isTemplateTag(in) {
		block = []byte("<p>" + string(block) + "</p>") // text, in a paragraph
	}
	n.Parent().ReplaceChild(n.Parent(), n, &safeHTMLBlock{html: block})
}

// clean is raw HTML sanitised and made valid, each thing dropped a
// warning; template text ("<insert name here>", reported as such) is
// shown as written.
func (s sanitizer) clean(in []byte, starts []segStart, st *convState) []byte {
	if isTemplateTag(in) {
		return []byte(stdhtml.EscapeString(string(bytes.TrimSpace(in))))
	}
	clean := s.policy.SanitizeBytes(in)
	for _, d := range s.dropped(in, clean) {
		st.problems = append(st.problems, problem{offset: sourceOffset(starts, d.offset), msg: d.msg, warning: true})
	}
	return tidy(clean)
}

// segStart maps an offset in a raw node's joined text back to the source.
type segStart struct{ joined, source int }

// rawSource is the text of a raw HTML node and where each of its pieces
// starts in the source.
func rawSource(n ast.Node, src []byte) ([]byte, []segStart) {
	var segs []text.Segment
	switch n := n.(type) {
	case *ast.RawHTML:
		for i := range n.Segments.Len() {
			segs = append(segs, n.Segments.At(i))
		}
	case *ast.HTMLBlock:
		for i := range n.Lines().Len() {
			segs = append(segs, n.Lines().At(i))
		}
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
	}
	var buf []byte
	var starts []segStart
	for _, s := range segs {
		starts = append(starts, segStart{len(buf), s.Start})
		buf = append(buf, s.Value(src)...)
	}
	return buf, starts
}

func sourceOffset(starts []segStart, off int) int {
	src := 0
	for _, s := range starts {
		if s.joined > off {
			break
		}
		src = s.source + off - s.joined
	}
	return src
}

// startTag is the element name of the start tag that raw HTML begins with,
// or "".
func startTag(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b))
	if tt := z.Next(); tt == html.StartTagToken {
		name, _ := z.TagName()
		return string(name)
	}
	return ""
}

// removeUntilEnd removes the inline nodes after n up to and including the
// raw end tag of element tag, when there is one in the same paragraph: the
// content of an inline <script> is not prose to show.
func removeUntilEnd(n *ast.RawHTML, tag string, src []byte) {
	var remove []ast.Node
	for c := n.NextSibling(); c != nil; c = c.NextSibling() {
		remove = append(remove, c)
		if r, ok := c.(*ast.RawHTML); ok {
			if raw, _ := rawSource(r, src); strings.EqualFold(strings.TrimSpace(string(raw)), "</"+tag+">") {
				for _, c := range remove {
					n.Parent().RemoveChild(n.Parent(), c)
				}
				return
			}
		}
	}
}

// tag is a tag of raw HTML: its name, attributes and offset.
type tag struct {
	name   string
	attrs  []html.Attribute
	offset int
	end    bool
}

// tags lists the start, self-closing and end tags of b.
func tags(b []byte) []tag {
	var list []tag
	z := html.NewTokenizer(bytes.NewReader(b))
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return list
		}
		raw := len(z.Raw())
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			t := z.Token()
			list = append(list, tag{name: t.Data, attrs: t.Attr, offset: off, end: tt == html.EndTagToken})
		}
		off += raw
	}
}

// drop is one thing the sanitiser removed.
type drop struct {
	offset int
	msg    string
}

// dropped compares raw HTML with its sanitised form and says what went:
// whole elements, and attributes of elements that stayed. The sanitiser
// keeps the order of what it keeps, so one pass over both suffices.
// Comments, end tags and what is inside a dropped script or drawing go
// without a word.
func (s sanitizer) dropped(in, out []byte) []drop {
	kept := startsOnly(tags(out))
	var drops []drop
	j := 0
	skipping, depth := "", 0 // the element whose content is skipped
	for _, t := range tags(in) {
		if skipping != "" {
			if t.name == skipping && t.end {
				depth--
			} else if t.name == skipping {
				depth++
			}
			if depth == 0 {
				skipping = ""
			}
			continue
		}
		if t.end {
			continue
		}
		if j < len(kept) && kept[j].name == t.name {
			for _, a := range t.attrs {
				if v, ok := attrValue(kept[j].attrs, a.Key); !ok {
					drops = append(drops, drop{t.offset, fmt.Sprintf("raw HTML: attribute %s=%q of <%s> removed (not allowed); set unsafe_html: true only for trusted content", a.Key, clip(a.Val), t.name)})
				} else if v != a.Val && a.Key == "style" {
					drops = append(drops, drop{t.offset, fmt.Sprintf("raw HTML: style of <%s> reduced to %q (only text-align, vertical-align and width are kept)", t.name, v)})
				}
			}
			j++
			continue
		}
		why := "not allowed"
		if s.allowed(t.name) {
			why = "none of its attributes is allowed: " + attrList(t.attrs)
		}
		drops = append(drops, drop{t.offset, fmt.Sprintf("raw HTML: element <%s> removed (%s); set unsafe_html: true only for trusted content", t.name, why)})
		if skipContent[t.name] {
			skipping, depth = t.name, 1
		}
	}
	return drops
}

// tidy makes sanitised HTML valid where the allowlist left it invalid:
// <a name="x"> becomes <a id="x"> (the same link target; name on a is
// obsolete; an a with an id of its own loses its name), and an img whose
// src was removed becomes its alt text.
func tidy(b []byte) []byte {
	if !bytes.Contains(b, []byte("name")) && !bytes.Contains(b, []byte("<img")) {
		return b
	}
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		t := z.Token()
		if t.Data == "img" {
			if _, ok := attrValue(t.Attr, "src"); !ok {
				alt, _ := attrValue(t.Attr, "alt")
				out.WriteString(stdhtml.EscapeString(alt))
				continue
			}
		}
		if t.Data != "a" {
			out.Write(raw)
			continue
		}
		_, hasID := attrValue(t.Attr, "id")
		attrs := t.Attr[:0:0]
		for _, a := range t.Attr {
			switch {
			case a.Key == "name" && !hasID:
				attrs = append(attrs, html.Attribute{Key: "id", Val: a.Val})
			case a.Key != "name":
				attrs = append(attrs, a)
			}
		}
		t.Attr = attrs
		out.WriteString(t.String())
	}
}

// startsOnly drops the end tags of list.
func startsOnly(list []tag) []tag {
	var out []tag
	for _, t := range list {
		if !t.end {
			out = append(out, t)
		}
	}
	return out
}

// allowed reports whether the policy keeps element name when it has an
// attribute every element may have: asked of the policy itself, so that
// the answer cannot drift from it.
func (s sanitizer) allowed(name string) bool {
	return bytes.Contains(s.policy.SanitizeBytes([]byte("<"+name+` id="a">`)), []byte("<"+name))
}

// attrList is attributes as written, for a message.
func attrList(attrs []html.Attribute) string {
	var parts []string
	for _, a := range attrs {
		parts = append(parts, fmt.Sprintf("%s=%q", a.Key, clip(a.Val)))
	}
	return strings.Join(parts, " ")
}

func attrValue(attrs []html.Attribute, key string) (string, bool) {
	for _, a := range attrs {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// rawAnchor is an id that raw HTML defines, and the offset of its HTML.
type rawAnchor struct {
	id     string
	offset int
}

// uniqueAnchors returns the ids the page's raw HTML defines, and reports
// each one that a heading, the layout or earlier HTML of the page already
// uses: a page's ids must be unique (a link would go to the first).
func uniqueAnchors(st *convState, heads []Heading) []string {
	if len(st.anchors) == 0 {
		return nil
	}
	used := map[string]bool{}
	for _, r := range Reserved {
		used[r] = true
	}
	for _, h := range heads {
		used[h.ID] = true
	}
	ids := make([]string, 0, len(st.anchors))
	for _, a := range st.anchors {
		if used[a.id] {
			st.problems = append(st.problems, problem{offset: a.offset, warning: true,
				msg: fmt.Sprintf("raw HTML: id %q is already used on this page (by a heading, the layout or other HTML); ids must be unique", a.id)})
		}
		used[a.id] = true
		ids = append(ids, a.id)
	}
	return ids
}

// htmlAnchors are the fragment targets HTML defines: every element's id,
// and an a element's name.
func htmlAnchors(b []byte) []string {
	var out []string
	for _, t := range tags(b) {
		for _, a := range t.attrs {
			if a.Val != "" && (a.Key == "id" || a.Key == "name" && t.name == "a") {
				out = append(out, a.Val)
			}
		}
	}
	return out
}

// htmlText appends the text of sanitised HTML (no comments are left in
// it), a space between blocks and cells, none around inline elements:
// "H<sub>2</sub>O" is "H2O".
func htmlText(b []byte, buf *bytes.Buffer) {
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.TextToken:
			buf.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); !inlineElements[string(name)] {
				buf.WriteByte(' ')
			}
		}
	}
}

// inlineElements are the allowed elements that do not separate words.
var inlineElements = map[string]bool{"a": true, "abbr": true, "b": true, "cite": true, "code": true,
	"del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true,
	"s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"u": true, "var": true}

// safeHTML is inline raw HTML after sanitising; safeHTMLBlock a block.
type (
	safeHTML struct {
		ast.BaseInline
		html []byte
	}
	safeHTMLBlock struct {
		ast.BaseBlock
		html []byte
	}
)

var (
	kindSafeHTML      = ast.NewNodeKind("SafeHTML")
	kindSafeHTMLBlock = ast.NewNodeKind("SafeHTMLBlock")
)

func (n *safeHTML) Kind() ast.NodeKind      { return kindSafeHTML }
func (n *safeHTMLBlock) Kind() ast.NodeKind { return kindSafeHTMLBlock }
func (n *safeHTML) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"html": string(n.html)}, nil)
}
func (n *safeHTMLBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"html": string(n.html)}, nil)
}

// renderSafeHTML writes sanitised HTML as it is; a block ends its line.
func renderSafeHTML(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := node.(type) {
	case *safeHTML:
		_, _ = w.Write(n.html)
	case *safeHTMLBlock:
		if len(n.html) > 0 {
			_, _ = w.Write(n.html)
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkSkipChildren, nil
}

// registerSafeHTML adds the renderers of the sanitised nodes.
func registerSafeHTML(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindSafeHTML, renderSafeHTML)
	reg.Register(kindSafeHTMLBlock, renderSafeHTML)
}
