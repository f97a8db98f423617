// Package watch tells when a site's sources change: the Markdown and data
// under content/, the layouts/ and static/ overrides, and handbook.yaml.
// It waits for a burst of changes (an editor's save is several events) to
// settle, then calls back once with every path that changed. Folders
// created later are watched as they appear; folders deleted or renamed
// simply stop being watched.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Trees are the folders of a site whose contents are watched, at any depth.
var Trees = []string{"content", "layouts", "static"}

// ConfigFile is the one file watched at the top of the site.
const ConfigFile = "handbook.yaml"

// DefaultQuiet is how long the sources must be still before a rebuild.
const DefaultQuiet = 30 * time.Millisecond

// Options configure Run.
type Options struct {
	Site string
	// Quiet is how long no change may arrive before OnChange is called;
	// zero means DefaultQuiet.
	Quiet time.Duration
	// OnChange is called, never concurrently, with the changed paths
	// (relative to Site, slash-separated, sorted).
	OnChange func(ctx context.Context, changed []string)
	Logger   *slog.Logger
}

// Run watches until ctx is done: New, then Watcher.Run.
func Run(ctx context.Context, opts Options) error {
	w, err := New(opts)
	if err != nil {
		return err
	}
	defer w.Close()
	return w.Run(ctx)
}

// Watcher watches a site's sources. Changes are recorded from New on, so
// an edit made between New and Run (during a first build) is not lost.
type Watcher struct{ wt *watcher }

// New starts watching: when it returns, every existing source folder is
// watched.
func New(opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	wt := &watcher{opts: opts, fs: fw, pending: map[string]bool{}}
	if err := fw.Add(opts.Site); err != nil {
		fw.Close()
		return nil, err
	}
	for _, t := range Trees {
		wt.addTree(filepath.Join(opts.Site, t))
	}
	return &Watcher{wt}, nil
}

// Run calls OnChange after each burst of changes until ctx is done.
// Changes that arrive while OnChange runs are collected for the next
// call, so no edit is lost and builds never overlap.
func (w *Watcher) Run(ctx context.Context) error { return w.wt.loop(ctx) }

// Close stops watching.
func (w *Watcher) Close() error { return w.wt.fs.Close() }

type watcher struct {
	opts    Options
	fs      *fsnotify.Watcher
	pending map[string]bool
}

func (wt *watcher) loop(ctx context.Context) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-wt.fs.Events:
			if !ok {
				return nil
			}
			if wt.note(ev) {
				timer.Reset(wt.opts.Quiet)
			}
		case err, ok := <-wt.fs.Errors:
			if !ok {
				return nil
			}
			// An overflowed event queue loses events: rebuild to be safe.
			wt.opts.Logger.Warn("watching for changes", "error", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				wt.pending[ConfigFile] = true
				timer.Reset(wt.opts.Quiet)
			}
		case <-timer.C:
			changed := slices.Sorted(maps.Keys(wt.pending))
			clear(wt.pending)
			wt.opts.OnChange(ctx, changed)
		}
	}
}

// note records an event, and starts watching a folder created inside a
// watched tree. It reports whether the event is a change to the sources.
func (wt *watcher) note(ev fsnotify.Event) bool {
	rel, ok := wt.source(ev.Name)
	if !ok || ev.Op == fsnotify.Chmod {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			wt.addTree(ev.Name) // files may already be in it
		}
	}
	wt.pending[rel] = true
	return true
}

// source reports whether a path is one of the site's sources, and its
// slash path relative to the site. Hidden files and editors' temporary
// files (swap files, backups) are not sources.
func (wt *watcher) source(name string) (string, bool) {
	rel, err := filepath.Rel(wt.opts.Site, name)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == ConfigFile {
		return rel, true
	}
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(Trees, top) {
		return "", false
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, "#") {
			return "", false
		}
	}
	base := filepath.Base(rel)
	if strings.HasSuffix(base, "~") || base == "4913" ||
		slices.Contains([]string{".swp", ".swx", ".tmp"}, filepath.Ext(base)) {
		return "", false
	}
	return rel, true
}

// addTree watches a folder and every folder under it (not following
// symbolic links, so a link loop is harmless). A folder that vanishes
// meanwhile is skipped.
func (wt *watcher) addTree(root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := wt.fs.Add(p); err != nil {
			wt.opts.Logger.Warn("cannot watch folder", "path", p, "error", err)
		}
		return nil
	})
}
