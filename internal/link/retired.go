package link

import (
	"github.com/yuin/goldmark/ast"

	"handbook/internal/diag"
)

// Links to retired documents. A current document that links to or names a
// retired one points its readers at something no longer in force: the
// link is kept (the record stays reachable) but marked "(retired)" on the
// page, and the build warns at the link or mention.

// isRetired reports whether the included document id is retired.
func (ix *Index) isRetired(id string) bool {
	d, ok := ix.byID[id]
	return ok && d.Meta.Status == "retired"
}

// retiredLink warns about a link from a current document to the retired
// document id, at offset, and marks the link.
func (w *walkState) retiredLink(l *ast.Link, id string, offset int) {
	if !w.ix.isRetired(id) {
		return
	}
	l.SetAttributeString("class", []byte("retired"))
	mark := ast.NewString([]byte(" (retired)"))
	l.Parent().InsertAfter(l.Parent(), l, mark)
	if w.dc.doc.Meta.Status == "retired" {
		return
	}
	d := w.ix.byID[id]
	w.dc.errs = append(w.dc.errs, diag.Warnf(w.dc.doc.Path, w.dc.lineAt(w.src, offset),
		"link to %s (%s), which is retired: link its replacement, or remove the link", id, d.Meta.Title))
}

// retiredMentions warns about the titles of retired documents written in
// the text of a current document (they are not linked), and returns the
// other matches, the mentions to link.
func (w *walkState) retiredMentions(matches []match, run []*ast.Text, starts []int) []match {
	linked := matches[:0] // matches is the caller's to give away
	for _, m := range matches {
		if m.set == current {
			linked = append(linked, m)
			continue
		}
		if w.dc.doc.Meta.Status == "retired" {
			continue
		}
		d := w.ix.byID[m.id]
		w.dc.errs = append(w.dc.errs, diag.Warnf(w.dc.doc.Path, w.dc.lineAt(w.src, run[nodeAt(starts, m.start)].Segment.Start),
			"mentions %q (%s), which is retired: name its replacement, or say that it is retired", d.Meta.Title, m.id))
	}
	return linked
}
