package build

import (
	"cmp"
	"slices"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/site"
	"handbook/internal/suggest"
)

// homeTaskCount is how many common tasks the home page derives from the
// content when handbook.yaml names none.
const homeTaskCount = 6

// HomeTask is one link of the home page's "common tasks".
type HomeTask struct {
	Title string
	URL   string
	Doc   DocRef // the document the task links to
}

// checkTasks reports every home.tasks link that names an unknown document
// or anchor, at its line of handbook.yaml. A document excluded from this
// audience's build is not an error: the task is left out of its home page.
func (st *State) checkTasks(anchors map[string]map[string]bool) []*diag.Diagnostic {
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
func (st *State) ids() []string {
	out := make([]string, len(st.Docs))
	for i, d := range st.Docs {
		out[i] = d.Meta.ID
	}
	return out
}

// homeTasks are the home page's common tasks: those of handbook.yaml whose
// documents this build includes or, when it names none, the procedures
// most linked to (then other documents, should there be fewer procedures),
// most referenced first, then by id.
func (st *State) homeTasks() []HomeTask {
	var out []HomeTask
	for _, t := range st.Config.Home.Tasks {
		if r, ok := st.Ref(t.ID()); ok {
			out = append(out, HomeTask{Title: t.Title, URL: st.Index.URL(t.ID(), t.Anchor()), Doc: r})
		}
	}
	if len(st.Config.Home.Tasks) > 0 {
		return out
	}
	docs := slices.Clone(st.Docs)
	refs := func(id string) int { return len(st.Graph.ReferencedBy(id)) }
	slices.SortStableFunc(docs, func(a, b *site.Document) int {
		if pa, pb := a.Meta.Type == "procedure", b.Meta.Type == "procedure"; pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return cmp.Or(refs(b.Meta.ID)-refs(a.Meta.ID), cmp.Compare(a.Meta.ID, b.Meta.ID))
	})
	for _, d := range docs[:min(homeTaskCount, len(docs))] {
		r, _ := st.Ref(d.Meta.ID)
		out = append(out, HomeTask{Title: r.Title, URL: r.URL, Doc: r})
	}
	return out
}
