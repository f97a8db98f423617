package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"handbook/internal/binrec"
	"handbook/internal/cache"
	"handbook/internal/output"
	"handbook/internal/render"
)

// pageSet is the cache of a set of pages made together (the redirects):
// an entry holding each page's output path and the SHA-256 of its bytes
// as written, with fingerprints of what the pages are made from, at two
// levels: their inputs, cheap to hash (for the redirects, the documents'
// paths and front matter), and the pages' own fields (pageKey's), which
// take building the pages to know. When either is the last build's, the
// pages the output still holds with the listed bytes are left as they
// are (keepAll); the others are made and written. Keying, looking up and
// recording the 20,000 redirects of a 10,000-document handbook one by
// one cost 80 ms of CPU per edit; a body edit now neither lays out nor
// lists them, a front matter edit lists them, and a change to any of them
// (an alias edited) lays them all out again, as a change to what every
// page shares (in the entry's key) does. A nil *pageSet keeps and stores
// nothing.
type pageSet struct {
	st   *state
	name string
	key  string
	// prev and next are the fingerprints of the last build's pages and
	// of this build's, by level (inputsLevel, pagesLevel).
	prev, next map[string]string
	// paths and sums (sha256.Size bytes each, in order) are the last
	// build's pages; kept says which the output holds (keepAll).
	paths []string
	sums  []byte
	kept  []bool
}

// The fingerprints of a page set, and the files of its entry: the
// fingerprints, "LEVEL HEX" a line; the pages' paths, one a line; their
// sums, end to end.
const (
	inputsLevel = "inputs"
	pagesLevel  = "pages"
	levelsName  = "fingerprints"
	pathsName   = "paths"
	sumsName    = "sums"
)

// newPageSet loads the cache entry name for the key of what every page
// of the set shares, which shared writes; nil without a cache.
func (st *state) newPageSet(name string, shared func(io.Writer) error) *pageSet {
	k := st.cacheKey(name, shared)
	if k == "" {
		return nil
	}
	ps := &pageSet{st: st, name: name, key: k, prev: map[string]string{}, next: map[string]string{}}
	e, ok := cache.Load(st.Opts.Cache, name, k)
	if !ok {
		return ps
	}
	paths := strings.Split(string(e.Files[pathsName]), "\n")
	paths = paths[:len(paths)-1] // after the last line break
	if sums := e.Files[sumsName]; len(sums) != len(paths)*sha256.Size {
		return ps
	}
	for line := range strings.Lines(string(e.Files[levelsName])) {
		level, fp, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		ps.prev[level] = fp
	}
	ps.paths, ps.sums, ps.kept = paths, e.Files[sumsName], make([]bool, len(paths))
	return ps
}

// keepPages opens the page set name of pages that out receives, keyed by
// what every page shares: nil unless out is the output folder (dir) and
// the build has a cache. When the fingerprint of the pages' other inputs
// (inputs, called only then) is the last build's and the output holds
// all of them, it keeps them, counts them and reports kept.
func (st *state) keepPages(out sink, name string, inputs func() string) (ps *pageSet, dir *output.Dir, kept bool) {
	if dir, _ = out.(*output.Dir); dir == nil {
		return nil, nil, false
	}
	if ps = st.newPageSet(name, st.pagesShared); ps == nil || !ps.keepAll(dir, inputsLevel, inputs()) {
		return ps, dir, false
	}
	st.count(func(s *Stats) { s.Pages += len(ps.paths) })
	ps.store(dir, ps.paths)
	return ps, dir, true
}

// keepAll notes fp as this build's fingerprint at level and, if it is the
// last build's, leaves every page of the last build as the output holds
// it, where it holds the same bytes. It reports whether all were kept.
func (ps *pageSet) keepAll(out *output.Dir, level, fp string) bool {
	if ps == nil {
		return false
	}
	ps.next[level] = fp
	if ps.sums == nil || fp == "" || ps.prev[level] != fp {
		return false
	}
	// The pages are the last build's: so are the levels not reached.
	for l, v := range ps.prev {
		if _, ok := ps.next[l]; !ok {
			ps.next[l] = v
		}
	}
	all := true
	for i, rel := range ps.paths {
		if !ps.kept[i] {
			ps.kept[i] = out.Keep(rel, [sha256.Size]byte(ps.sums[i*sha256.Size:]))
		}
		all = all && ps.kept[i]
	}
	return all
}

// keeping returns whether keepAll kept each of paths, the pages of this
// build: none unless they are the last build's.
func (ps *pageSet) keeping(paths []string) []bool {
	if ps == nil || !slices.Equal(paths, ps.paths) {
		return make([]bool, len(paths))
	}
	return ps.kept
}

// store writes the fingerprints, paths and sums of this build's pages,
// as out has them, unless the entry loaded holds them already; a page
// out lacks stores nothing.
func (ps *pageSet) store(out *output.Dir, paths []string) {
	if ps == nil {
		return
	}
	if slices.Contains(ps.kept, true) {
		ps.st.count(func(s *Stats) { s.Cached = append(s.Cached, ps.name) })
	}
	if !slices.Contains(ps.kept, false) && slices.Equal(paths, ps.paths) && maps.Equal(ps.prev, ps.next) {
		return // every page kept with the sums listed
	}
	sums := make([]byte, 0, len(paths)*sha256.Size)
	for _, rel := range paths {
		sum, ok := out.Sum(rel)
		if !ok {
			return
		}
		sums = append(sums, sum[:]...)
	}
	if string(sums) == string(ps.sums) && slices.Equal(paths, ps.paths) && maps.Equal(ps.prev, ps.next) {
		return
	}
	var levels, list []byte
	for _, level := range slices.Sorted(maps.Keys(ps.next)) {
		levels = fmt.Appendf(levels, "%s %s\n", level, ps.next[level])
	}
	for _, rel := range paths {
		list = append(append(list, rel...), '\n')
	}
	ps.st.storeFiles(ps.name, ps.key, cacheFile{levelsName, levels}, cacheFile{pathsName, list}, cacheFile{sumsName, sums})
}

// pagesFingerprint is the SHA-256, in hex, of the output path and
// pageKey's fields of every page, in order; "" if pageKey cannot key one.
func pagesFingerprint(paths []string, pages []*render.Page) string {
	h := sha256.New()
	var b []byte
	for i, p := range pages {
		var ok bool
		if b, ok = appendPageKey(binrec.AppendString(b, paths[i]), p); !ok {
			return ""
		}
		if len(b) > 60<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// sourcesFingerprint is the fingerprint, at inputsLevel, of pages made
// from the included documents' paths and front matter, in order, besides
// what every page shares (state.sources; the redirects, the types'
// lists); "" when it cannot be made.
func (st *state) sourcesFingerprint() string {
	sources, err := st.sources()
	if err != nil {
		return ""
	}
	return hex.EncodeToString(sources[:])
}

// sitePagesInputs is the fingerprint, at inputsLevel, of the home,
// acknowledgements, 404 and error pages besides what every page shares
// (siteEntry's key: the sidebar, configuration with the home page's
// tasks, the day, layouts): the documents' paths and front matter (their
// titles, histories, acknowledgements), the link graph (the most
// referenced procedures are the tasks when the configuration names
// none) and Figure 1's HTML; "" when it cannot be made.
func (st *state) sitePagesInputs() string {
	sources, err := st.sources()
	if err != nil {
		return ""
	}
	refs := st.refs()
	scope, ok := st.embedded("figure", "scope")
	h := sha256.New()
	h.Write(append(sources[:], refs[:]...))
	fmt.Fprintf(h, "%t %d\n", ok, len(scope))
	h.Write(scope)
	return hex.EncodeToString(h.Sum(nil))
}
