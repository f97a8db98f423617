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
	var out []*diag.Diagnostic
	seen := map[[2]string]bool{}
	depend := func(from *site.Document, to string, how string, line int) {
		t, ok := s.ByID[to]
		key := [2]string{from.Meta.ID, to}
		if from.Meta.Status != "approved" || !ok || t == from || !unapproved[t.Meta.Status] || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, diag.Warnf(from.Path, line, "approved document %s %s %s (%s), which is %s: approve it, or stop depending on it", from.Meta.ID, how, to, t.Meta.Title, t.Meta.Status))
	}
	for _, d := range s.Docs {
		depend(d, d.Meta.Parent, "has as parent", d.Line("parent"))
		for _, r := range d.Meta.Related {
			depend(d, r, "lists as related", d.Line("related"))
		}
	}
	for _, r := range refs {
		if t, ok := s.ByID[r.To]; ok && t.Meta.Status == "retired" {
			continue // the link step warns of links and mentions of retired documents, and marks them
		}
		if from, ok := s.ByID[r.From]; ok && from.Path == r.Path {
			depend(from, r.To, how(r.Kind), r.Line)
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
