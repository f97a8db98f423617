package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"handbook/internal/build"
	"handbook/internal/search"
	"handbook/internal/serve"
	"handbook/internal/tempdir"
	"handbook/internal/watch"
)

func serveCommand() *command {
	c := &command{
		name:    "serve",
		summary: "Build the handbook and serve it with search at http://127.0.0.1:8080",
		usage:   "handbook serve [-s SITE] [--addr 127.0.0.1:8080] [--audience NAME] [--watch] [--open] [--no-figures]",
		examples: []string{
			"handbook serve --watch",
			"handbook serve --addr :0          # pick a free port and print it",
			"handbook serve --audience staff",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		addr := fs.String("addr", "127.0.0.1:8080", "the `address` to listen on (host:port; :0 picks a free port; the host defaults to 127.0.0.1)")
		fs.StringVar(&sf.audience, "audience", "", "serve the edition for one audience `name`")
		watchFlag := fs.Bool("watch", false, "rebuild when content, layouts, static files or handbook.yaml change, and reload open pages")
		openFlag := fs.Bool("open", false, "open the handbook in a browser (xdg-open)")
		noFigures := fs.Bool("no-figures", false, "skip drawing the figures (faster rebuilds of a large handbook)")
		var rf readerFlags
		rf.register(fs)
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(env.Stderr, "handbook serve: unexpected argument %q\n", fs.Arg(0))
			return ExitUsage
		}
		ln, err := net.Listen("tcp", listenAddr(*addr))
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook serve: cannot listen on %s: %v\n", listenAddr(*addr), unwrapNet(err))
			return ExitUsage
		}
		defer ln.Close()
		tmpDir, err := serveTemp()
		if err != nil {
			return exitFor(env, c.name, err)
		}
		defer tmpDir.Remove()
		tmp := tmpDir.Path
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		go func() {
			<-ctx.Done()
			stop() // a second Ctrl+C ends the process at once, even mid-build
		}()

		scratch := filepath.Join(tmp, "overlays")
		if *watchFlag {
			var release func()
			scratch, release = scratchDir(tmp)
			defer release() // after srv.Close, which releases the last overlay
		}
		readers, err := rf.readers(ctx, env, sf.site, sf.audience)
		if err != nil {
			return exitFor(env, c.name, err)
		}
		if readers != nil && readers.Store != nil {
			defer readers.Store.Close()
		}
		sopts := serve.Options{Watch: *watchFlag, Logger: sf.logger(env), Readers: readers}
		srv := serve.New(sopts)
		defer srv.Close()
		// One publisher per edition: one without single sign-on, one per
		// audience of audience_groups with it.
		var pubs editions
		for _, aud := range sopts.Editions() {
			pubs = append(pubs, &publisher{env: env, srv: srv, quiet: sf.quiet, audience: aud,
				tmp: filepath.Join(tmp, "edition-"+aud), scratch: filepath.Join(scratch, "edition-"+aud),
				opts: build.Options{Site: sf.site, Audience: aud, BaseURL: "/", NoFigures: *noFigures, Strict: sf.strict, Logger: sf.logger(env),
					// full rebuilds (a layout, the configuration ...) reuse the search index and figures
					Cache: filepath.Join(tmp, "cache-"+aud)}})
		}
		if readers == nil {
			pubs[0].opts.Audience = sf.audience
		}
		var watcher *watch.Watcher
		if *watchFlag {
			// Watch before the first build, so an edit made during it is not lost.
			if watcher, err = watch.New(watch.Options{Site: sf.site, OnChange: pubs.changed, Logger: sf.logger(env)}); err != nil {
				fmt.Fprintf(env.Stderr, "handbook serve: cannot watch %s: %v\n", sf.site, err)
				return ExitContent
			}
			defer watcher.Close()
		}
		if err := pubs.rebuild(ctx); err != nil {
			var ue *build.UsageError
			if !*watchFlag || errors.As(err, &ue) || !errors.Is(err, build.ErrContent) {
				return exitFor(env, c.name, err)
			}
		}
		url := "http://" + ln.Addr().String() + "/"
		announce(env, url, sf.audience, *watchFlag)
		if readers != nil {
			fmt.Fprintf(env.Stdout, "Readers: signed in through the proxy at %s; editions %s\n", rf.trusted, strings.Join(sopts.Editions(), ", "))
		}
		if watcher != nil {
			go func() { _ = watcher.Run(ctx) }()
		}
		if *openFlag {
			openBrowser(env, url)
		}
		if err := srv.Serve(ctx, ln); err != nil {
			return exitFor(env, c.name, err)
		}
		fmt.Fprintln(env.Stdout, "Stopped.")
		return ExitOK
	}
	return c
}

// listenAddr completes an address without a host to loopback: the
// handbook is served to this machine unless a host is named.
func listenAddr(a string) string {
	if strings.HasPrefix(a, ":") {
		return "127.0.0.1" + a
	}
	if !strings.Contains(a, ":") {
		return "127.0.0.1:" + a
	}
	return a
}

func announce(env *Env, url, audience string, watching bool) {
	fmt.Fprintf(env.Stdout, "Serving the handbook at %s (press Ctrl+C to stop)\n", url)
	if host, _, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")); err == nil {
		if ip := net.ParseIP(host); ip != nil && !ip.IsLoopback() {
			fmt.Fprintf(env.Stderr, "handbook serve: note: listening on %s, not on loopback: other machines can read this handbook\n", host)
		}
	}
	if audience == "" {
		fmt.Fprintln(env.Stdout, "Audience: all documents (no --audience)")
	} else {
		fmt.Fprintf(env.Stdout, "Audience: %s\n", audience)
	}
	if watching {
		fmt.Fprintf(env.Stdout, "Watching %s and %s: pages reload after each rebuild\n", strings.Join(watch.Trees, "/, ")+"/", watch.ConfigFile)
	} else {
		fmt.Fprintln(env.Stdout, "Not watching for changes (add --watch to rebuild on save)")
	}
}

// openBrowser opens url with the desktop's opener, or says why it cannot.
func openBrowser(env *Env, url string) {
	opener := "xdg-open"
	if runtime.GOOS == "darwin" {
		opener = "open"
	}
	path, err := exec.LookPath(opener)
	if err != nil {
		fmt.Fprintf(env.Stderr, "handbook serve: --open: no browser opener here (%s not found); open %s yourself\n", opener, url)
		return
	}
	cmd := exec.Command(path, url)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(env.Stderr, "handbook serve: --open: %s failed: %v; open %s yourself\n", opener, err, url)
		return
	}
	go func() { _ = cmd.Wait() }() // reap it; a failed opener is not our failure
}

func unwrapNet(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return errors.New("the port is already in use (choose another with --addr, or --addr :0 for a free one)")
		}
		return op.Err
	}
	return err
}

// publisher builds the site into a fresh folder and publishes it on the
// server; a failed build leaves the last good one published and puts its
// errors in the terminal and over the open pages. An edit of documents'
// bodies is applied to the published folder instead (build.Incremental),
// with the edited documents searched through an overlay on its index.
type publisher struct {
	env      *Env
	srv      *serve.Server
	audience string // the edition it publishes (serve.Site.Audience)
	opts     build.Options
	tmp      string
	scratch  string // where overlay indexes go (scratchDir)
	quiet    bool
	n        int
	overlays int  // overlay indexes made, for their folder names
	broken   bool // the last build failed
	good     bool // a build has been published
	// inc is the state of the published build, for incremental updates;
	// nil until a build succeeds. folder is its folder and search index.
	inc    *build.Incremental
	folder *folder
}

// scratchDir makes a folder for the overlay indexes of incremental
// updates: in memory where there is room (search.MemoryScratch: an index
// thrown away by the next edit needs none of the syncs bleve makes, and
// indexing an edit takes half the time), else under tmp.
func scratchDir(tmp string) (string, func()) {
	if d, release := search.MemoryScratch(overlayRoom); d != "" {
		return d, release
	}
	return filepath.Join(tmp, "overlays"), func() {}
}

// servePrefix names serve's temporary folders.
const servePrefix = "handbook-serve-"

// serveTemp makes serve's temporary folder (its builds), after deleting
// those of servers that were killed (whose folders nobody holds).
func serveTemp() (*tempdir.Dir, error) {
	_, _ = tempdir.Sweep(os.TempDir(), servePrefix)
	return tempdir.New(os.TempDir(), servePrefix)
}

// overlayRoom is the memory the overlay indexes may take: each indexes at
// most build.MaxEdited documents, and is deleted when the next replaces it.
const overlayRoom = 64 << 20

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
	inc, res, err := build.Full(ctx, opts)
	if err == nil {
		err = p.publish(dir, opts.Out)
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		if p.inc != nil {
			p.inc.Dirty(changed)
		}
		p.fail(res, err)
		return err
	}
	p.inc = inc
	if p.n == 1 || p.broken {
		printDiags(p.env.Stderr, res.Diags, p.quiet)
	}
	switch {
	case p.n == 1:
		fmt.Fprintf(p.env.Stdout, "Built %d documents in %d ms\n", res.Stats.Documents, time.Since(start).Milliseconds())
	case p.broken:
		fmt.Fprintf(p.env.Stdout, "Fixed: rebuilt in %d ms; open pages reload\n", time.Since(start).Milliseconds())
	default:
		fmt.Fprintf(p.env.Stdout, "Rebuilt in %d ms; open pages reload\n", time.Since(start).Milliseconds())
	}
	p.broken, p.good = false, true
	return nil
}

// publish opens the new build's search index and swaps the build in; the
// one it replaces is closed and deleted once no request uses it.
func (p *publisher) publish(dir, out string) error {
	sh, closer, err := search.OpenHandlerIn(out, p.opts.Cache) // the server index, kept across rebuilds
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
	sh, closer, err := search.OverlayHandler(ctx, f.search, filepath.Join(p.scratch, fmt.Sprintf("overlay-%d", p.overlays)), ch.Search, p.inc.SearchTypes())
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
		printDiags(p.env.Stderr, res.Diags, p.quiet)
		fmt.Fprintf(p.env.Stdout, "Fixed: rebuilt %s in %d ms; open pages reload\n", strings.Join(ch.IDs, ", "), ms)
	} else {
		fmt.Fprintf(p.env.Stdout, "Rebuilt %s in %d ms; open pages reload\n", strings.Join(ch.IDs, ", "), ms)
	}
	p.broken, p.good = false, true
	return true
}

// fail reports a failed build in the terminal and to the open pages.
func (p *publisher) fail(res *build.Result, err error) {
	var msg strings.Builder
	if res != nil {
		printDiags(&msg, res.Diags, true)
	}
	fmt.Fprint(p.env.Stderr, msg.String())
	if !errors.Is(err, build.ErrContent) {
		fmt.Fprintf(&msg, "%v\n", err)
		if p.n > 1 { // the first build's error is reported by the command
			fmt.Fprintf(p.env.Stderr, "handbook serve: %v\n", err)
		}
	}
	switch {
	case p.good:
		fmt.Fprintln(p.env.Stderr, "Build failed: still serving the last good build. Fix the errors above and save.")
	case p.n == 1 && errors.Is(err, build.ErrContent):
		fmt.Fprintln(p.env.Stderr, "Build failed: fix the errors above and save (with --watch, pages show them until then).")
	}
	p.broken = true
	p.srv.Fail(strings.TrimSpace(msg.String()))
}

// changed is the watcher's callback.
func (p *publisher) changed(ctx context.Context, paths []string) {
	if ctx.Err() != nil {
		return
	}
	fmt.Fprintf(p.env.Stdout, "Changed: %s\n", summarize(paths))
	if !p.update(ctx, paths) {
		_ = p.rebuild(ctx, paths)
	}
}

// editions are the publishers of a server's editions, rebuilt together.
type editions []*publisher

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
