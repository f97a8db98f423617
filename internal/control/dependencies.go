package control

import (
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/site"
)

// unapproved are the statuses an approved document must not depend on.
var unapproved = map[string]bool{"draft": true, "in-review": true, "retired": true}

// Dependencies reports each current approved document that depends on a
// draft, in-review or retired one: through its parent, its related list,
// or a link or title mention in its body (refs, from the link step; a
// link to a retired document is the link step's warning, not repeated). An
// approved procedure that sends readers to a draft puts an unapproved text
// under control. Each target is reported once per document, at the first
// place it is named.
func Dependencies(s *site.Site, refs []link.Ref) []*diag.Diagnostic {
	// The documents that can be depended on wrongly, by id: for most
	// references, a lookup in it is all there is to do.
	targets := map[string]*site.Document{}
	for id, d := range s.ByID {
		if unapproved[d.Meta.Status] {
			targets[id] = d
		}
	}
	var out []*diag.Diagnostic
	seen := map[[2]string]bool{}
	depend := func(from, t *site.Document, how string, line int) {
		key := [2]string{from.Meta.ID, t.Meta.ID}
		if t == from || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, diag.Warnf(from.Path, line, "approved document %s %s %s (%s), which is %s: approve it, or stop depending on it", from.Meta.ID, how, t.Meta.ID, t.Meta.Title, t.Meta.Status))
	}
	for _, d := range s.Docs {
		if d.Meta.Status != "approved" {
			continue
		}
		if t, ok := targets[d.Meta.Parent]; ok {
			depend(d, t, "has as parent", d.Line("parent"))
		}
		for _, r := range d.Meta.Related {
			if t, ok := targets[r]; ok {
				depend(d, t, "lists as related", d.Line("related"))
			}
		}
	}
	for _, r := range refs {
		t, ok := targets[r.To]
		if !ok || t.Meta.Status == "retired" {
			continue // the link step warns of links and mentions of retired documents, and marks them
		}
		if from, ok := s.ByID[r.From]; ok && from.Path == r.Path && from.Meta.Status == "approved" {
			depend(from, t, how(r.Kind), r.Line)
		}
	}
	return out
}

func how(k link.Kind) string {
	if k == link.Mention {
		return "mentions"
	}
	return "links to"
}
