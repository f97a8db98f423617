package build

import (
	"maps"
	"slices"
	"strings"

	"handbook/internal/site"
)

// pageSite is the step between validate and link: the site as the build
// shows it, made of new values. Each included document (docs) becomes a
// copy whose title has the configured placeholders replaced (ph), as
// pages, prose mentions and the register show it, and which has no body:
// only the conversion reads that, from load's document, and the build's
// peak memory comes later, while the pages are written and indexed.
// It returns the site with the copies in the places of docs (for the link
// index, the later checks and incremental updates) and the copies, in
// docs' order. s and its documents are left as load made them.
func pageSite(s *site.Site, docs []*site.Document, ph *strings.Replacer) (*site.Site, []*site.Document) {
	copies := make([]*site.Document, len(docs))
	byOld := make(map[*site.Document]*site.Document, len(docs))
	for i, d := range docs {
		c := *d
		c.Meta.Title = ph.Replace(d.Meta.Title)
		c.Body = nil
		copies[i], byOld[d] = &c, &c
	}
	swap := func(d *site.Document) *site.Document {
		if c, ok := byOld[d]; ok {
			return c
		}
		return d
	}
	ns := *s
	ns.Docs = slices.Clone(s.Docs)
	for i, d := range ns.Docs {
		ns.Docs[i] = swap(d)
	}
	ns.ByID, ns.ByPath = maps.Clone(s.ByID), maps.Clone(s.ByPath)
	for _, m := range []map[string]*site.Document{ns.ByID, ns.ByPath} {
		for k, d := range m {
			m[k] = swap(d)
		}
	}
	return &ns, copies
}
