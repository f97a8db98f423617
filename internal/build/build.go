// Package build runs the pipeline that turns a site folder into a handbook:
//
//	load → validate → select audience → link + render → check anchors
//	     → (index ∥ draw ∥ register) → write pages → swap output in
//
// Each step lives in its own package; this package only passes a state
// from one to the next and decides what runs in parallel.
package build

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/parser"

	"handbook"
	"handbook/internal/cache"
	"handbook/internal/config"
	"handbook/internal/control"
	"handbook/internal/diag"
	"handbook/internal/diagram"
	"handbook/internal/link"
	"handbook/internal/markdown"
	"handbook/internal/output"
	"handbook/internal/par"
	"handbook/internal/render"
	"handbook/internal/search"
	"handbook/internal/search/index"
	"handbook/internal/site"
	"handbook/internal/theme"
	"handbook/internal/validate"
)

// Options say what to build.
type Options struct {
	Site     string // site folder
	Out      string // output folder; default SITE/public
	Audience string // "" includes every document
	BaseURL  string // overrides handbook.yaml's base_url
	// Today decides overdue reviews; zero means the current date.
	Today     time.Time
	NoSearch  bool // skip the search index (pages only)
	NoFigures bool // skip drawing the figures
	Strict    bool // warnings fail the build
	// Since, if set, is a git revision the documents are compared with
	// (control.Since): changes without a new version, removals, reused ids.
	Since string
	// Cache, if set, is a folder of results kept between builds
	// (package cache; the command line's default is cache.Beside(Out)):
	// a build reuses those whose inputs did not change. The output is the
	// same with or without it.
	Cache  string
	Logger *slog.Logger
	// Progress, if set, is told each step as it starts.
	Progress func(step string)
}

// ErrContent is returned when the content has errors (exit status 1).
var ErrContent = errors.New("content errors")

// Result is what a build did.
type Result struct {
	Diags   *diag.List
	Stats   Stats
	Timings []Timing
	// Parts are the generators' times within the write step (index and
	// draw run alongside the pages, so they overlap), in generator order.
	Parts []Timing
}

// Timing is how long one step took.
type Timing struct {
	Step     string
	Duration time.Duration
}

// Stats count what a build produced, for the summary.
type Stats struct {
	Documents     int
	ByStatus      map[string]int
	Excluded      int
	Pages         int
	Redirects     int
	Static        int
	SearchRecords int
	Figures       int
	Files         int
	// Cached names the results taken from the cache (Options.Cache).
	Cached []string
}

// state is the data passed between the steps of one build, inside this
// package only.
type state struct {
	Opts Options
	Site *site.Site
	// Snapshot is what the pages are made from: configuration, date,
	// included documents by id, their rendered bodies, link index and
	// graph, layouts and sidebar.
	render.Snapshot
	Excluded map[string]bool // ids left out for the audience
	Conv     *markdown.Converter
	// Scope is the model of Figure 1, built in or overridden by the site.
	Scope *diagram.Scope

	// embeds maps a shortcode marker to the HTML that replaces it.
	embedsMu sync.Mutex
	embeds   map[string][]byte

	// dropHTML lets each page's HTML go once its page is written: the
	// build's peak memory is later, while the search index is written.
	dropHTML bool
	// bodies is the lazy render cache whose records' HTML and texts the
	// pages and the search index read back (renderlazy.go); nil when the
	// results hold them.
	bodies *renderCache

	statsMu sync.Mutex
	stats   Stats
	parts   []Timing // by generator, background first

	// drawing is the figures being drawn alongside the pages, logged the
	// log table (figures.go: ready).
	drawing, logged ready

	// storing are cache entries being stored in the background; check
	// waits for them before it returns.
	storing sync.WaitGroup

	// binary identifies the running binary for cache keys, once.
	binary func() (string, error)
	// shared is the SHA-256 of what every page shares (pagesShared),
	// once.
	shared func() ([32]byte, error)
	// htmlSums are the SHA-256 of each converted document's HTML, by id,
	// from the render cache's records (renderRecord.HTMLSum); none
	// without a cache.
	htmlSums map[string][32]byte
	// searchDocs are the included documents as the search index holds
	// them, and searchSums their sums (the index step's key and the
	// index's memo both need them), each made once, when first asked.
	searchDocs func() []search.Document
	searchSums func() index.Sums
	// searchSum are the search index's sums of st.Docs, from the render
	// cache's records (renderRecord.SearchSum); none without a cache.
	searchSum []index.DocSum
	// sources is the SHA-256 of every included document's path and front
	// matter (writeSource), once: the register's and the figures' keys
	// both hold it (frontMatter).
	sources func() ([32]byte, error)
	// refs is the SHA-256 of every link of the graph, once: the pages'
	// world and links.json's key both hold it (pageworld.go).
	refs func() [32]byte
}

func (o *Options) defaults() {
	if o.Site == "" {
		o.Site = "."
	}
	if o.Out == "" {
		o.Out = o.Site + "/public"
	}
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	o.Today = site.Day(o.Today)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Check loads, validates, links and renders in memory, writing nothing.
// The state is nil when the content could not be read far enough to make
// one.
func Check(ctx context.Context, opts Options) (*Result, *State, error) {
	res, st, err := check(ctx, opts, false)
	return res, handle(st), err
}

// check is Check, returning the state itself; lazy leaves the HTML of
// documents taken from the render cache on disk until their pages ask
// for it (state.pageBody), for a build whose state serves nothing else.
func check(ctx context.Context, opts Options, lazy bool) (*Result, *state, error) {
	opts.defaults()
	res := &Result{Diags: &diag.List{}}
	timer := res.timer(opts)

	timer("load")
	cfg, err := config.Load(opts.Site)
	if err != nil {
		return res, nil, addConfigErr(res, err)
	}
	if opts.BaseURL != "" {
		if err := config.CheckBaseURL(opts.BaseURL); err != nil {
			return res, nil, &UsageError{err}
		}
		cfg.BaseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}
	maxRank := len(cfg.Classes)
	if opts.Audience != "" {
		if maxRank, err = cfg.MaxRank(opts.Audience); err != nil {
			return res, nil, &UsageError{err}
		}
	}
	st := &state{Opts: opts, Excluded: map[string]bool{}, embeds: map[string][]byte{},
		binary: sync.OnceValues(func() (string, error) { return cache.Binary(opts.Cache) })}
	st.shared = sync.OnceValues(st.sharedSum)
	st.searchDocs = sync.OnceValue(st.searchDocuments)
	st.searchSums = sync.OnceValue(st.sumSearch)
	st.sources = sync.OnceValues(st.sourcesSum)
	st.refs = sync.OnceValue(st.refsSum)
	defer st.storing.Wait()
	s, list, err := st.load(cfg)
	if err != nil {
		return res, nil, err
	}
	st.Site = s
	res.Diags.Merge(list)

	// Validation reads only load's site, which no step changes: it runs
	// beside rendering and linking, and the problems are counted once it
	// is done (the "validate" step is what is left to wait for then, with
	// the cache entries stored in the background, st.storing).
	validated := make(chan *diag.List, 1)
	go func() { validated <- validateSite(s, opts.Today) }()
	waitValidated := sync.OnceFunc(func() { res.Diags.Merge(<-validated) })
	defer waitValidated()
	if opts.Since != "" {
		found, err := control.Since(s, opts.Since)
		if err != nil {
			return res, nil, &UsageError{err}
		}
		res.Diags.Add(found...)
	}

	st.Snapshot = render.Snapshot{Config: cfg, Today: opts.Today, Audience: opts.Audience,
		Pages: map[string]*markdown.Result{}, Embed: st.embedded}
	st.stats.ByStatus = map[string]int{}
	for _, d := range s.Docs {
		if d.Meta.ID == "" || s.ByID[d.Meta.ID] != d {
			continue
		}
		if cfg.ClassRank(d.Meta.Classification) > maxRank {
			st.Excluded[d.Meta.ID] = true
			st.stats.Excluded++
			continue
		}
		st.Docs = append(st.Docs, d)
		st.stats.ByStatus[d.Meta.Status]++
	}
	slices.SortFunc(st.Docs, func(a, b *site.Document) int { return strings.Compare(a.Meta.ID, b.Meta.ID) })
	st.stats.Documents = len(st.Docs)

	// render resolves link targets as it converts; link then checks the
	// anchors against every page's headings and builds the link graph.
	timer("render")
	// Titles appear with placeholders replaced, in pages and in prose
	// mentions: the link index reads them from the build's own site.
	sources := st.Docs
	// Documents converted by an earlier build (rendercache.go), read
	// while the link index is made.
	cached := make(chan *renderCache, 1)
	go func() { cached <- st.newRenderCache(lazy, s, opts.NoSearch, sources) }()
	st.Site, st.Docs = pageSite(s, sources, markdown.Placeholders(cfg))
	st.Index = link.NewIndex(st.Site, st.Excluded)
	st.Conv = markdown.New(cfg, st.Index.Extension())
	st.Conv.NoSections = opts.NoSearch
	refs := st.convert(ctx, sources, <-cached, res.Diags)
	if err := ctx.Err(); err != nil {
		return res, st, err // pages left unrendered would give false link errors
	}
	timer("link")
	// The graph is built beside the checks, which read what it reads.
	graph := make(chan *link.Graph, 1)
	go func() { graph <- link.NewGraph(st.Index, st.Docs, refs) }()
	anchors := st.anchors(nil)
	res.Diags.Add(link.CheckAnchors(refs, anchors)...)
	res.Diags.Add(st.checkTasks(anchors)...)
	res.Diags.Add(control.Dependencies(st.Site, refs)...)
	st.checkFigures(res.Diags)
	st.Graph = <-graph
	timer("layouts")
	st.Theme, err = theme.Load(handbook.Theme, opts.Site, st.Funcs(), res.Diags)
	if err != nil && !errors.Is(err, theme.ErrLayouts) {
		return res, st, err
	}
	timer("validate")
	waitValidated()
	st.storing.Wait()
	timer("")

	if opts.Strict {
		res.Diags.Promote()
	}
	if errs, _ := res.Diags.Count(); errs > 0 {
		return res, st, ErrContent
	}
	return res, st, ctx.Err()
}

// validateSite is what validation finds in load's site s: the
// front-matter contract and the document control checks of each document.
func validateSite(s *site.Site, today time.Time) *diag.List {
	list := validate.Site(s, today)
	list.Add(control.Documents(s, today)...)
	return list
}

// anchors maps every page to its link targets (heading ids and the ids
// and names of its raw HTML), the re-rendered pages' (if any) in place of
// the state's.
func (st *state) anchors(pages map[string]*markdown.Result) map[string]map[string]bool {
	out := make(map[string]map[string]bool, len(st.Pages))
	for id, p := range st.Pages {
		if np := pages[id]; np != nil {
			p = np
		}
		set := make(map[string]bool, len(p.Headings)+len(p.Anchors))
		for _, h := range p.Headings {
			set[h.ID] = true
		}
		for _, a := range p.Anchors {
			set[a] = true
		}
		out[id] = set
	}
	return out
}

// convert converts every included document on all cores, with the body of
// its source (load's document, sources[i] for st.Docs[i]), taking those rc
// holds from it; once ctx is done it skips the rest (the caller reports
// ctx's error).
func (st *state) convert(ctx context.Context, sources []*site.Document, rc *renderCache, list *diag.List) []link.Ref {
	results := make([]markdown.Result, len(st.Docs))
	refs := make([][]link.Ref, len(st.Docs))
	htmlSums := make([][32]byte, len(st.Docs))
	searchSums := make([]index.DocSum, len(st.Docs))
	par.For(len(st.Docs), func(i int) {
		if ctx.Err() != nil {
			return
		}
		d := *st.Docs[i]
		d.Body = sources[i].Body
		r, sum, ok := rc.lookup(&d)
		if !ok {
			r = st.convertDoc(&d)
			rc.put(&d, sum, r)
		}
		results[i], refs[i], htmlSums[i], searchSums[i] = r.Result, r.Refs, r.HTMLSum, r.SearchSum
		list.Add(r.Errs...)
		list.Add(results[i].Problems...)
	})
	if ctx.Err() == nil {
		rc.store()
	}
	st.bodies = rc.lazyOnly()
	n := 0
	for _, r := range refs {
		n += len(r)
	}
	all := make([]link.Ref, 0, n)
	st.htmlSums = map[string][32]byte{}
	if rc != nil {
		st.searchSum = searchSums
	}
	for i, d := range st.Docs {
		st.Pages[d.Meta.ID] = &results[i]
		if rc != nil {
			st.htmlSums[d.Meta.ID] = htmlSums[i]
		}
		all = append(all, refs[i]...)
	}
	return all
}

// convertDoc converts d, with the references and link problems found.
func (st *state) convertDoc(d *site.Document) *renderRecord {
	var pc parser.Context
	r := &renderRecord{Result: st.Conv.Convert(d, func(p parser.Context) {
		pc = p
		link.Attach(p, d)
	})}
	r.Refs, r.Errs = link.Results(pc)
	return r
}

// Build checks the site and, when it has no errors, writes the output.
func Build(ctx context.Context, opts Options) (*Result, error) {
	res, _, err := buildState(ctx, opts, false)
	return res, err
}

// write runs the generators, all at once: the slow independent ones
// (search index, figures, register) and the chains of foreground ones,
// whose pages wait for figures only where a page embeds one.
func (st *state) write(ctx context.Context, out *output.Dir, timer func(string)) error {
	st.Nav = st.MakeNav() // every page's sidebar needs it, including the generated pages
	st.parts = make([]Timing, len(background)+foregroundLen())
	timed := func(i int, g generator) error {
		start := time.Now()
		err := g.run(ctx, st, out)
		st.parts[i] = Timing{g.name, time.Since(start)}
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(background))
	for i, g := range background {
		if g.skip(st.Opts) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = timed(i, g)
		}()
	}
	ferrs := make([]error, len(foreground))
	first := len(background)
	for c, chain := range foreground {
		wg.Add(1)
		go func(first int) {
			defer wg.Done()
			for i, g := range chain {
				if ferrs[c] = timed(first+i, g); ferrs[c] != nil {
					return
				}
			}
		}(first)
		first += len(chain)
	}
	wg.Wait()
	return errors.Join(append(errs, ferrs...)...)
}

// sink is where generators put files: the staging folder of a full
// build (*output.Dir), or the files an incremental update patches in.
type sink interface {
	Write(rel string, data []byte) error
}

// toDir adapts a generator that only writes files to the generators'
// signature (the document pages and redirects need the folder itself:
// they keep files of the previous build and look at its file system).
func toDir(f func(context.Context, *state, sink) error) func(context.Context, *state, *output.Dir) error {
	return func(ctx context.Context, st *state, out *output.Dir) error { return f(ctx, st, out) }
}

// generator writes part of the output.
type generator struct {
	name string
	run  func(ctx context.Context, st *state, out *output.Dir) error
	skip func(Options) bool
}

func never(Options) bool { return false }

// background generators start first and run alongside the foreground ones.
var background = []generator{
	{"index", searchStep.generator, func(o Options) bool { return o.NoSearch }},
	// Pages that embed a figure or the log wait for it (state.waitEmbed).
	// With a cache, both are replayed when the front matter is unchanged
	// (cachesteps.go).
	{"draw", drawStep.generator, never},
	{"register", registerStep.generator, never},
}

// foreground generators run in chains side by side, each chain in order
// (a step that prepares what pages embed comes before them): the document
// pages beside the rest, whose serial parts (the type lists, the
// redirects' addresses, links.json) left a core idle when they ran after
// the pages.
var foreground = [][]generator{
	{{"pages", writeDocPages, never}},
	{
		{"site pages", toDir(writeSitePages), never},
		{"search page", toDir(writeSearchPage), never},
		{"redirects", writeRedirects, never},
		{"links", writeLinks, never},
		{"static", writeStatic, never},
	},
}

// foregroundLen is the number of foreground generators.
func foregroundLen() int {
	n := 0
	for _, chain := range foreground {
		n += len(chain)
	}
	return n
}

func (st *state) count(f func(*Stats)) {
	st.statsMu.Lock()
	f(&st.stats)
	st.statsMu.Unlock()
}

// setEmbed records the HTML that replaces a shortcode in pages.
func (st *state) setEmbed(name, arg string, html []byte) {
	st.embedsMu.Lock()
	st.embeds[markdown.Marker(name, arg)] = html
	st.embedsMu.Unlock()
}

// embedded is the snapshot's Embed: the HTML that replaces a shortcode,
// once the generator making it (figures, log) has set it.
func (st *state) embedded(name, arg string) ([]byte, bool) {
	st.waitEmbed(name)
	st.embedsMu.Lock()
	defer st.embedsMu.Unlock()
	html, ok := st.embeds[markdown.Marker(name, arg)]
	return html, ok
}

func (r *Result) timer(opts Options) func(string) {
	var step string
	var start time.Time
	return func(next string) {
		now := time.Now()
		if step != "" {
			r.Timings = append(r.Timings, Timing{step, now.Sub(start)})
			opts.Logger.Debug("step done", "step", step, "elapsed", now.Sub(start))
		}
		step, start = next, now
		if next != "" && opts.Progress != nil {
			opts.Progress(next)
		}
	}
}

// UsageError is a mistake on the command line (exit status 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func addConfigErr(res *Result, err error) error {
	var d *diag.Diagnostic
	if errors.As(err, &d) {
		for _, e := range unjoin(err) {
			if errors.As(e, &d) {
				res.Diags.Add(d)
			}
		}
		return ErrContent
	}
	return fmt.Errorf("configuration: %w", err)
}

// layoutProblems moves the layouts' errors in err (diagnostics at
// layouts/<file>:<line>, one per page that hit them) into res, each once,
// and returns ErrContent; other errors are returned as they are.
func layoutProblems(res *Result, err error) error {
	var found []*diag.Diagnostic
	var others []error
	var walk func(error)
	walk = func(e error) {
		var d *diag.Diagnostic
		switch j := e.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range j.Unwrap() {
				walk(e)
			}
		default:
			if errors.As(e, &d) {
				found = append(found, d)
			} else if e != nil {
				others = append(others, e)
			}
		}
	}
	walk(err)
	if len(found) == 0 || len(others) > 0 {
		return err
	}
	res.Diags.Add(uniqueDiags(found)...)
	return ErrContent
}

// uniqueDiags drops the repeats of a diagnostic, keeping the first.
func uniqueDiags(ds []*diag.Diagnostic) []*diag.Diagnostic {
	seen := map[string]bool{}
	var out []*diag.Diagnostic
	for _, d := range ds {
		if k := d.Error(); !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
