package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// KindShortcode is the node kind of a {{< name arg >}} paragraph.
var KindShortcode = ast.NewNodeKind("Shortcode")

// Shortcode is a paragraph consisting only of {{< name arg >}}, Hugo's
// syntax, which places generated content (a figure, the log) in a page.
type Shortcode struct {
	ast.BaseBlock
	Name, Arg string
}

// Kind implements ast.Node.
func (n *Shortcode) Kind() ast.NodeKind { return KindShortcode }

// Dump implements ast.Node.
func (n *Shortcode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name, "Arg": n.Arg}, nil)
}

// Shortcodes are the names a page may use, with the arguments each takes.
var Shortcodes = map[string][]string{
	"figure": {"scope", "structure"},
	"log":    {""},
}

var shortcodeRE = regexp.MustCompile(`^\{\{<\s*([a-z]+)\s*([a-z0-9-]*)\s*>\}\}$`)

// shortcodes replaces shortcode paragraphs with Shortcode nodes and
// records unknown ones. It implements parser.ASTTransformer.
type shortcodes struct{}

func (shortcodes) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var found []ast.Node
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if p, ok := c.(*ast.Paragraph); ok && p.Lines().Len() == 1 {
			if seg := p.Lines().At(0); bytes.HasPrefix(seg.Value(src), []byte("{{<")) {
				found = append(found, p)
			}
		}
	}
	st := state(pc)
	for _, p := range found {
		seg := p.Lines().At(0)
		m := shortcodeRE.FindStringSubmatch(strings.TrimSpace(string(seg.Value(src))))
		if m == nil || !known(m[1], m[2]) {
			st.problems = append(st.problems, problem{offset: seg.Start, msg: "unknown shortcode " + strings.TrimSpace(string(seg.Value(src))) +
				": known are {{< figure scope >}}, {{< figure structure >}} and {{< log >}}"})
			continue
		}
		sc := &Shortcode{Name: m[1], Arg: m[2]}
		doc.ReplaceChild(doc, p, sc)
		st.shortcodes = append(st.shortcodes, m[1]+":"+m[2])
	}
}

func known(name, arg string) bool {
	for _, a := range Shortcodes[name] {
		if a == arg {
			return true
		}
	}
	return false
}
