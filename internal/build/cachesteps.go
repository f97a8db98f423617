package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
		if files, ok := r.keep(st, out, key, e); ok {
			if r.done != nil {
				defer r.done(st).finish()
			}
			return r.replay(st, out, e, files)
		}
	}
	w, err := cache.Create(st.Opts.Cache, outputEntry(r.name))
	if err != nil {
		st.Opts.Logger.Warn("build cache", "entry", outputEntry(r.name), "error", err)
		return r.run(ctx, st, out)
	}
	defer w.Abort()
	rec := &recorder{sink: out, w: w, paths: map[string]bool{}}
	if err := r.run(ctx, st, rec); err != nil {
		return err
	}
	r.store(st, key, rec, out)
	return nil
}

// outputEntry is the cache entry of a replayed step's files, stored
// apart from the step's entry (its embeds, the files' SHA-256 and meta)
// under the same key: a replay leaves the files the output folder holds
// as they are (output.Keep) and reads only the others' bytes. The
// register's files are 33 MB at 10,000 documents, read back, checked and
// hashed again on every edit when they were in one entry.
func outputEntry(name string) string { return name + "-output" }

// sumsFile lists, in a step's entry, the SHA-256 and path of every file
// the step writes: "HEX PATH", one a line, in path order.
const sumsFile = "sums"

// replayFiles are a replayed step's files: every path, and the bytes of
// those the output folder does not hold.
type replayFiles struct {
	paths []string
	data  map[string][]byte
}

// keep leaves in the output folder the files of the step's entry e that
// it holds with the bytes e lists, and reads the others from the step's
// output entry; false when e lists no sums or that entry lacks a file
// (then the step is run again: what out kept is written anew).
func (r replayed) keep(st *state, out *output.Dir, key string, e *cache.Entry) (replayFiles, bool) {
	sums, ok := e.Files[sumsFile]
	if !ok {
		return replayFiles{}, false
	}
	f := replayFiles{data: map[string][]byte{}}
	var missing []string
	for line := range strings.Lines(string(sums)) {
		sum, rel, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		b, err := hex.DecodeString(sum)
		if err != nil || len(b) != sha256.Size || rel == "" {
			return replayFiles{}, false
		}
		f.paths = append(f.paths, rel)
		if !out.Keep(rel, [32]byte(b)) {
			missing = append(missing, rel)
		}
	}
	if len(missing) == 0 {
		return f, true
	}
	files, ok := cache.Load(st.Opts.Cache, outputEntry(r.name), key)
	if !ok {
		return replayFiles{}, false
	}
	for _, rel := range missing {
		if f.data[rel], ok = files.Files[rel]; !ok {
			return replayFiles{}, false
		}
	}
	return f, true
}

// replay writes the files of a cached entry e the output folder does not
// hold, sets its embeds and counts what the step counted.
func (r replayed) replay(st *state, out sink, e *cache.Entry, f replayFiles) error {
	for _, rel := range slices.Sorted(maps.Keys(f.data)) {
		if err := out.Write(rel, f.data[rel]); err != nil {
			return err
		}
	}
	for rel, data := range e.Files {
		if sc, ok := strings.CutPrefix(rel, "embeds/"); ok {
			name, arg, _ := strings.Cut(sc, ":")
			st.setEmbed(name, arg, data)
		}
	}
	var pages, figures int
	for _, rel := range f.paths {
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

// store commits the step's output entry, which rec wrote its files to,
// then its embeds and the SHA-256 of its files, as out has them, in its
// entry, both under key; a cache that cannot be written is logged.
func (r replayed) store(st *state, key string, rec *recorder, out *output.Dir) {
	if rec.err != nil {
		st.Opts.Logger.Warn("build cache", "entry", outputEntry(r.name), "error", rec.err)
		return
	}
	paths := slices.Sorted(maps.Keys(rec.paths))
	var sums []byte
	for _, rel := range paths {
		sum, ok := out.Sum(rel)
		if !ok {
			return // not written as recorded: nothing to replay
		}
		sums = append(hex.AppendEncode(sums, sum[:]), ' ')
		sums = append(append(sums, rel...), '\n')
	}
	// The output entry first: an entry whose output entry has another
	// key is never replayed without the files it needs.
	if err := rec.w.Commit(key, ""); err != nil {
		st.Opts.Logger.Warn("build cache", "entry", outputEntry(r.name), "error", err)
		return
	}
	stored := []cacheFile{{sumsFile, sums}}
	for _, sc := range r.embeds {
		name, arg, _ := strings.Cut(sc, ":")
		st.embedsMu.Lock()
		html, ok := st.embeds[markdown.Marker(name, arg)]
		st.embedsMu.Unlock()
		if ok {
			stored = append(stored, cacheFile{"embeds/" + sc, html})
		}
	}
	meta := strconv.Itoa(len(paths))
	if r.meta != nil {
		meta = r.meta(st)
	}
	st.storeEntry(r.name, key, meta, stored)
}

// recorder passes files on to a sink and writes each to a cache entry (a
// replayed step's output entry) as it goes, keeping their paths alone: a
// step's files are not all held until it is done (the search index's are
// 31 MB at 10,000 documents, the register's 23 MB), and the step may
// change a file's bytes once written. err is why the entry cannot be
// stored: a file it cannot hold, or written twice.
type recorder struct {
	sink
	w     *cache.Writer
	mu    sync.Mutex
	paths map[string]bool
	err   error
}

func (r *recorder) Write(rel string, data []byte) error {
	err := r.w.Put(rel, data)
	r.mu.Lock()
	if r.paths[rel] {
		err = errors.Join(err, fmt.Errorf("%s written twice", rel))
	}
	r.paths[rel] = true
	r.err = errors.Join(r.err, err)
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

// frontMatter writes the SHA-256 of every included document's path and
// front matter, in order (state.sources), then for each whether its body
// embeds a shortcode named embed.
func (st *state) frontMatter(w io.Writer, embed string) error {
	sum, err := st.sources()
	if err != nil {
		return err
	}
	b := append(make([]byte, 0, len(sum)+len(st.Docs)), sum[:]...)
	for _, d := range st.Docs {
		flag := byte('0')
		if p := st.Pages[d.Meta.ID]; p != nil && embeds(p, embed) {
			flag = '1'
		}
		b = append(b, flag)
	}
	_, err = w.Write(b)
	return err
}

// sourcesSum is the SHA-256 of writeSource of every included document,
// in order.
func (st *state) sourcesSum() ([32]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, d := range st.Docs {
		if err := writeSource(&b, enc, d); err != nil {
			return [32]byte{}, err
		}
	}
	return sha256.Sum256(b.Bytes()), nil
}
