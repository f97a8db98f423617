package link

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"handbook/internal/diag"
)

// KindWikiLink is the node kind of [[ID#anchor|text]].
var KindWikiLink = ast.NewNodeKind("WikiLink")

// WikiLink is an unresolved [[ID#anchor|label]] reference; the transformer
// replaces it with an ordinary link (or plain text) before rendering.
type WikiLink struct {
	ast.BaseInline
	Target, Anchor, Label string
	// Raw is the link as written, shown when it cannot be resolved.
	Raw string
	// Offset is the byte offset of "[[" in the source, for line numbers.
	Offset int
}

// Kind implements ast.Node.
func (n *WikiLink) Kind() ast.NodeKind { return KindWikiLink }

// AnchorText is the link as written: the text GitHub shows, and so makes
// a heading's anchor of.
func (n *WikiLink) AnchorText() string { return n.Raw }

// Dump implements ast.Node.
func (n *WikiLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": n.Target, "Anchor": n.Anchor, "Label": n.Label}, nil)
}

// wikiParser parses [[...]] on one line. It implements parser.InlineParser
// and runs before goldmark's link parser, which also triggers on '['.
type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("[[")) {
		return nil
	}
	end := bytes.Index(line[2:], []byte("]]"))
	dc, _ := pc.Get(docKey).(*docContext)
	if end < 0 {
		if dc != nil {
			dc.errorAt(block.Source(), seg.Start, "unclosed [[: a wiki link is [[ID]], [[ID#anchor]] or [[ID|text]] on one line")
		}
		return nil
	}
	inner := string(line[2 : 2+end])
	block.Advance(end + 4)
	target, label, _ := strings.Cut(inner, "|")
	target, anchor, _ := strings.Cut(strings.TrimSpace(target), "#")
	return &WikiLink{Target: strings.TrimSpace(target), Anchor: strings.TrimSpace(anchor), Label: strings.TrimSpace(label),
		Raw: string(line[:end+4]), Offset: seg.Start}
}

func (dc *docContext) errorAt(src []byte, offset int, msg string) {
	dc.errs = append(dc.errs, diag.Errorf(dc.doc.Path, dc.lineAt(src, offset), "%s", msg))
}
