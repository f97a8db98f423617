package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"sync"

	"handbook/internal/site"
	"handbook/internal/standard"
	"handbook/internal/theme"
)

// Page is what every layout receives.
type Page struct {
	Site   *SiteView
	Kind   string
	Title  string
	Path   string // output path relative to the site root: "docs/sms-pol-001/"
	URL    string // the page's address under the base URL
	Lang   string // BCP 47 tag of <html lang>
	Crumbs []DocRef
	// CrumbLinks are _crumb.html with each of Crumbs, where the page's
	// maker has rendered them (DocPage does); nil otherwise.
	CrumbLinks []template.HTML
	Doc        *DocView
	// Main is the page-specific data of generated pages (log rows, clauses ...).
	Main any
	// Redirect is the target of an alias or slug page.
	Redirect string

	// parts renders the parts of the layout that pages have in common.
	parts *Parts
}

// AddressFields are the fields and methods of a Page that tell which
// address it is at: Path, URL, and Sidebar (which marks the page's own
// entry). Pages alike in all else render alike with a layout that reads
// none of them (theme.MayRead). A new field or method that depends on
// the page's address belongs here.
func AddressFields() []string { return []string{"Path", "URL", "Sidebar"} }

// Head is _head.html: the style sheets and scripts of every page.
func (p *Page) Head() (template.HTML, error) { return p.parts.render("_head.html", p.Site) }

// Header is _header.html: the site's title and search box.
func (p *Page) Header() (template.HTML, error) { return p.parts.render("_header.html", p.Site) }

// Footer is _footer.html.
func (p *Page) Footer() (template.HTML, error) { return p.parts.render("_footer.html", p.Site) }

// Sidebar is _nav.html, with the site's pages and documents, and this
// page's place among them.
func (p *Page) Sidebar() (template.HTML, error) {
	v := SidebarView{Site: p.Site, Kind: p.Kind, Path: p.Path}
	if p.Doc != nil {
		// A document page is never one of the pages the sidebar links to
		// by path; the id is left out when the sidebar does not list the
		// document, so that those pages share one sidebar per type.
		v.Path, v.Type = "", p.Doc.Meta.Type
		if p.Site.lists(p.Doc.Meta.ID) {
			v.ID = p.Doc.Meta.ID
		}
	}
	return p.parts.render("_nav.html", v)
}

// SidebarView is what _nav.html receives.
type SidebarView struct {
	Site *SiteView
	Kind string
	Path string // the page's output path; empty on document pages
	Type string // the type of the page's document, whose group is open
	ID   string // the page's document, where the sidebar lists it
}

// Parts renders a partial once for each distinct data value (a
// *SiteView, or a SidebarView holding one) and keeps the HTML: every
// document page of a build has the same header and footer, and on a large
// site one sidebar per document type, which cost about as much to render
// as the rest of the page. Pages share one Parts only where they
// share one SiteView; the zero Page renders its own.
type Parts struct {
	theme *theme.Theme
	mu    sync.Mutex
	html  map[partKey]template.HTML
}

type partKey struct {
	name string
	data any // comparable
}

// NewParts keeps the shared parts of the pages rendered with theme t.
func NewParts(t *theme.Theme) *Parts {
	return &Parts{theme: t, html: map[partKey]template.HTML{}}
}

func (sp *Parts) render(name string, data any) (template.HTML, error) {
	k := partKey{name, data}
	sp.mu.Lock()
	html, ok := sp.html[k]
	sp.mu.Unlock()
	if ok {
		return html, nil
	}
	b, err := sp.theme.RenderPartial(name, data)
	if err != nil {
		return "", err
	}
	html = template.HTML(b)
	sp.mu.Lock()
	sp.html[k] = html
	sp.mu.Unlock()
	return html, nil
}

// Count is how many distinct renderings of the partial name p holds.
func (sp *Parts) Count(name string) int {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	n := 0
	for k := range sp.html {
		if k.name == name {
			n++
		}
	}
	return n
}

// Share makes p use the site view and rendered parts of other pages.
func (p *Page) Share(site *SiteView, parts *Parts) { p.Site, p.parts = site, parts }

// SiteView is the site-wide part of every page.
type SiteView struct {
	Title        string
	Organisation string
	Base         string
	Audience     string
	Nav          []NavGroup

	listedOnce sync.Once
	listed     map[string]bool // ids of the documents in Nav
}

// lists reports whether the sidebar lists the document with this id.
func (s *SiteView) lists(id string) bool {
	s.listedOnce.Do(func() {
		s.listed = map[string]bool{}
		for _, g := range s.Nav {
			for _, d := range g.Docs {
				s.listed[d.ID] = true
			}
		}
	})
	return s.listed[id]
}

// NavGroup is one type of document in the sidebar.
type NavGroup struct {
	Type  string
	Label string
	URL   string // the type's list page
	Docs  []DocRef
	Count int
}

// DocRef is a link to a document.
type DocRef struct {
	ID, Title, URL, Type, Status string
	// Link is _doclink.html rendered with the other fields, where the
	// maker of the view has rendered it (DocPage does, for the lists of a
	// document page); "" otherwise. It spares the layouts a partial
	// call for each link of each page.
	Link template.HTML
}

// DocView is a document page.
type DocView struct {
	Meta         site.Meta
	Path         string
	Body         template.HTML
	TOC          []TOCEntry
	TitleID      string // the id of a leading H1 of the body that repeated the title
	Overdue      bool
	DueSoon      bool
	Clauses      []ClauseRef
	Parent       *DocRef
	Children     []DocRef
	ReferencedBy []DocRef
	Related      []DocRef
	// Acknowledge: the page has the slot where `serve` puts the
	// acknowledgement form for a signed-in reader.
	Acknowledge bool
	// Updated is the date of the last change (history, else approval).
	Updated site.Date
	// EditURL is where the source is edited (handbook.yaml edit_url).
	EditURL string
	// Prev and Next are the neighbours among the parent's children.
	Prev, Next *DocRef

	// What the layouts show of Meta, ready-made rather than worked out
	// by the layouts on every page (each action of a layout costs a
	// reflected call): the dates as YYYY-MM-DD text, "" when absent;
	// the history with its dates as text; whether the status is
	// "retired" or "approved". Meta stays whole for layouts that want
	// more.
	ReviewDate, ApprovedDate, UpdatedDate string
	History                               []RevisionRow
	Retired, Approved                     bool
}

// RevisionRow is a revision of a document's history as its page shows
// it: its fields are text.
type RevisionRow struct {
	Version, Date, Author, Summary string
}

// historyRows is a history as the page of its document shows it.
func historyRows(h []site.Revision) []RevisionRow {
	if len(h) == 0 {
		return nil
	}
	rows := make([]RevisionRow, len(h))
	for i, r := range h {
		rows[i] = RevisionRow{Version: r.Version, Date: r.Date.String(), Author: r.Author, Summary: r.Summary}
	}
	return rows
}

// TOCEntry is a heading of a page's table of contents with the headings
// of the level below it that it holds (toc). Its fields are its own, not
// an embedded markdown.Heading's: the layouts find those slower.
type TOCEntry struct {
	Level    int
	ID, Text string
	Sub      []TOCEntry
}

// ClauseRef is a clause with the address of its entry on /clauses/.
type ClauseRef struct {
	Number, Title, URL string
	// Link is _clause.html rendered with the other fields, where the
	// maker of the view has rendered it (DocPage does); "" otherwise.
	Link template.HTML
}

// Ref makes a DocRef for an included document.
func (s *Snapshot) Ref(id string) (DocRef, bool) {
	d, ok := s.Index.Doc(id)
	if !ok {
		return DocRef{}, false
	}
	return DocRef{ID: d.Meta.ID, Title: d.Meta.Title, URL: s.Config.URL(d.URLPath()), Type: d.Meta.Type, Status: d.Meta.Status}, true
}

// ClauseURL is the address of a clause's entry on the coverage page.
func (s *Snapshot) ClauseURL(number string) string {
	return s.Config.URL("clauses/") + "#clause-" + number
}

// clauseRef is the ClauseRef of a clause number, without its Link.
func (s *Snapshot) clauseRef(number string) ClauseRef {
	c, _ := standard.Lookup(number)
	return ClauseRef{Number: number, Title: c.Title, URL: s.ClauseURL(number)}
}

// crumbIDs are the ids of the ancestors of a document that the snapshot
// includes, top first: up to the first one it does not, or the first
// seen twice.
func (s *Snapshot) crumbIDs(d *site.Document) []string {
	var out []string
	seen := map[string]bool{d.Meta.ID: true}
	for p := d.Meta.Parent; p != "" && !seen[p]; {
		seen[p] = true
		pd, ok := s.Index.Doc(p)
		if !ok {
			break
		}
		out = append(out, p)
		p = pd.Meta.Parent
	}
	slices.Reverse(out)
	return out
}

// NewPage starts a page at an output path.
func (s *Snapshot) NewPage(kind, title, path string) *Page {
	return &Page{Site: s.SiteView(), Kind: kind, Title: title, Path: path, URL: s.Config.URL(path),
		Lang: cmp.Or(s.Config.Language, "en"), parts: NewParts(s.Theme)}
}

// SiteView is the site-wide part of the pages of this snapshot, made anew.
func (s *Snapshot) SiteView() *SiteView {
	return &SiteView{Title: s.Config.Title, Organisation: s.Config.Organisation, Base: s.Config.BaseURL,
		Audience: s.Audience, Nav: s.Nav}
}

// TypeLabel is the plural heading of a document type: "Procedures".
func TypeLabel(t string) string {
	if t == "" {
		return ""
	}
	p := t + "s"
	switch {
	case strings.HasSuffix(t, "y"):
		p = t[:len(t)-1] + "ies"
	case strings.HasSuffix(t, "s"):
		p = t + "es"
	}
	return strings.ToUpper(p[:1]) + p[1:]
}

// Funcs are the functions the layouts call, besides partial.
func (s *Snapshot) Funcs() template.FuncMap {
	return template.FuncMap{
		"url":       s.Config.URL,
		"typeLabel": TypeLabel,
		"lower":     strings.ToLower,
		"join":      strings.Join,
		"clauseURL": s.ClauseURL,
		"clauseTitle": func(n string) string {
			c, _ := standard.Lookup(n)
			return c.Title
		},
	}
}
