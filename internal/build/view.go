package build

import (
	"html/template"
	"strings"

	"handbook/internal/markdown"
	"handbook/internal/site"
	"handbook/internal/standard"
)

// Page is what every layout receives.
type Page struct {
	Site   *SiteView
	Kind   string
	Title  string
	Path   string // output path relative to the site root: "docs/sms-pol-001/"
	URL    string // the page's address under the base URL
	Crumbs []DocRef
	Doc    *DocView
	// Main is the page-specific data of generated pages (log rows, clauses ...).
	Main any
	// Redirect is the target of an alias or slug page.
	Redirect string
}

// SiteView is the site-wide part of every page.
type SiteView struct {
	Title        string
	Organisation string
	Base         string
	Audience     string
	Nav          []NavGroup
	// Tree is the documentation structure, flat in depth-first order; empty
	// on sites too big to list on every page.
	Tree []TreeItem
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
}

// DocView is a document page.
type DocView struct {
	Meta         site.Meta
	Path         string
	Body         template.HTML
	TOC          []markdown.Heading
	Overdue      bool
	DueSoon      bool
	Clauses      []ClauseRef
	Parent       *DocRef
	Children     []DocRef
	ReferencedBy []DocRef
	Related      []DocRef
}

// ClauseRef is a clause with the address of its entry on /clauses/.
type ClauseRef struct {
	Number, Title, URL string
}

// Ref makes a DocRef for an included document.
func (st *State) Ref(id string) (DocRef, bool) {
	d, ok := st.Index.Doc(id)
	if !ok {
		return DocRef{}, false
	}
	return DocRef{ID: d.Meta.ID, Title: d.Meta.Title, URL: st.Config.URL(d.URLPath()), Type: d.Meta.Type, Status: d.Meta.Status}, true
}

func (st *State) refs(ids []string) []DocRef {
	var out []DocRef
	for _, id := range ids {
		if r, ok := st.Ref(id); ok {
			out = append(out, r)
		}
	}
	return out
}

// ClauseURL is the address of a clause's entry on the coverage page.
func (st *State) ClauseURL(number string) string {
	return st.Config.URL("clauses/") + "#clause-" + number
}

func (st *State) clauseRefs(numbers []string) []ClauseRef {
	var out []ClauseRef
	for _, n := range numbers {
		c, _ := standard.Lookup(n)
		out = append(out, ClauseRef{Number: n, Title: c.Title, URL: st.ClauseURL(n)})
	}
	return out
}

// crumbs lists the ancestors of a document, top first.
func (st *State) crumbs(d *site.Document) []DocRef {
	var out []DocRef
	seen := map[string]bool{d.Meta.ID: true}
	for p := d.Meta.Parent; p != "" && !seen[p]; {
		seen[p] = true
		r, ok := st.Ref(p)
		if !ok {
			break
		}
		out = append([]DocRef{r}, out...)
		pd, _ := st.Index.Doc(p)
		p = pd.Meta.Parent
	}
	return out
}

// newPage starts a page at an output path.
func (st *State) newPage(kind, title, path string) *Page {
	return &Page{Site: st.siteView(), Kind: kind, Title: title, Path: path, URL: st.Config.URL(path)}
}

func (st *State) siteView() *SiteView {
	return &SiteView{Title: st.Config.Title, Organisation: st.Config.Organisation, Base: st.Config.BaseURL,
		Audience: st.Opts.Audience, Nav: st.Nav, Tree: st.Tree}
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

func (st *State) funcs() template.FuncMap {
	return template.FuncMap{
		"url":       st.Config.URL,
		"typeLabel": TypeLabel,
		"lower":     strings.ToLower,
		"join":      strings.Join,
		"clauseURL": st.ClauseURL,
		"clauseTitle": func(n string) string {
			c, _ := standard.Lookup(n)
			return c.Title
		},
	}
}
