package live

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"handbook/internal/build"
	"handbook/internal/search/web"
	"handbook/internal/serve"
)

// publisher builds the site into a fresh folder and publishes it on the
// server; a failed build leaves the last good one published and puts its
// errors in the terminal and over the open pages. An edit of documents'
// bodies is applied to the published folder instead (build.Incremental),
// with the edited documents searched through an overlay on its index.
type publisher struct {
	run      *Options // where it reports
	srv      *serve.Server
	audience string // the edition it publishes (serve.Site.Audience)
	opts     build.Options
	tmp      string
	scratch  string // where overlay indexes go (scratchDir)
	n        int
	overlays int  // overlay indexes made, for their folder names
	broken   bool // the last build failed
	good     bool // a build has been published
	prebuilt bool // what is published is Options.Prebuilt (publishPrebuilt)
	// inc is the state of the published build, for incremental updates;
	// nil until a build succeeds. folder is its folder and search index.
	inc    *build.Incremental
	folder *folder
}

// folder is a build folder with its search index, shared by the sites
// published from it (the full build, then each incremental update): it
// is closed and deleted when the last of them is released.
type folder struct {
	refs   atomic.Int32
	search http.Handler
	free   func()
}

func (f *folder) acquire() { f.refs.Add(1) }

func (f *folder) release() {
	if f.refs.Add(-1) == 0 {
		f.free()
	}
}

// rebuild builds and publishes once. changed are the paths that made it
// (none for the first build): if it fails, the next update redoes them.
func (p *publisher) rebuild(ctx context.Context, changed []string) error {
	if err := os.MkdirAll(p.tmp, 0o700); err != nil {
		return err
	}
	p.n++
	dir := filepath.Join(p.tmp, fmt.Sprintf("build-%d", p.n))
	opts := p.opts
	opts.Out = filepath.Join(dir, "public")
	start := time.Now()
	inc, res, err := p.run.full(ctx, opts)
	if err == nil {
		err = p.publish(dir, opts.Out)
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		if p.inc != nil {
			p.inc.Dirty(changed)
		}
		p.withdraw()
		p.fail(res, err)
		return err
	}
	p.inc, p.prebuilt = inc, false
	if p.n == 1 || p.broken {
		p.run.PrintDiags(p.run.Stderr, res.Diags, p.run.Quiet)
	}
	switch {
	case p.n == 1:
		fmt.Fprintf(p.run.Stdout, "Built %d documents in %d ms\n", res.Stats.Documents, time.Since(start).Milliseconds())
	case p.broken:
		fmt.Fprintf(p.run.Stdout, "Fixed: rebuilt in %d ms; open pages reload\n", time.Since(start).Milliseconds())
	default:
		fmt.Fprintf(p.run.Stdout, "Rebuilt in %d ms; open pages reload\n", time.Since(start).Milliseconds())
	}
	p.broken, p.good = false, true
	return nil
}

// publish opens the new build's search index and swaps the build in; the
// one it replaces is closed and deleted once no request uses it.
func (p *publisher) publish(dir, out string) error {
	sh, closer, err := web.OpenHandlerIn(out, p.opts.Cache) // the server index, kept across rebuilds
	if err != nil {
		return fmt.Errorf("opening the search index: %w", err)
	}
	f := &folder{search: sh, free: func() {
		_ = closer.Close()
		_ = os.RemoveAll(dir)
	}}
	f.acquire()
	if err := p.srv.Publish(serve.Site{Dir: out, Audience: p.audience, Search: sh, Release: f.release}); err != nil {
		f.release()
		return err
	}
	p.folder = f
	return nil
}

// update applies an edit incrementally to the published build and
// publishes it with the edited documents searched through an overlay. It
// reports false when a full rebuild is needed instead.
func (p *publisher) update(ctx context.Context, changed []string) bool {
	if p.inc == nil {
		return false
	}
	start := time.Now()
	ch, res, err := p.inc.Update(ctx, changed)
	switch {
	case errors.Is(err, build.ErrFull):
		p.opts.Logger.Debug("full rebuild", "reason", err)
		return false
	case err != nil:
		p.fail(res, err)
		return true
	}
	p.overlays++
	f := p.folder
	sh, closer, err := web.OverlayHandler(ctx, f.search, filepath.Join(p.scratch, fmt.Sprintf("overlay-%d", p.overlays)), ch.Search, p.inc.SearchTypes())
	if err != nil { // the pages are written already: a full rebuild puts all right
		p.opts.Logger.Warn("indexing the edit", "error", err)
		p.inc = nil
		return false
	}
	f.acquire()
	release := func() {
		_ = closer.Close()
		f.release()
	}
	if err := p.srv.Publish(serve.Site{Dir: p.inc.Out(), Audience: p.audience, Search: sh, Release: release}); err != nil {
		release()
		p.inc = nil
		return false
	}
	ms := time.Since(start).Milliseconds()
	if p.broken {
		p.run.PrintDiags(p.run.Stderr, res.Diags, p.run.Quiet)
		fmt.Fprintf(p.run.Stdout, "Fixed: rebuilt %s in %d ms; open pages reload\n", strings.Join(ch.IDs, ", "), ms)
	} else {
		fmt.Fprintf(p.run.Stdout, "Rebuilt %s in %d ms; open pages reload\n", strings.Join(ch.IDs, ", "), ms)
	}
	p.broken, p.good = false, true
	return true
}

// fail reports a failed build in the terminal and to the open pages.
func (p *publisher) fail(res *build.Result, err error) {
	var msg strings.Builder
	if res != nil {
		p.run.PrintDiags(&msg, res.Diags, true)
	}
	fmt.Fprint(p.run.Stderr, msg.String())
	if !errors.Is(err, build.ErrContent) {
		fmt.Fprintf(&msg, "%v\n", err)
		if p.n > 1 { // the first build's error is reported by the command
			fmt.Fprintf(p.run.Stderr, "handbook serve: %v\n", err)
		}
	}
	switch {
	case p.good:
		fmt.Fprintln(p.run.Stderr, "Build failed: still serving the last good build. Fix the errors above and save.")
	case p.n == 1 && errors.Is(err, build.ErrContent):
		fmt.Fprintln(p.run.Stderr, "Build failed: fix the errors above and save (with --watch, pages show them until then).")
	}
	p.broken = true
	p.srv.Fail(strings.TrimSpace(msg.String()))
}

// changed is the watcher's callback.
func (p *publisher) changed(ctx context.Context, paths []string) {
	if ctx.Err() != nil {
		return
	}
	fmt.Fprintf(p.run.Stdout, "Changed: %s\n", summarize(paths))
	if !p.update(ctx, paths) {
		_ = p.rebuild(ctx, paths)
	}
}

// editions are the publishers of a server's editions, rebuilt together.
type editions []*publisher

// newEditions makes one publisher per edition of srv: one without single
// sign-on (for run.Build.Audience), one per audience of audience_groups
// with it. Each builds under tmp/edition-AUDIENCE, with the build cache
// of its full rebuilds there too, and makes its overlays under scratch.
func newEditions(run *Options, srv *serve.Server, tmp, scratch string) editions {
	var e editions
	for _, aud := range run.Serve.Editions() {
		opts := run.Build
		opts.Audience, opts.BaseURL = aud, "/"
		// full rebuilds (a layout, the configuration ...) reuse the search index and figures
		opts.Cache = filepath.Join(tmp, "cache-"+aud)
		e = append(e, &publisher{run: run, srv: srv, audience: aud, opts: opts,
			tmp: filepath.Join(tmp, "edition-"+aud), scratch: filepath.Join(scratch, "edition-"+aud)})
	}
	if run.Serve.Readers == nil {
		e[0].opts.Audience = run.Build.Audience
	}
	return e
}

// rebuild builds and publishes every edition, stopping at the first
// failure (its error).
func (e editions) rebuild(ctx context.Context) error {
	for _, p := range e {
		if err := p.rebuild(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

// changed is the watcher's callback: every edition takes the edit.
func (e editions) changed(ctx context.Context, paths []string) {
	for _, p := range e {
		p.changed(ctx, paths)
	}
}

// summarize names up to three changed paths.
func summarize(paths []string) string {
	if len(paths) <= 3 {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:3], ", "), len(paths)-3)
}
