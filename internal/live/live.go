// Package live runs `handbook serve`: it builds a site, publishes each
// build on a serve.Server, and, in watch mode, rebuilds on every saved
// change and tells open pages to reload.
//
// It is a package of its own, not part of serve, because build imports
// serve (the error page's slot) and this package imports build: serve
// keeps one job, answering requests from whatever is published.
//
// # The contract
//
// Folders. Run owns one temporary folder (TempPrefix, under os.TempDir;
// those of killed servers are deleted when the next server starts) holding,
// per edition, the build folders, the build cache of full rebuilds, and the
// overlay indexes of incremental updates (in memory where there is room).
// A build folder is shared, reference counted, by the sites published from
// it: the full build, then each incremental update applied to it in place.
// It is closed and deleted when the last of them is released, that is when
// a newer site is published and the last request reading the old one has
// ended (serve.Site.Release). Everything is deleted when Run returns.
// Options.Prebuilt, an output folder of `handbook build`, is only read,
// never written nor deleted; it is held open until the first build
// replaces it, so a `handbook build` that replaces it meanwhile (and
// deletes the folder held) makes its pages 404 until then.
//
// Builds. The first build runs before the server answers, unless a
// prebuilt output can be answered from (see Options.Prebuilt): then the
// server answers from it at once while the first build runs, and the
// first build's site replaces it; if that build fails, the prebuilt
// output is withdrawn (its content is not known to be current) and the
// server answers 503 with the errors (watch mode) or Run returns the error.
// A later build that fails changes nothing that is published: readers keep
// the last good site, and the terminal and the open pages show the errors.
// An edit of documents' bodies is applied to the published build folder
// (build.Incremental), with the edited documents searched through an
// overlay on its index; anything else is a full rebuild into a new folder.
package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"sync"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/serve"
	"handbook/internal/watch"
)

// Options say what to serve and how to report.
type Options struct {
	// Build is the site and how to build it. Out, BaseURL ("/") and Cache
	// are set by Run for each edition; Audience is the edition without
	// Serve.Readers, and replaced by each of serve's editions with it.
	Build build.Options
	// Serve configures the server; Run sets its Watch from Watch.
	Serve serve.Options
	// Watch rebuilds when a source changes and reloads open pages.
	Watch bool
	// Prebuilt, if set, is the output folder `handbook build` writes by
	// default (SITE/public): the server answers from it while the first
	// build runs, if it can be a build of the same edition: written by
	// handbook build (its marker), while serving every document (no
	// audience, no Readers) with handbook.yaml's base URL "/". Its pages
	// are answered at once, its searches once its index is open (in the
	// background; 503 if it has none).
	Prebuilt string
	// OnServing is called once the server answers, before Run serves.
	OnServing func()
	// Stdout gets progress lines ("Built ...", "Rebuilt ..."), Stderr
	// diagnostics and failures; PrintDiags writes diagnostics (warnings
	// left out when quiet); Quiet leaves out warnings of later builds.
	Stdout, Stderr io.Writer
	PrintDiags     func(w io.Writer, list *diag.List, quiet bool)
	Quiet          bool

	// full builds an edition; build.Full unless a test slows it down.
	full func(context.Context, build.Options) (*build.Incremental, *build.Result, error)
}

// Run serves the site on ln until ctx is cancelled, building it first
// (see the package documentation). It returns the first build's error
// when that build fails, unless in watch mode with content errors (the
// pages then show them until they are fixed).
func Run(ctx context.Context, ln net.Listener, opts Options) error {
	if opts.full == nil {
		opts.full = build.Full
	}
	tmp, err := newTemp()
	if err != nil {
		return err
	}
	defer tmp.Remove()
	scratch, release := filepath.Join(tmp.Path, "overlays"), func() {}
	if opts.Watch {
		scratch, release = scratchDir(tmp.Path)
	}
	defer release() // after srv.Close, which releases the last overlay
	opts.Serve.Watch = opts.Watch
	srv := serve.New(opts.Serve)
	defer srv.Close()
	eds := newEditions(&opts, srv, tmp.Path, scratch)
	var watcher *watch.Watcher
	if opts.Watch {
		// Watch before the first build, so an edit made during it is not lost.
		if watcher, err = watch.New(watch.Options{Site: opts.Build.Site, OnChange: eds.changed, Logger: opts.Build.Logger}); err != nil {
			return fmt.Errorf("cannot watch %s: %w", opts.Build.Site, err)
		}
		defer watcher.Close()
	}
	prebuilt := eds.publishPrebuilt(opts.Prebuilt)
	if !prebuilt {
		if err := eds.rebuild(ctx); err != nil && !opts.keepServing(err) {
			return err
		}
	}
	if opts.OnServing != nil {
		opts.OnServing()
	}
	return opts.serve(ctx, srv, ln, eds, watcher, prebuilt)
}

// serve answers on ln until ctx is cancelled. Meanwhile it runs the first
// build if the prebuilt output is published instead, then the watcher.
// That build failing ends it with the build's error, unless keepServing.
func (o *Options) serve(ctx context.Context, srv *serve.Server, ln net.Listener, eds editions, watcher *watch.Watcher, prebuilt bool) error {
	sctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var wg sync.WaitGroup
	wg.Go(func() {
		if prebuilt {
			if err := eds.rebuild(sctx); err != nil && !o.keepServing(err) {
				stop(err)
				return
			}
		}
		if watcher != nil {
			_ = watcher.Run(sctx)
		}
	})
	err := srv.Serve(sctx, ln)
	stop(nil)
	wg.Wait()
	if cause := context.Cause(sctx); err == nil && !errors.Is(cause, context.Canceled) {
		return cause // the first build failed
	}
	return err
}

// keepServing reports whether the server goes on after the first build
// failed with err: in watch mode with content errors only, which the
// pages show until a save fixes them.
func (o *Options) keepServing(err error) bool {
	var ue *build.UsageError
	return o.Watch && !errors.As(err, &ue) && errors.Is(err, build.ErrContent)
}
