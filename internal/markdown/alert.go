package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// alertKinds are GitHub's alert types, by the marker's word in lower case:
// the title shown and the icon drawn (16x16, stroked in the text colour).
var alertKinds = map[string]struct{ title, icon string }{
	"note": {"Note", `<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4.3M8 4.6v.1"/>`},
	"tip":  {"Tip", `<path d="M5.2 10.2a4.3 4.3 0 1 1 5.6 0c-.6.5-.9 1.1-.9 1.8H6.1c0-.7-.3-1.3-.9-1.8zM6.3 14h3.4"/>`},
	"important": {"Important",
		`<path d="M2 2.5h12v8.5H7.5L4 14v-3H2z"/><path d="M8 4.8v3.1M8 9.5v.1"/>`},
	"warning": {"Warning", `<path d="M8 1.8 15 14H1z"/><path d="M8 6.2v3.6M8 11.6v.1"/>`},
	"caution": {"Caution",
		`<path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z"/><path d="M8 4.6v4.2M8 11v.1"/>`},
}

// Alert is a GitHub alert ("> [!NOTE]" and its kin): a blockquote whose
// first line is the marker, rendered as a labelled callout.
type Alert struct {
	ast.BaseBlock
	AlertType string // note, tip, important, warning or caution
}

// KindAlert is the node kind of Alert.
var KindAlert = ast.NewNodeKind("Alert")

// Kind implements ast.Node.
func (n *Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (n *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"AlertType": n.AlertType}, nil)
}

// alerts turns blockquotes that start with an alert marker into Alert
// nodes, wherever a blockquote is: in lists, in other quotes.
// It implements parser.ASTTransformer.
type alerts struct{}

func (alerts) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Blockquote:
			if entering {
				quotes = append(quotes, n)
			}
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			return ast.WalkSkipChildren, nil // inline content: no quote inside
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		kind, ok := alertMarker(q, reader.Source())
		if !ok {
			continue
		}
		a := &Alert{AlertType: kind}
		stripMarker(q.FirstChild().(*ast.Paragraph))
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			a.AppendChild(a, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, a)
	}
}

// alertMarker reports the alert type of a blockquote whose first paragraph
// starts with a line that is only [!TYPE].
func alertMarker(q *ast.Blockquote, src []byte) (string, bool) {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return "", false
	}
	first := p.Lines().At(0)
	line := bytes.TrimSpace(first.Value(src))
	if !bytes.HasPrefix(line, []byte("[!")) || !bytes.HasSuffix(line, []byte("]")) {
		return "", false
	}
	kind := strings.ToLower(string(line[2 : len(line)-1]))
	_, ok = alertKinds[kind]
	return kind, ok
}

// stripMarker removes the paragraph's first line (the marker), and the
// paragraph when nothing else is in it.
func stripMarker(p *ast.Paragraph) {
	end := p.Lines().At(0).Stop
	for c := p.FirstChild(); c != nil; {
		t, ok := c.(*ast.Text)
		if !ok || t.Segment.Start >= end {
			break
		}
		next := c.NextSibling()
		p.RemoveChild(p, c)
		c = next
	}
	if p.ChildCount() == 0 {
		p.Parent().RemoveChild(p.Parent(), p)
	}
}

// renderAlert writes an alert as a note landmark titled by its type, with
// its icon hidden from assistive technology (the title says it).
func renderAlert(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Alert)
	k := alertKinds[n.AlertType]
	if entering {
		_, _ = w.WriteString(`<div class="alert alert-` + n.AlertType + `" role="note" aria-label="` + k.title + `">` + "\n" +
			`<p class="alert-title"><svg class="alert-icon" viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">` +
			k.icon + `</svg>` + k.title + "</p>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</div>\n")
	return ast.WalkContinue, nil
}
