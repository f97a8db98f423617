package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/parser"

	"handbook/internal/control"
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/load"
	"handbook/internal/markdown"
	"handbook/internal/output"
	"handbook/internal/search"
	"handbook/internal/site"
	"handbook/internal/validate"
)

// ErrFull says that an update cannot be made incrementally: the caller
// builds the site afresh (Full). Update wraps it with the reason.
var ErrFull = errors.New("needs a full build")

// Incremental is a built output folder with the state of its build, so
// that an edit of documents rewrites only what it affects: the edited
// pages, the pages whose "Referenced by" list the edit changes, and, for
// front matter that the register or the figures show (version, status,
// review ...: site.Fields), those and the pages embedding them. Anything
// else (configuration, data, layouts, static files, a document added,
// removed or renamed, front matter that other pages or addresses show)
// needs a full build. It is not safe for concurrent use.
type Incremental struct {
	st  *state
	out string
	// edited are the documents re-rendered since the output's search
	// index was written, by id, as the index should now hold them.
	edited map[string]search.Document
	// dirty are source paths changed since the last successful build or
	// update whose change is not in the output yet: a failed update's, or
	// a failed full build's. Every update redoes them.
	dirty map[string]bool
	// broken is set when an update failed halfway through writing: the
	// state no longer matches the output, so only a full build will do.
	broken bool
}

// MaxEdited bounds the documents re-rendered since the last full build:
// each update re-indexes all of them for the search (Change.Search), so
// past this many a full build, which starts afresh, is the cheaper.
const MaxEdited = 50

// Full builds the site as Build does, and keeps what Update needs.
func Full(ctx context.Context, opts Options) (*Incremental, *Result, error) {
	res, st, err := buildState(ctx, opts, true)
	if err != nil {
		return nil, res, err
	}
	return &Incremental{st: st, out: st.Opts.Out, edited: map[string]search.Document{}, dirty: map[string]bool{}}, res, nil
}

// buildState is Build, returning the state; keep says that the state will
// be used again (incremental rebuilds), so the pages' HTML is kept.
func buildState(ctx context.Context, opts Options, keep bool) (*Result, *state, error) {
	start := time.Now()
	warmFigures(ctx, opts)
	opened, abort := openOutput(opts)
	res, st, err := check(ctx, opts, !keep)
	if err != nil {
		abort()
		return res, nil, err
	}
	st.dropHTML = !keep
	opts = st.Opts
	timer := res.timer(opts)
	timer("write")
	out, err := opened()
	if err != nil {
		return res, nil, err
	}
	if err := st.write(ctx, out, timer); err != nil {
		out.Abort()
		return res, nil, layoutProblems(res, err)
	}
	if err := out.Commit(); err != nil {
		out.Abort()
		return res, nil, err
	}
	timer("")
	slices.Sort(st.stats.Cached)
	res.Stats, res.Parts = st.stats, st.parts
	opts.Logger.Info("build done", "documents", st.stats.Documents, "pages", st.stats.Pages, "elapsed", time.Since(start))
	return res, st, nil
}

// openOutput begins writing the output folder of opts with its twin
// (output.BeginTwin), with the cache or without (--no-cache): the twin,
// the build before the current one kept beside the output, holds no
// computed result, only that build's files, and Write keeps one only where
// this build's bytes for its path hash as the twin's manifest lists (Keep,
// which trusts a sum from the cache, is called by cached steps alone).
// What it saves is the staging tree: making every folder, linking every
// unchanged file, deleting the previous tree. A build into a folder that
// does not exist yet makes no twin (it uses one left beside it, if any).
// It returns a function that returns the folder begun, and one that lets
// go of it unused (the check failed).
// When the folder exists, it is begun at once, while the site is checked,
// which leaves the second core mostly idle: reading the output's and the
// twin's manifests and checking the twin's files took 60 ms of a
// 10,000-document edit build before anything was written. Else it is
// begun when asked for, so that a build with content errors makes no
// folder.
func openOutput(opts Options) (opened func() (*output.Dir, error), abort func()) {
	opts.defaults()
	begin := output.BeginTwin
	if fi, err := os.Lstat(opts.Out); err != nil || !fi.IsDir() {
		return func() (*output.Dir, error) { return begin(opts.Out) }, func() {}
	}
	opened = sync.OnceValues(func() (*output.Dir, error) { return begin(opts.Out) })
	go opened() // a later call waits for this one
	return opened, func() {
		if out, err := opened(); err == nil {
			out.Abort()
		}
	}
}

// Out is the output folder.
func (inc *Incremental) Out() string { return inc.out }

// SearchTypes are the document types for a search index of the output.
func (inc *Incremental) SearchTypes() []search.TypeInfo { return inc.st.searchTypes() }

// Dirty records paths whose change did not reach the output (a full
// build that failed): the next update must redo them.
func (inc *Incremental) Dirty(paths []string) {
	for _, p := range paths {
		inc.dirty[p] = true
	}
}

// Change is what an update did.
type Change struct {
	IDs   []string // the documents re-rendered
	Files []string // the output files rewritten (slash paths), sorted
	// Search holds every document re-rendered since the output's search
	// index was written, as the index should now hold it, by id.
	Search []search.Document
}

// Update brings the output up to date with the changed source paths
// (slash paths relative to the site, as the watcher gives them). It
// returns an error wrapping ErrFull when a full build is needed, and
// ErrContent, with the diagnostics in the result, when an edited document
// has errors: the output is then left exactly as it was.
func (inc *Incremental) Update(ctx context.Context, changed []string) (*Change, *Result, error) {
	res := &Result{Diags: &diag.List{}}
	paths := slices.Sorted(maps.Keys(inc.dirty))
	for _, p := range changed {
		if !inc.dirty[p] {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	inc.Dirty(paths)
	if inc.broken {
		return nil, res, fmt.Errorf("%w: the last update failed", ErrFull)
	}
	docs, err := inc.reload(paths, res.Diags)
	if err != nil {
		return nil, res, err
	}
	up, err := inc.st.rerender(docs, res.Diags)
	if err != nil {
		return nil, res, err
	}
	if inc.st.Opts.Strict {
		res.Diags.Promote()
	}
	if errs, _ := res.Diags.Count(); errs > 0 {
		return nil, res, ErrContent
	}
	if err := ctx.Err(); err != nil {
		return nil, res, err
	}
	ch, err := inc.apply(ctx, up)
	if err != nil {
		inc.broken = true
		return nil, res, fmt.Errorf("%w: %w", ErrFull, err)
	}
	clear(inc.dirty)
	return ch, res, nil
}

// edit is one document's new version, loaded and checked.
type edit struct {
	old, new *site.Document
	effect   effect // what its front-matter change touches besides its page
}

// reload reads and validates the changed documents, or says why the
// change needs a full build.
func (inc *Incremental) reload(paths []string, list *diag.List) ([]edit, error) {
	st := inc.st
	var out []edit
	for _, p := range paths {
		old, why := st.incrementalDoc(p)
		if why != "" {
			return nil, fmt.Errorf("%w: %s %s", ErrFull, p, why)
		}
		nd, ds := load.File(st.Site.Dir, filepath.Join(st.Site.Dir, filepath.FromSlash(p)), st.Config)
		if nd == nil { // gone, or unreadable front matter: the full build reports it
			return nil, fmt.Errorf("%w: %s cannot be read as a document", ErrFull, p)
		}
		list.Add(ds...)
		list.Add(validate.Document(nd, st.Config, st.Today)...)
		list.Add(control.Document(nd, st.Config, st.Today, control.NewLeftovers(st.Config))...)
		nd.Meta.Title = st.Conv.Replace(nd.Meta.Title) // as Check does, after validating
		fx, why := frontMatterEffect(old, nd)
		if why != "" {
			return nil, fmt.Errorf("%w: %s of %s changed", ErrFull, why, p)
		}
		out = append(out, edit{old: old, new: nd, effect: fx})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no document changed", ErrFull)
	}
	n := len(inc.edited)
	for _, e := range out {
		if _, ok := inc.edited[e.new.Meta.ID]; !ok {
			n++
		}
	}
	if n > MaxEdited {
		return nil, fmt.Errorf("%w: more than %d documents edited since the last full build", ErrFull, MaxEdited)
	}
	return out, nil
}

// incrementalDoc returns the included document at a changed source path,
// or why its change needs a full build.
func (st *state) incrementalDoc(p string) (*site.Document, string) {
	if !strings.HasPrefix(p, load.ContentDir+"/") || !strings.EqualFold(path.Ext(p), ".md") {
		return nil, "is not a document"
	}
	d := st.Site.ByPath[p]
	switch {
	case d == nil:
		return nil, "is a new document"
	case d.Meta.ID == "" || st.Site.ByID[d.Meta.ID] != d:
		return nil, "has no usable id"
	case st.Excluded[d.Meta.ID]:
		return nil, "is left out for the audience"
	}
	return d, ""
}

// effect is what a front-matter field's change touches besides the
// document's own page (and its search record, always redone).
type effect uint8

const (
	// redoRegister: /log/ (and the page embedding its table), log.csv,
	// log.json, /clauses/, /reviews/, feed.xml, and the site pages (the
	// home page's recent changes, the type lists' status marks).
	redoRegister effect = 1 << iota
	// redoFigures: Figure 1 (documents addressing each process, approved or
	// not) and Figure 2 (boxes by status), and the pages embedding them.
	redoFigures
	// needsFull: other pages' text, the sidebar, addresses or the set of
	// documents change with it: only a full build gets them all.
	needsFull
)

// metaEffect is what an edit of a front-matter field needs, by its
// Rebuild in the field table (site.Fields).
func metaEffect(r site.Rebuild) effect {
	switch r {
	case site.RebuildPage:
		return 0
	case site.RebuildRegister:
		return redoRegister
	case site.RebuildFigures:
		return redoRegister | redoFigures
	}
	return needsFull
}

// frontMatterEffect says what an edit's front-matter change touches, or
// (why) names the field that needs a full build. The lines of keys may
// move: only diagnostics and the related links' lines carry them, and
// both are made again from the new document.
func frontMatterEffect(a, b *site.Document) (fx effect, why string) {
	for _, f := range site.Fields {
		if reflect.DeepEqual(f.In(&a.Meta), f.In(&b.Meta)) {
			continue
		}
		e := metaEffect(f.Rebuild)
		if f.Key == "status" && (a.Meta.Status == "retired" || b.Meta.Status == "retired") {
			// Other pages mark links to it, warn, link its title or not, and
			// the sidebar lists it apart.
			e = needsFull
		}
		if e&needsFull != 0 {
			return 0, "the " + f.Key + " field"
		}
		fx |= e
	}
	if !reflect.DeepEqual(a.Meta.Extra, b.Meta.Extra) {
		// declared by the site, whose own layouts may show it on any page
		return 0, "the extra field"
	}
	return fx, ""
}

// rerendered is the outcome of re-rendering edited documents, before it
// replaces the state's.
type rerendered struct {
	edits []edit
	pages map[string]*markdown.Result
	graph *link.Graph
}

// rerender converts the edited documents with the build's converter and
// link index, checks their links and the anchors that other documents
// point at in them, and makes the new link graph. The state is untouched.
func (st *state) rerender(edits []edit, list *diag.List) (*rerendered, error) {
	up := &rerendered{edits: edits, pages: map[string]*markdown.Result{}}
	var refs []link.Ref
	for _, e := range edits {
		var pc parser.Context
		res := st.Conv.Convert(e.new, func(p parser.Context) {
			pc = p
			link.Attach(p, e.new)
		})
		r, errs := link.Results(pc)
		list.Add(errs...)
		list.Add(res.Problems...)
		if !slices.Equal(res.Shortcodes, st.Pages[e.new.Meta.ID].Shortcodes) {
			// a figure or the log embedded, or no longer: other pages change
			return nil, fmt.Errorf("%w: the shortcodes of %s changed", ErrFull, e.new.Path)
		}
		up.pages[e.new.Meta.ID] = &res
		refs = append(refs, r...)
	}
	// The references the other documents make, kept from the last build.
	for _, r := range st.Graph.Refs {
		if r.Kind != link.Related && up.pages[r.From] == nil {
			refs = append(refs, r)
		}
	}
	anchors := st.anchors(up.pages)
	list.Add(link.CheckAnchors(st.edgesInto(refs, up.pages), anchors)...)
	list.Add(st.checkTasks(anchors)...)
	// The related links are the new front matter's, at its lines.
	up.graph = link.NewGraph(st.Index, withEdits(st.Docs, edits), refs)
	return up, nil
}

// withEdits is docs with the edited documents' new versions in their place.
func withEdits(docs []*site.Document, edits []edit) []*site.Document {
	out := slices.Clone(docs)
	for i, d := range out {
		for _, e := range edits {
			if d == e.old {
				out[i] = e.new
			}
		}
	}
	return out
}

// edgesInto are the references that may have lost their anchor: those
// made by or pointing at the re-rendered pages.
func (st *state) edgesInto(refs []link.Ref, pages map[string]*markdown.Result) []link.Ref {
	var out []link.Ref
	for _, r := range refs {
		if pages[r.From] != nil || pages[r.To] != nil {
			out = append(out, r)
		}
	}
	return out
}

// apply puts the re-rendered documents into the state and writes the
// pages they change into the output folder.
func (inc *Incremental) apply(ctx context.Context, up *rerendered) (*Change, error) {
	st := inc.st
	oldGraph := st.Graph
	ch := &Change{}
	pages := map[string]bool{} // ids whose page is rewritten
	var fx effect
	for _, e := range up.edits {
		id := e.new.Meta.ID
		*e.old = *e.new // every index of the site points at the old value
		st.Pages[id] = up.pages[id]
		ch.IDs = append(ch.IDs, id)
		pages[id] = true
		fx |= e.effect
	}
	tasks := st.HomeTasks()
	st.Graph = up.graph
	for _, id := range backlinksChanged(oldGraph, up.graph, ch.IDs) {
		pages[id] = true
	}
	files := &patch{files: map[string][]byte{}}
	if err := inc.regenerate(ctx, fx, files, pages); err != nil {
		return nil, err
	}
	// The home page's default tasks are the procedures most linked to.
	if _, done := files.files["index.html"]; !done && !slices.Equal(tasks, st.HomeTasks()) {
		if err := writeSitePages(ctx, st, files); err != nil {
			return nil, err
		}
	}
	kids := st.Children()
	for _, id := range slices.Sorted(maps.Keys(pages)) {
		d := st.Site.ByID[id]
		html, err := st.Render("doc", st.DocPage(d, kids))
		if err != nil {
			return nil, fmt.Errorf("%s: rendering page: %w", d.Path, err)
		}
		files.files[d.URLPath()+"index.html"] = html
	}
	if !slices.Equal(oldGraph.Refs, up.graph.Refs) {
		b, err := up.graph.JSON(st.Index, st.Docs)
		if err != nil {
			return nil, err
		}
		files.files["links.json"] = b
	}
	if err := output.Patch(inc.out, files.files); err != nil {
		return nil, err
	}
	ch.Files = slices.Sorted(maps.Keys(files.files))
	for _, id := range ch.IDs {
		inc.edited[id] = st.searchDocument(st.Site.ByID[id])
	}
	for _, id := range slices.Sorted(maps.Keys(inc.edited)) {
		ch.Search = append(ch.Search, inc.edited[id])
	}
	return ch, nil
}

// regenerate writes again what a front-matter change touches besides the
// document's page (effect), with the state already updated, and adds the
// document pages that embed it (the log's table, the figures) to pages.
// The register and the figures come first: they set the embeds that the
// home page and those documents' pages show.
func (inc *Incremental) regenerate(ctx context.Context, fx effect, files *patch, pages map[string]bool) error {
	st := inc.st
	embedding := func(name string) {
		for id, p := range st.Pages {
			if embeds(p, name) {
				pages[id] = true
			}
		}
	}
	if fx&redoRegister != 0 {
		if err := writeRegister(ctx, st, files); err != nil {
			return err
		}
		embedding("log")
	}
	if fx&redoFigures != 0 && !st.Opts.NoFigures {
		if err := drawFigures(ctx, st, files); err != nil {
			return err
		}
		embedding("figure")
	}
	if fx&(redoRegister|redoFigures) != 0 {
		// the search page's clause filter lists the clauses addressed
		return errors.Join(writeSitePages(ctx, st, files), writeSearchPage(ctx, st, files))
	}
	return nil
}

// patch collects the files an update rewrites; the register's writers
// put theirs side by side.
type patch struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (p *patch) Write(rel string, data []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files[rel] = bytes.Clone(data) // the writer may use its buffer again
	return nil
}

// backlinksChanged lists the documents, other than the edited ones, whose
// "Referenced by" list differs between two graphs: those the edited
// documents link to or mention now, or did before.
func backlinksChanged(old, new *link.Graph, edited []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range []*link.Graph{old, new} {
		for _, r := range g.Refs {
			if !slices.Contains(edited, r.From) || slices.Contains(edited, r.To) || seen[r.To] {
				continue
			}
			seen[r.To] = true
			if !slices.Equal(old.ReferencedBy(r.To), new.ReferencedBy(r.To)) {
				out = append(out, r.To)
			}
		}
	}
	slices.Sort(out)
	return out
}
