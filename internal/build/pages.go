package build

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"handbook/internal/markdown"
	"handbook/internal/output"
	"handbook/internal/par"
	"handbook/internal/serve"
	"handbook/internal/site"
)

// navInline is the largest type group listed in full in the sidebar;
// bigger groups link to their list page, so that a 10,000-document site
// does not repeat 10,000 links on every page.
const navInline = 40

func (st *State) buildNav() {
	byType := map[string][]DocRef{}
	var retired []DocRef
	for _, d := range st.Docs {
		r, _ := st.Ref(d.Meta.ID)
		if d.Meta.Status == "retired" { // listed apart, after the documents in force
			retired = append(retired, r)
			continue
		}
		byType[d.Meta.Type] = append(byType[d.Meta.Type], r)
	}
	st.Nav = nil
	for _, t := range st.Config.Types {
		if docs := byType[t]; len(docs) > 0 {
			st.Nav = append(st.Nav, navGroup(t, TypeLabel(t), st.Config.URL("types/"+t+"/"), docs))
		}
	}
	if len(retired) > 0 {
		// The log lists every document with its status.
		st.Nav = append(st.Nav, navGroup("retired", "Retired documents", st.Config.URL("log/"), retired))
	}
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

// writeDocPages writes /docs/<id>/ for every included document.
// The sidebar (State.Nav) is built by State.write before any generator
// runs: building it again here raced with the figures' pages.
func writeDocPages(ctx context.Context, st *State, out *output.Dir) error {
	kids := st.childrenByParent()
	docs := st.figuresLast(st.Docs)
	site, parts := st.siteView(), newSharedParts(st.Theme)
	// With a cache, a page whose view is the one the last build rendered
	// is left as the output holds it (pagecache.go).
	pc := st.newPageCache(pagesEntry, site)
	// out.Write keeps nothing of the bytes it is given, so the buffers
	// pages are rendered into are used again: 250 MB less garbage at
	// 10,000 documents.
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	err := par.ForErr(len(docs), func(i int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := docs[i]
		p := st.docPage(d, kids)
		p.share(site, parts)
		rel := d.URLPath() + "index.html"
		key := pc.pageKey(p)
		defer func() {
			if st.dropHTML {
				st.Pages[d.Meta.ID].HTML = nil
			}
		}()
		if pc.keep(out, rel, key) {
			return nil
		}
		b := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(b)
		if err := st.renderDocPage(b, p); err != nil {
			return fmt.Errorf("%s: rendering page: %w", d.Path, err)
		}
		pc.written(rel, key, b.Bytes())
		return out.Write(rel, b.Bytes())
	})
	st.count(func(s *Stats) { s.Pages += len(st.Docs) })
	if err == nil {
		pc.store()
	}
	return err
}

// docPageRoom is the bytes a document page takes besides its body, about:
// the buffer a page is rendered into starts with that room, rather than
// growing by doubling from nothing.
const docPageRoom = 16 << 10

// renderDocPage renders a document page into b, which it empties first.
func (st *State) renderDocPage(b *bytes.Buffer, p *Page) error {
	b.Reset()
	b.Grow(len(p.Doc.Body) + docPageRoom)
	return st.Theme.Render(b, "doc", p)
}

// docPage is the page of d; kids maps ids to their children's ids.
func (st *State) docPage(d *site.Document, kids map[string][]string) *Page {
	res := st.Pages[d.Meta.ID]
	p := st.newPage("doc", d.Meta.Title, d.URLPath())
	p.Lang = cmp.Or(d.Meta.Lang, p.Lang)
	p.Crumbs = st.crumbs(d)
	v := &DocView{
		Meta:         d.Meta,
		Path:         d.Path,
		Body:         template.HTML(st.embed(res)),
		Clauses:      st.clauseRefs(d.Meta.Clauses),
		ReferencedBy: st.refs(st.Graph.ReferencedBy(d.Meta.ID)),
		Related:      st.refs(st.Graph.Related(d.Meta.ID)),
		Children:     st.refs(kids[d.Meta.ID]),
		Acknowledge:  st.Config.AsksAcknowledgement(d.Meta.Type, d.Meta.Acknowledge),
		Updated:      lastUpdated(d.Meta),
		EditURL:      st.Config.EditLink(d.Path),
	}
	v.Prev, v.Next = st.siblings(d, kids)
	v.TOC = toc(res.Headings)
	v.TitleID = res.TitleID
	if d.Meta.Parent != "" {
		if r, ok := st.Ref(d.Meta.Parent); ok {
			v.Parent = &r
		}
	}
	v.Overdue = d.Meta.Status != "retired" && d.Meta.Review.Overdue(st.Today)
	v.DueSoon = !v.Overdue && !d.Meta.Review.IsZero() && d.Meta.Review.Sub(st.Today).Hours() <= float64(24*st.Config.ReviewDays)
	p.Doc = v
	return p
}

// embed replaces shortcode markers in a rendered body. The markers are
// HTML comments only this package's renderer writes (raw HTML is escaped).
func (st *State) embed(res *markdown.Result) []byte {
	body := res.HTML
	st.waitEmbeds(res)
	for _, sc := range res.Shortcodes {
		name, arg, _ := strings.Cut(sc, ":")
		marker := markdown.Marker(name, arg)
		st.embedsMu.Lock()
		html, ok := st.Embeds[marker]
		st.embedsMu.Unlock()
		if !ok {
			html = []byte(`<p class="missing-figure">(` + name + " " + arg + ` is not drawn in this build)</p>`)
		}
		body = bytes.ReplaceAll(body, []byte(marker), html)
	}
	return body
}

// childrenByParent maps each id to the ids of the documents naming it as
// parent, in document order: one pass, not one pass per page.
func (st *State) childrenByParent() map[string][]string {
	out := map[string][]string{}
	for _, d := range st.Docs {
		if d.Meta.Parent != "" {
			out[d.Meta.Parent] = append(out[d.Meta.Parent], d.Meta.ID)
		}
	}
	return out
}

// writeSitePages writes the home page, the type lists and the 404 page.
func writeSitePages(_ context.Context, st *State, out sink) error {
	home := st.newPage("home", st.Config.Title, "")
	home.Main = st.homeData()
	if err := st.writePage(out, "home", home, "index.html"); err != nil {
		return err
	}
	byType := map[string][]DocRef{} // retired documents too: not only the sidebar's
	for _, d := range st.Docs {
		r, _ := st.Ref(d.Meta.ID)
		byType[d.Meta.Type] = append(byType[d.Meta.Type], r)
	}
	for _, t := range st.Config.Types {
		docs := byType[t]
		if len(docs) == 0 {
			continue
		}
		p := st.newPage("list", TypeLabel(t), "types/"+t+"/")
		p.Main = docs
		if err := st.writePage(out, "list", p, p.Path+"index.html"); err != nil {
			return err
		}
	}
	if st.asksAcknowledgements() {
		p := st.newPage("acknowledgements", "Acknowledgements", "acknowledgements/")
		if err := st.writePage(out, "acknowledgements", p, "acknowledgements/index.html"); err != nil {
			return err
		}
	}
	if err := st.writePage(out, "404", st.newPage("404", "Page not found", "404.html"), "404.html"); err != nil {
		return err
	}
	// The page serve answers its other errors with, the message in the slot.
	e := st.newPage("error", "The page could not be answered", "error.html")
	e.Main = template.HTML(serve.ErrorSlot)
	return st.writePage(out, "error", e, "error.html")
}

// asksAcknowledgements reports whether a document of this build asks
// readers to acknowledge it.
func (st *State) asksAcknowledgements() bool {
	for _, d := range st.Docs {
		if st.Config.AsksAcknowledgement(d.Meta.Type, d.Meta.Acknowledge) {
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
func (st *State) RecentChanges(n int) []RecentChange {
	var out []RecentChange
	for _, d := range st.Docs {
		r, _ := st.Ref(d.Meta.ID)
		for _, h := range d.Meta.History {
			out = append(out, RecentChange{Doc: r, Version: h.Version, Date: h.Date, Author: h.Author, Summary: h.Summary})
		}
	}
	slices.SortStableFunc(out, func(a, b RecentChange) int {
		if c := b.Date.Compare(a.Date.Time); c != 0 {
			return c
		}
		return strings.Compare(a.Doc.ID, b.Doc.ID)
	})
	return out[:min(n, len(out))]
}

func (st *State) homeData() *HomeData {
	h := &HomeData{Tasks: st.homeTasks(), Recent: st.RecentChanges(8), Acknowledgements: st.asksAcknowledgements()}
	st.waitFigures()
	st.embedsMu.Lock()
	h.Scope = template.HTML(st.Embeds[markdown.Marker("figure", "scope")])
	st.embedsMu.Unlock()
	return h
}

// writePage renders a page of a kind to an output path and counts it.
func (st *State) writePage(out sink, kind string, p *Page, path string) error {
	html, err := st.Theme.RenderBytes(kind, p)
	if err != nil {
		return fmt.Errorf("rendering %s: %w", path, err)
	}
	st.count(func(s *Stats) { s.Pages++ })
	return out.Write(path, html)
}

// writeRedirects writes the alias pages, the readable title addresses and
// the ids as people type them (/docs/SMS-PROC-004/), each a redirect (meta
// refresh, rel=canonical) to the permanent address. The addresses are
// claimed in order first (the first claim wins), then the pages are
// rendered and written on all cores.
func writeRedirects(ctx context.Context, st *State, out *output.Dir) error {
	type redirect struct {
		file string // the output file: a folder's index.html, or an alias's .html
		doc  *site.Document
	}
	taken := map[string]string{}
	for _, d := range st.Docs {
		taken[d.URLPath()] = d.Meta.ID
	}
	var todo []redirect
	claim := func(addr string, d *site.Document) {
		if _, dup := taken[addr]; !dup {
			taken[addr] = d.Meta.ID
			file := addr
			if strings.HasSuffix(addr, "/") {
				file += "index.html"
			}
			todo = append(todo, redirect{file, d})
		}
	}
	for _, d := range st.Docs {
		for _, a := range d.Meta.Aliases {
			claim(aliasPath(a), d)
		}
	}
	for _, d := range st.Docs {
		if slug := markdown.Slug(d.Meta.Title); slug != "" {
			claim("docs/"+slug+"/", d)
		}
	}
	// On a file system that ignores case, /docs/SMS-PROC-004/ is the
	// permanent folder itself: writing a redirect there would replace it.
	if caseSensitive(out.Root()) {
		for _, d := range st.Docs {
			if p := "docs/" + d.Meta.ID + "/"; p != d.URLPath() {
				claim(p, d)
			}
		}
	}
	pc := st.newPageCache(redirectsEntry, st.siteView()) // as the document pages
	err := par.ForErr(len(todo), func(i int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := todo[i]
		p := st.newPage("redirect", r.doc.Meta.Title, strings.TrimSuffix(r.file, "index.html"))
		p.Redirect = st.Config.URL(r.doc.URLPath())
		key := pc.pageKey(p)
		if pc.keep(out, r.file, key) {
			return nil
		}
		html, err := st.Theme.RenderBytes("redirect", p)
		if err != nil {
			return err
		}
		pc.written(r.file, key, html)
		return out.Write(r.file, html)
	})
	st.count(func(s *Stats) { s.Redirects += len(todo) })
	if err == nil {
		pc.store()
	}
	return err
}

// aliasPath is where an alias is written: "old/path/" for its index.html,
// or the file itself for an address ending in .html or .htm, which a web
// server answers from that file and not from a folder of that name.
func aliasPath(alias string) string {
	p := strings.Trim(alias, "/")
	if ext := strings.ToLower(path.Ext(p)); ext == ".html" || ext == ".htm" {
		return p
	}
	return p + "/"
}

// caseSensitive reports whether the file system holding dir tells names
// apart by case, by creating a file there and looking for it in capitals.
func caseSensitive(dir string) bool {
	f, err := os.CreateTemp(dir, ".handbook-case-probe-")
	if err != nil {
		return false // cannot tell: write nothing that could replace a page
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	_, err = os.Stat(filepath.Join(filepath.Dir(name), strings.ToUpper(filepath.Base(name))))
	return errors.Is(err, fs.ErrNotExist)
}

// writeLinks writes /links.json, the link graph.
func writeLinks(_ context.Context, st *State, out *output.Dir) error {
	b, err := st.Graph.JSON(st.Index, st.Docs)
	if err != nil {
		return err
	}
	return out.Write("links.json", b)
}

// writeStatic copies the theme's static assets.
func writeStatic(_ context.Context, st *State, out *output.Dir) error {
	files := st.Theme.StaticFiles()
	for _, f := range files {
		b, err := st.Theme.ReadStatic(f)
		if err != nil {
			return err
		}
		if err := out.Write(f, b); err != nil {
			return err
		}
	}
	st.count(func(s *Stats) { s.Static += len(files) })
	return nil
}

// toc lists the headings of a page's table of contents: two levels, H2 and
// H3, or H1 and H2 for a body that uses H1s for its sections (Markdown
// written for GitHub does; a leading H1 repeating the title is gone by now).
func toc(heads []markdown.Heading) []markdown.Heading {
	top := 2
	for _, h := range heads {
		if h.Level == 1 {
			top = 1
			break
		}
	}
	var out []markdown.Heading
	for _, h := range heads {
		if h.Level >= top && h.Level <= top+1 {
			out = append(out, h)
		}
	}
	return out
}
