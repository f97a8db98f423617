package markdown

import (
	"fmt"
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer overrides goldmark's rendering of headings (adding a
// copy-link control), renders raw HTML as the sanitizer left it, and
// shortcodes as markers that the build fills in.
// It implements renderer.NodeRenderer.
type nodeRenderer struct{}

func (r nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(KindShortcode, r.shortcode)
	registerSafeHTML(reg)
	reg.Register(KindAlert, renderAlert)
}

// headingTags are the heading elements' names, two bytes a level.
const headingTags = "h0h1h2h3h4h5h6"

// heading writes a heading with its id and copy-link control, piece by
// piece: a document's headings were a million small strings joined per
// build at 10,000 documents.
func (r nodeRenderer) heading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	tag := headingTags[2*n.Level : 2*n.Level+2]
	id, _ := n.AttributeString("id")
	idStr, _ := id.([]byte)
	if entering {
		w.WriteByte('<')
		w.WriteString(tag)
		if len(idStr) > 0 {
			w.WriteString(` id="`)
			w.WriteString(html.EscapeString(string(idStr)))
			w.WriteByte('"')
		}
		for _, a := range n.Attributes() {
			// Other attributes written as {#id .class} are kept.
			if name := string(a.Name); name != "id" && gmhtml.HeadingAttributeFilter.Contains(a.Name) {
				w.WriteString(" " + name + `="` + html.EscapeString(fmt.Sprint(attrString(a.Value))) + `"`)
			}
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if len(idStr) > 0 {
		// The copy-link control. Its address is the fragment alone, which
		// the page's own address completes (the page path repeated in each
		// of them was 2% of a document page's bytes); handbook.js copies
		// the whole address and adds the title (a tooltip true only with
		// script).
		w.WriteString(`<a class="anchor" href="#`)
		w.WriteString(html.EscapeString(string(idStr)))
		w.WriteString(`" aria-label="Copy link to this section">#</a>`)
	}
	w.WriteString("</")
	w.WriteString(tag)
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r nodeRenderer) shortcode(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(Marker(node.(*Shortcode).Name, node.(*Shortcode).Arg) + "\n")
	}
	return ast.WalkSkipChildren, nil
}

// Marker is the text a shortcode renders as; the build replaces it with the
// shortcode's HTML (a figure, the log table). It is an HTML comment, which
// Markdown cannot produce unless unsafe_html is on: the sanitiser drops
// comments.
func Marker(name, arg string) string {
	if arg == "" {
		return "<!--handbook:" + name + "-->"
	}
	return "<!--handbook:" + name + ":" + arg + "-->"
}

// attrString is an attribute value as text; goldmark stores parsed values
// as []byte.
func attrString(v any) any {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return v
}
