package build

import (
	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/suggest"
)

// checkTasks reports every home.tasks link that names an unknown document
// or anchor, at its line of handbook.yaml. A document excluded from this
// audience's build is not an error: the task is left out of its home page.
func (st *state) checkTasks(anchors map[string]map[string]bool) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	var refs []link.Ref
	for _, t := range st.Config.Home.Tasks {
		id := t.ID()
		if _, ok := st.Index.Doc(id); ok {
			refs = append(refs, link.Ref{To: id, Anchor: t.Anchor(), Path: config.FileName, Line: t.Line})
			continue
		}
		if !st.Excluded[id] {
			out = append(out, diag.Errorf(config.FileName, t.Line, "home.tasks: link to unknown document id %s%s", id, suggest.Hint(id, st.ids())))
		}
	}
	return append(out, link.CheckAnchors(refs, anchors)...)
}

// ids lists the ids of the included documents.
func (st *state) ids() []string {
	out := make([]string, len(st.Docs))
	for i, d := range st.Docs {
		out[i] = d.Meta.ID
	}
	return out
}
