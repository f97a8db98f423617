package render

import (
	"bytes"
	"cmp"
	"html/template"
	"slices"
	"strings"

	"handbook/internal/markdown"
	"handbook/internal/site"
)

// navInline is the largest type group listed in full in the sidebar;
// bigger groups link to their list page, so that a 10,000-document site
// does not repeat 10,000 links on every page.
const navInline = 40

// MakeNav is the sidebar: a group per type with documents, in the configured
// order, then the retired documents.
func (s *Snapshot) MakeNav() []NavGroup {
	byType := map[string][]DocRef{}
	var retired []DocRef
	for _, d := range s.Docs {
		r, _ := s.Ref(d.Meta.ID)
		if d.Meta.Status == "retired" { // listed apart, after the documents in force
			retired = append(retired, r)
			continue
		}
		byType[d.Meta.Type] = append(byType[d.Meta.Type], r)
	}
	var nav []NavGroup
	for _, t := range s.Config.Types {
		if docs := byType[t]; len(docs) > 0 {
			nav = append(nav, navGroup(t, TypeLabel(t), s.Config.URL("types/"+t+"/"), docs))
		}
	}
	if len(retired) > 0 {
		// The log lists every document with its status.
		nav = append(nav, navGroup("retired", "Retired documents", s.Config.URL("log/"), retired))
	}
	return nav
}

// navGroup is a group of the sidebar; its documents are listed when they
// are few.
func navGroup(typ, label, url string, docs []DocRef) NavGroup {
	g := NavGroup{Type: typ, Label: label, URL: url, Count: len(docs)}
	if len(docs) <= navInline {
		g.Docs = docs
	}
	return g
}

// docPageRoom is the bytes a document page takes besides its body, about:
// the buffer a page is rendered into starts with that room, rather than
// growing by doubling from nothing.
const docPageRoom = 16 << 10

// RenderDocPage renders a document page into b, which it empties first.
func (s *Snapshot) RenderDocPage(b *bytes.Buffer, p *Page) error {
	b.Reset()
	b.Grow(len(p.Doc.Body) + docPageRoom)
	return s.Theme.Render(b, "doc", p)
}

// DocPage is the page of d; kids is the snapshot's family (Children).
func (s *Snapshot) DocPage(d *site.Document, kids Family) *Page {
	res := s.Pages[d.Meta.ID]
	p := s.NewPage("doc", d.Meta.Title, d.URLPath())
	p.Lang = cmp.Or(d.Meta.Lang, p.Lang)
	p.Crumbs = kids.shown.linkedRefs(s, s.crumbIDs(d))
	p.CrumbLinks = kids.shown.crumbLinks(s, p.Crumbs)
	v := &DocView{
		Meta:         d.Meta,
		Path:         d.Path,
		Body:         template.HTML(s.embed(res)),
		Clauses:      kids.shown.clauseRefs(s, d.Meta.Clauses),
		ReferencedBy: kids.shown.linkedRefs(s, s.Graph.ReferencedBy(d.Meta.ID)),
		Related:      kids.shown.linkedRefs(s, s.Graph.Related(d.Meta.ID)),
		Children:     kids.shown.linkedRefs(s, kids.Of(d.Meta.ID)),
		Acknowledge:  s.Config.AsksAcknowledgement(d.Meta.Type, d.Meta.Acknowledge),
		Updated:      lastUpdated(d.Meta),
		EditURL:      s.Config.EditLink(d.Path),
		ReviewDate:   d.Meta.Review.String(),
		ApprovedDate: d.Meta.Approved.String(),
		History:      historyRows(d.Meta.History),
		Retired:      d.Meta.Status == "retired",
		Approved:     d.Meta.Status == "approved",
	}
	v.UpdatedDate = v.Updated.String()
	v.Prev, v.Next = s.siblings(d, kids)
	v.TOC = toc(res.Headings)
	v.TitleID = res.TitleID
	if d.Meta.Parent != "" {
		if r, ok := kids.shown.ref(s, d.Meta.Parent); ok {
			v.Parent = &r
		}
	}
	v.Overdue = d.Meta.Status != "retired" && d.Meta.Review.Overdue(s.Today)
	v.DueSoon = !v.Overdue && !d.Meta.Review.IsZero() && d.Meta.Review.Sub(s.Today).Hours() <= float64(24*s.Config.ReviewDays)
	p.Doc = v
	return p
}

// PageDocs lists, place by place, the ids of the other documents the page
// of d shows links to (DocRef: id, title, address, type, status): its
// crumbs, its parent, its children, the documents referencing it, its
// related documents, and its neighbours (prev, next; "" where there is
// none). An id the snapshot does not include is shown as no link, or
// ends the crumbs. Besides these documents' own path and front matter,
// the page of d (DocPage) is a function of d's path and front matter, its
// converted body (HTML, headings, title id, the HTML its shortcodes
// embed) and what every page of the snapshot shares (configuration, day,
// audience, sidebar, layouts): a key of these is a key of the page.
func (s *Snapshot) PageDocs(d *site.Document, kids Family) [][]string {
	prev, next := siblingIDs(d, kids)
	id := d.Meta.ID
	return [][]string{s.crumbIDs(d), {d.Meta.Parent}, kids.Of(id), s.Graph.ReferencedBy(id),
		s.Graph.Related(id), {prev, next}}
}

// embed replaces shortcode markers in a rendered body (a new slice when
// there are any). The markers are HTML comments only package markdown's
// renderer writes (raw HTML is escaped).
func (s *Snapshot) embed(res *markdown.Result) []byte {
	body := res.HTML
	for _, sc := range res.Shortcodes {
		name, arg, _ := strings.Cut(sc, ":")
		html, ok := s.embedded(name, arg)
		if !ok {
			html = []byte(`<p class="missing-figure">(` + name + " " + arg + ` is not drawn in this build)</p>`)
		}
		body = bytes.ReplaceAll(body, []byte(markdown.Marker(name, arg)), html)
	}
	return body
}

// embedded is Embed, for a snapshot that may have none.
func (s *Snapshot) embedded(name, arg string) ([]byte, bool) {
	if s.Embed == nil {
		return nil, false
	}
	return s.Embed(name, arg)
}

// Family is the parent and child structure of a snapshot's documents,
// made once (Children) for all its pages rather than on each page.
type Family struct {
	kids map[string][]string // parent id -> children's ids, in document order
	// reading maps a parent id to its children's ids in reading order
	// (siblings); place maps a child's id to its index there.
	reading map[string][]string
	place   map[string]int
	// shown keeps the links the pages show, made once for all of them.
	shown *shown
}

// Children is the family of the snapshot's documents: each id's children,
// in document order, and their reading order for the pager.
func (s *Snapshot) Children() Family {
	f := Family{kids: map[string][]string{}, reading: map[string][]string{}, place: map[string]int{}, shown: &shown{snap: s, theme: s.Theme}}
	for _, d := range s.Docs {
		if d.Meta.Parent != "" {
			f.kids[d.Meta.Parent] = append(f.kids[d.Meta.Parent], d.Meta.ID)
		}
	}
	rank := map[string]int{}
	for i, t := range slices.Backward(s.Config.Types) {
		rank[t] = i // the first place of a type listed twice, as slices.Index
	}
	typeRank := func(id string) int {
		d, _ := s.Index.Doc(id)
		if r, ok := rank[d.Meta.Type]; ok {
			return r
		}
		return -1
	}
	for parent, ids := range f.kids {
		order := slices.Clone(ids)
		slices.SortFunc(order, func(a, b string) int {
			return cmp.Or(cmp.Compare(typeRank(a), typeRank(b)), cmp.Compare(a, b))
		})
		f.reading[parent] = order
		for i, id := range order {
			f.place[id] = i
		}
	}
	return f
}

// Of lists the ids of the documents naming id as parent, in document order.
func (f Family) Of(id string) []string { return f.kids[id] }

// AsksAcknowledgements reports whether a document of this build asks
// readers to acknowledge it.
func (s *Snapshot) AsksAcknowledgements() bool {
	for _, d := range s.Docs {
		if s.Config.AsksAcknowledgement(d.Meta.Type, d.Meta.Acknowledge) {
			return true
		}
	}
	return false
}

// HomeData is the home page's content.
type HomeData struct {
	// Tasks are the common tasks, listed first.
	Tasks  []HomeTask
	Recent []RecentChange
	// Acknowledgements: some document asks for acknowledgement, so the
	// page has the slot where `serve` lists a reader's outstanding ones.
	Acknowledgements bool
	// Scope is Figure 1 as embedded HTML, when drawn.
	Scope template.HTML
}

// RecentChange is one revision in the "Recently changed" list and the feed.
type RecentChange struct {
	Doc     DocRef
	Version string
	Date    site.Date
	Author  string
	Summary string
}

// RecentChanges lists the newest revisions of included documents, newest first.
// Only the n kept are sorted and get a DocRef: the feed keeps 100 of
// 30,000 revisions at 10,000 documents, the home page 8.
func (s *Snapshot) RecentChanges(n int) []RecentChange {
	type revision struct {
		doc *site.Document
		h   *site.Revision
	}
	all := func(yield func(revision) bool) {
		for _, d := range s.Docs {
			for i := range d.Meta.History {
				if !yield(revision{d, &d.Meta.History[i]}) {
					return
				}
			}
		}
	}
	newest := first(all, n, func(a, b revision) int {
		if c := b.h.Date.Compare(a.h.Date.Time); c != 0 {
			return c
		}
		return strings.Compare(a.doc.Meta.ID, b.doc.Meta.ID)
	})
	var out []RecentChange
	for _, r := range newest {
		ref, _ := s.Ref(r.doc.Meta.ID)
		h := r.h
		out = append(out, RecentChange{Doc: ref, Version: h.Version, Date: h.Date, Author: h.Author, Summary: h.Summary})
	}
	return out
}

// Home is the home page's content; it waits for Figure 1 (Embed).
func (s *Snapshot) Home() *HomeData {
	h := &HomeData{Tasks: s.HomeTasks(), Recent: s.RecentChanges(8), Acknowledgements: s.AsksAcknowledgements()}
	scope, _ := s.embedded("figure", "scope")
	h.Scope = template.HTML(scope)
	return h
}

// toc is a page's table of contents: two levels, H2 and H3, or H1 and H2
// for a body that uses H1s for its sections (Markdown written for GitHub
// does; a leading H1 repeating the title is gone by now). Each heading of
// the lower level is under the one before it of the upper level; one
// before any of those is an entry of its own.
func toc(heads []markdown.Heading) []TOCEntry {
	top := 2
	for _, h := range heads {
		if h.Level == 1 {
			top = 1
			break
		}
	}
	var out []TOCEntry
	for _, h := range heads {
		e := TOCEntry{Level: h.Level, ID: h.ID, Text: h.Text}
		switch {
		case h.Level == top+1 && len(out) > 0 && out[len(out)-1].Level == top:
			last := &out[len(out)-1]
			last.Sub = append(last.Sub, e)
		case h.Level == top || h.Level == top+1:
			out = append(out, e)
		}
	}
	return out
}
