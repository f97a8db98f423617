package render

import (
	"cmp"
	"slices"

	"handbook/internal/site"
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

// HomeTasks are the home page's common tasks: those of handbook.yaml whose
// documents this build includes or, when it names none, the procedures
// most linked to (then other documents, should there be fewer procedures),
// most referenced first, then by id.
func (s *Snapshot) HomeTasks() []HomeTask {
	var out []HomeTask
	for _, t := range s.Config.Home.Tasks {
		if r, ok := s.Ref(t.ID()); ok {
			out = append(out, HomeTask{Title: t.Title, URL: s.Index.URL(t.ID(), t.Anchor()), Doc: r})
		}
	}
	if len(s.Config.Home.Tasks) > 0 {
		return out
	}
	refs := func(id string) int { return len(s.Graph.ReferencedBy(id)) }
	docs := first(slices.Values(s.Docs), homeTaskCount, func(a, b *site.Document) int {
		if pa, pb := a.Meta.Type == "procedure", b.Meta.Type == "procedure"; pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return cmp.Or(refs(b.Meta.ID)-refs(a.Meta.ID), cmp.Compare(a.Meta.ID, b.Meta.ID))
	})
	for _, d := range docs {
		r, _ := s.Ref(d.Meta.ID)
		out = append(out, HomeTask{Title: r.Title, URL: r.URL, Doc: r})
	}
	return out
}
