package build

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/markdown"
	"handbook/internal/output"
)

// A replayed step is a generator whose whole output — the files it writes
// and the embeds it sets for the pages — is a function of inputs cheaper
// to hash than to process: the search index reads the documents' sections,
// the register (the log in four formats, clause coverage, reviews, the
// feed) their front matter only, the figures the front matter and the
// scope model. With a cache, such a step is run once per key and its
// output replayed from the cache after that: a body edit neither rewrites
// log.xlsx nor lays out a figure, a layout edit does not index again.
type replayed struct {
	name string
	// key writes every input of the step.
	key func(st *state, w io.Writer) error
	// embeds are the shortcodes ("name:arg") whose HTML the step sets.
	embeds []string
	// done, if set, is told once the embeds are set (or the step
	// failed), for the pages that wait for them.
	done func(st *state) *ready
	run  func(ctx context.Context, st *state, out sink) error
	// meta, if set, is what the step counted besides its files, stored
	// with them; restore counts it again when they are replayed.
	meta    func(st *state) string
	restore func(st *state, meta string)
	// handsOver is whether the step never changes a file's bytes once it
	// has written them: its files are then kept for the cache without a
	// copy.
	handsOver bool
}

// sharedAnd is the key of a step whose output also holds what every page
// shares (pagesShared: configuration, day, site view, layouts, options).
func sharedAnd(key func(st *state, w io.Writer) error) func(st *state, w io.Writer) error {
	return func(st *state, w io.Writer) error {
		return errors.Join(st.pagesShared(w), key(st, w))
	}
}

// replay runs the step, or replays its output from the cache when the
// cache has it for this build's inputs. The pages and figures a replayed
// step adds to the build's statistics are those it wrote: its HTML files
// (every one a page) and its SVG files (every one a figure drawn).
func (r replayed) generator(ctx context.Context, st *state, out *output.Dir) error {
	key := st.cacheKey(r.name, func(w io.Writer) error { return r.key(st, w) })
	if key == "" {
		return r.run(ctx, st, out)
	}
	if e, ok := cache.Load(st.Opts.Cache, r.name, key); ok {
		if r.done != nil {
			defer r.done(st).finish()
		}
		return r.replay(st, out, e)
	}
	rec := &recorder{sink: out, files: map[string][]byte{}, noCopy: r.handsOver}
	if err := r.run(ctx, st, rec); err != nil {
		return err
	}
	r.store(st, key, rec.files)
	return nil
}

// replay writes a cached entry's files and sets its embeds.
func (r replayed) replay(st *state, out sink, e *cache.Entry) error {
	var pages, figures int
	for _, rel := range slices.Sorted(maps.Keys(e.Files)) {
		data := e.Files[rel]
		if sc, ok := strings.CutPrefix(rel, "embeds/"); ok {
			name, arg, _ := strings.Cut(sc, ":")
			st.setEmbed(name, arg, data)
			continue
		}
		rel = strings.TrimPrefix(rel, "files/")
		if err := out.Write(rel, data); err != nil {
			return err
		}
		if strings.HasSuffix(rel, ".html") {
			pages++
		}
		if strings.HasSuffix(rel, ".svg") {
			figures++
		}
	}
	st.count(func(s *Stats) {
		s.Pages += pages
		s.Figures += figures
		s.Cached = append(s.Cached, r.name)
	})
	if r.restore != nil {
		r.restore(st, e.Meta)
	}
	return nil
}

// store keeps the step's files and embeds under key; a cache that cannot
// be written is logged.
func (r replayed) store(st *state, key string, files map[string][]byte) {
	w, err := cache.Create(st.Opts.Cache, r.name)
	if err == nil {
		for _, rel := range slices.Sorted(maps.Keys(files)) {
			err = errors.Join(err, w.Put("files/"+rel, files[rel]))
		}
		for _, sc := range r.embeds {
			name, arg, _ := strings.Cut(sc, ":")
			st.embedsMu.Lock()
			html, ok := st.embeds[markdown.Marker(name, arg)]
			st.embedsMu.Unlock()
			if ok {
				err = errors.Join(err, w.Put("embeds/"+sc, html))
			}
		}
		meta := strconv.Itoa(len(files))
		if r.meta != nil {
			meta = r.meta(st)
		}
		if err == nil {
			err = w.Commit(key, meta)
		}
		w.Abort()
	}
	if err != nil {
		st.Opts.Logger.Warn("build cache", "entry", r.name, "error", err)
	}
}

// recorder passes files on to a sink and keeps a copy of each, or each
// one's bytes themselves (noCopy).
type recorder struct {
	sink
	mu     sync.Mutex
	files  map[string][]byte
	noCopy bool
}

func (r *recorder) Write(rel string, data []byte) error {
	if !r.noCopy {
		data = slices.Clone(data)
	}
	r.mu.Lock()
	r.files[rel] = data
	r.mu.Unlock()
	return r.sink.Write(rel, data)
}

// registerStep is the register: every document's front matter, address
// and whether it embeds the log (the log links to that document).
var registerStep = replayed{
	name:   "register",
	key:    sharedAnd(func(st *state, w io.Writer) error { return st.frontMatter(w, "log") }),
	embeds: []string{"log:"},
	done:   func(st *state) *ready { return &st.logged },
	run:    writeRegister,
}

// drawStep is the figures: every document's front matter (Figure 1 links
// the documents addressing each clause, Figure 2 is their structure) and
// the scope model's data file.
var drawStep = replayed{
	name: "draw",
	key: sharedAnd(func(st *state, w io.Writer) error {
		data, ok := st.Site.Data["scope.yaml"]
		return errors.Join(st.frontMatter(w, "figure"), json.NewEncoder(w).Encode([]any{ok, data}))
	}),
	embeds: []string{"figure:scope", "figure:structure"},
	done:   func(st *state) *ready { return &st.drawing },
	run:    drawFigures,
}

// frontMatter writes every included document's path and front matter,
// in order, and whether its body embeds a shortcode named embed.
func (st *state) frontMatter(w io.Writer, embed string) error {
	enc := json.NewEncoder(w)
	var err error
	for _, d := range st.Docs {
		p := st.Pages[d.Meta.ID]
		err = errors.Join(err, writeSource(w, enc, d), enc.Encode(p != nil && embeds(p, embed)))
	}
	return err
}
