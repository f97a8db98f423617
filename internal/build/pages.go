package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"handbook/internal/markdown"
	"handbook/internal/output"
	"handbook/internal/par"
	"handbook/internal/render"
	"handbook/internal/serve"
	"handbook/internal/site"
)

// writeDocPages writes /docs/<id>/ for every included document.
// The sidebar (Nav) is built by state.write before any generator runs:
// building it again here raced with the figures' pages.
func writeDocPages(ctx context.Context, st *state, out *output.Dir) error {
	kids := st.Children()
	docs := st.figuresLast(st.Docs)
	site, parts := st.SiteView(), render.NewParts(st.Theme)
	// With a cache, a page whose view is the one the last build rendered
	// is left as the output holds it (pagecache.go).
	pc := st.newPageCache(pagesEntry)
	if pc != nil {
		pc.world = st.pagesWorld()
	}
	// out.Write keeps nothing of the bytes it is given, so the buffers
	// pages are rendered into are used again: 250 MB less garbage at
	// 10,000 documents.
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	err := par.ForErr(len(docs), func(i int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := docs[i]
		rel := d.URLPath() + "index.html"
		key := pc.docKey(d, rel, kids)
		defer func() {
			if st.dropHTML {
				st.Pages[d.Meta.ID].HTML = nil
			}
		}()
		if pc.keep(out, rel, key) {
			return nil
		}
		st.pageBody(d)
		p := st.DocPage(d, kids)
		p.Share(site, parts)
		b := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(b)
		if err := st.RenderDocPage(b, p); err != nil {
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

// writeSitePages writes the home page, the type lists, the 404 and error
// pages and, when a document asks for them, the acknowledgements page.
// With a cache, the pages other than the lists are a page set (siteEntry):
// left as the output folder holds them when their inputs are the last
// build's (sitePagesInputs).
func writeSitePages(_ context.Context, st *state, out sink) error {
	if err := st.writeLists(out); err != nil {
		return err
	}
	ps, dir, all := st.keepPages(out, siteEntry, st.sitePagesInputs)
	if all {
		return nil
	}
	paths, err := st.writeSiteOwn(out)
	if err == nil {
		ps.store(dir, paths)
	}
	return err
}

// writeSiteOwn writes the home, acknowledgements, 404 and error pages and
// returns their paths.
func (st *state) writeSiteOwn(out sink) ([]string, error) {
	var paths []string
	write := func(kind string, p *render.Page, path string) error {
		paths = append(paths, path)
		return st.writePage(out, kind, p, path)
	}
	home := st.NewPage("home", st.Config.Title, "")
	home.Main = st.Home()
	if err := write("home", home, "index.html"); err != nil {
		return nil, err
	}
	if st.AsksAcknowledgements() {
		p := st.NewPage("acknowledgements", "Acknowledgements", "acknowledgements/")
		if err := write("acknowledgements", p, "acknowledgements/index.html"); err != nil {
			return nil, err
		}
	}
	if err := write("404", st.NewPage("404", "Page not found", "404.html"), "404.html"); err != nil {
		return nil, err
	}
	// The page serve answers its other errors with, the message in the slot.
	e := st.NewPage("error", "The page could not be answered", "error.html")
	e.Main = template.HTML(serve.ErrorSlot)
	return paths, write("error", e, "error.html")
}

// writeLists writes the types' list pages. With a cache, they are a page
// set (listsEntry): left as the output folder holds them when the
// documents' paths and front matter, or else the lists, are the last
// build's.
func (st *state) writeLists(out sink) error {
	ps, dir, all := st.keepPages(out, listsEntry, st.sourcesFingerprint)
	if all {
		return nil
	}
	byType := map[string][]render.DocRef{} // retired documents too: not only the sidebar's
	for _, d := range st.Docs {
		r, _ := st.Ref(d.Meta.ID)
		byType[d.Meta.Type] = append(byType[d.Meta.Type], r)
	}
	var paths []string
	var pages []*render.Page
	for _, t := range st.Config.Types {
		if docs := byType[t]; len(docs) > 0 {
			p := st.NewPage("list", render.TypeLabel(t), "types/"+t+"/")
			p.Main = docs
			paths, pages = append(paths, p.Path+"index.html"), append(pages, p)
		}
	}
	if ps != nil { // a fingerprint only to compare
		ps.keepAll(dir, pagesLevel, pagesFingerprint(paths, pages))
	}
	kept := ps.keeping(paths)
	for i, p := range pages {
		st.count(func(s *Stats) { s.Pages++ })
		if kept[i] {
			continue
		}
		html, err := st.Render("list", p)
		if err != nil {
			return fmt.Errorf("rendering %s: %w", paths[i], err)
		}
		if err := out.Write(paths[i], html); err != nil {
			return err
		}
	}
	ps.store(dir, paths)
	return nil
}

// writePage renders a page of a kind to an output path and counts it.
func (st *state) writePage(out sink, kind string, p *render.Page, path string) error {
	html, err := st.Render(kind, p)
	if err != nil {
		return fmt.Errorf("rendering %s: %w", path, err)
	}
	st.count(func(s *Stats) { s.Pages++ })
	return out.Write(path, html)
}

// writeRedirects writes the alias pages, the readable title addresses and
// the ids as people type them (/docs/SMS-PROC-004/), each a redirect (meta
// refresh, rel=canonical) to the permanent address, rendered and written
// on all cores. With a cache, when their inputs are the last build's
// (redirectsKey), the output's redirects are left as they are.
func writeRedirects(ctx context.Context, st *state, out *output.Dir) error {
	cs := caseSensitive(out.Root())
	ps := st.newPageSet(redirectsEntry, func(w io.Writer) error {
		if err := st.pagesShared(w); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "%t\n", cs)
		return err
	})
	if ps != nil && ps.keepAll(out, inputsLevel, st.sourcesFingerprint()) {
		st.count(func(s *Stats) { s.Redirects += len(ps.paths) })
		ps.store(out, ps.paths)
		return nil
	}
	paths, pages := st.redirectPages(cs)
	if ps != nil { // a fingerprint only to compare
		ps.keepAll(out, pagesLevel, pagesFingerprint(paths, pages))
	}
	kept := ps.keeping(paths)
	groups := st.renderedAlike(pages)
	err := par.ForErr(len(groups), func(g int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		var html []byte
		for _, i := range groups[g] {
			if kept[i] {
				continue
			}
			if html == nil {
				var err error
				if html, err = st.Render("redirect", pages[i]); err != nil {
					return err
				}
			}
			if err := out.Write(paths[i], html); err != nil {
				return err
			}
		}
		return nil
	})
	st.count(func(s *Stats) { s.Redirects += len(paths) })
	if err == nil {
		ps.store(out, paths)
	}
	return err
}

// redirectPages are the redirect pages and their output paths. The
// addresses are claimed in order (the first claim wins): the aliases,
// the readable title addresses, then the ids as typed where the file
// system tells case.
func (st *state) redirectPages(caseSensitive bool) ([]string, []*render.Page) {
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
	if caseSensitive {
		for _, d := range st.Docs {
			if p := "docs/" + d.Meta.ID + "/"; p != d.URLPath() {
				claim(p, d)
			}
		}
	}
	paths, pages := make([]string, len(todo)), make([]*render.Page, len(todo))
	// Each page keeps its own rendered parts: shared, a layout showing
	// the sidebar would keep one for each of 20,000 addresses.
	for i, r := range todo {
		paths[i] = r.file
		pages[i] = st.NewPage("redirect", r.doc.Meta.Title, strings.TrimSuffix(r.file, "index.html"))
		pages[i].Redirect = st.Config.URL(r.doc.URLPath())
	}
	return paths, pages
}

// renderedAlike groups the indices of the redirect pages that the
// redirect layout renders alike, so that each group is rendered once:
// the pages to one document (they differ only in their own address) when
// the layout reads nothing of that address (render.AddressFields), each
// page alone when it may.
func (st *state) renderedAlike(pages []*render.Page) [][]int {
	var groups [][]int
	if st.Theme.MayRead("redirect", render.AddressFields()...) {
		for i := range pages {
			groups = append(groups, []int{i})
		}
		return groups
	}
	type target struct{ title, url string }
	group := map[target]int{}
	for i, p := range pages {
		t := target{p.Title, p.Redirect}
		g, ok := group[t]
		if !ok {
			g = len(groups)
			group[t] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
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

// writeLinks writes /links.json, the link graph. With a cache, the file
// is left as the output holds it when what it shows is unchanged
// (linksKey).
func writeLinks(_ context.Context, st *state, out *output.Dir) error {
	const rel = "links.json"
	pc := st.newPageCache(linksEntry)
	key := pc.linksKey()
	if !pc.keep(out, rel, key) {
		b, err := st.Graph.JSON(st.Index, st.Docs)
		if err != nil {
			return err
		}
		if err := out.Write(rel, b); err != nil {
			return err
		}
		pc.written(rel, key, b)
	}
	pc.store()
	return nil
}

// writeStatic copies the theme's static assets.
func writeStatic(_ context.Context, st *state, out *output.Dir) error {
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
