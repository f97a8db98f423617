package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"handbook/internal/validate"
)

// templateCheck warns about template text left in prose ("[job title]",
// "<insert name here>"): validate.TemplateText decides what is template
// text; this walk gives it the prose of the page, outside code, with the
// configured placeholders already replaced. It implements
// parser.ASTTransformer, and runs before the sanitizer, which would drop
// "<insert ...>" as an unknown element.
type templateCheck struct{}

func (templateCheck) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	st := state(pc)
	report := func(found string, offset int) {
		st.problems = append(st.problems, problem{offset: offset, warning: true, msg: fmt.Sprintf(
			"template text %q is left in: write what it asks for, or map it under placeholders: in handbook.yaml", clip(found))})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML, *ast.HTMLBlock:
			raw, starts := rawSource(n, src)
			if isTemplateTag(raw) {
				report(string(bytes.TrimSpace(raw)), sourceOffset(starts, 0))
			}
			return ast.WalkSkipChildren, nil
		}
		if !bracketedText(n, src) {
			return ast.WalkContinue, nil // most blocks: nothing to put together
		}
		textRuns(n, src, func(run string, offsetAt func(int) int) {
			for _, loc := range validate.TemplateText(run) {
				report(run[loc[0]:loc[1]], offsetAt(loc[0]))
			}
		})
		return ast.WalkContinue, nil
	})
}

// bracketedText reports whether a text child of n has a '[' or a '<'.
func bracketedText(n ast.Node, src []byte) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			if v := t.Segment.Value(src); bytes.IndexByte(v, '[') >= 0 || bytes.IndexByte(v, '<') >= 0 {
				return true
			}
		}
	}
	return false
}

// textRuns calls f with each run of adjacent text children of n, and a
// function from a position in the run to its source offset.
func textRuns(n ast.Node, src []byte, f func(run string, offsetAt func(int) int)) {
	var buf strings.Builder
	var starts []segStart
	flush := func() {
		if buf.Len() > 0 {
			s := starts
			f(buf.String(), func(i int) int { return sourceOffset(s, i) })
		}
		buf.Reset()
		starts = nil
	}
	end := 0 // the source offset after the last text
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			starts = append(starts, segStart{buf.Len(), t.Segment.Start})
			buf.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				buf.WriteByte('\n') // template text does not wrap
			}
			end = t.Segment.Stop
		case *ast.String: // the typographer's quote in "[the owner's role]"
			starts = append(starts, segStart{buf.Len(), end})
			buf.WriteString(typedQuote(t.Value))
		default:
			flush()
		}
	}
	flush()
}

// isTemplateTag reports whether raw HTML is only template text in angle
// brackets, "<insert name here>", which is shown as written.
func isTemplateTag(raw []byte) bool {
	s := string(bytes.TrimSpace(raw))
	locs := validate.TemplateText(s)
	return strings.HasPrefix(s, "<") && len(locs) == 1 && locs[0] == [2]int{0, len(s)}
}

// typedQuote is what was typed for the typographer's entity v, quotes as
// straight quotes.
func typedQuote(v []byte) string {
	switch string(v) {
	case "&lsquo;", "&rsquo;":
		return "'"
	case "&ldquo;", "&rdquo;":
		return `"`
	}
	return typed(v)
}
