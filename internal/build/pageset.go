package build

import (
	"crypto/sha256"
	"errors"
	"io"
	"sync/atomic"

	"handbook/internal/cache"
	"handbook/internal/output"
	"handbook/internal/render"
)

// pageSet is the cache of a set of pages made together, of the kind
// pageKey keys (the redirects): one key for all of them — what every page
// shares (pagesShared) and each page's path and pageKey's fields, in
// order — and an entry holding the SHA-256 of each page as written, in
// the same order. When the key is the last build's, each page the output
// still holds with those bytes is left as it is; the others are rendered.
// One key and one array of sums rather than a key and a line per page:
// the 20,000 redirects of a 10,000-document handbook cost 60 ms of CPU
// per edit to key, look up and record one by one, and any change to one
// of them (an alias edited) but renders them all again, as a change to
// what every page shares does. A nil *pageSet keeps and stores nothing.
type pageSet struct {
	st    *state
	name  string
	key   string
	paths []string
	sums  []byte // the last build's, sha256.Size each; nil when its key was another
	kept  atomic.Int64
}

// errUnkeyed stops a page set's key at a page pageKey cannot key.
var errUnkeyed = errors.New("a page without a page key")

// sumsName is the file of a page set's entry holding the sums.
const sumsName = "sums"

// newPageSet loads the cache entry name of the pages written to paths;
// nil without a cache or with a page pageKey cannot key.
func (st *state) newPageSet(name string, paths []string, pages []*render.Page) *pageSet {
	key := st.cacheKey(name, func(w io.Writer) error {
		if err := st.pagesShared(w); err != nil {
			return err
		}
		var b []byte
		for i, p := range pages {
			var ok bool
			if b, ok = appendPageKey(appendString(b, paths[i]), p); !ok {
				return errUnkeyed
			}
			if len(b) > 64<<10 {
				if _, err := w.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
		_, err := w.Write(b)
		return err
	})
	if key == "" {
		return nil
	}
	ps := &pageSet{st: st, name: name, key: key, paths: paths}
	if e, ok := cache.Load(st.Opts.Cache, name, key); ok && len(e.Files[sumsName]) == len(paths)*sha256.Size {
		ps.sums = e.Files[sumsName]
	}
	return ps
}

// keep leaves page i as the output holds it, if it holds what the last
// build wrote there under the same key.
func (ps *pageSet) keep(out *output.Dir, i int) bool {
	if ps == nil || ps.sums == nil {
		return false
	}
	if !out.Keep(ps.paths[i], [sha256.Size]byte(ps.sums[i*sha256.Size:])) {
		return false
	}
	ps.kept.Add(1)
	return true
}

// store writes the sums of the pages as out has them, unless the entry
// loaded holds them already; a page out lacks stores nothing.
func (ps *pageSet) store(out *output.Dir) {
	if ps == nil {
		return
	}
	if ps.kept.Load() > 0 {
		ps.st.count(func(s *Stats) { s.Cached = append(s.Cached, ps.name) })
	}
	sums := make([]byte, 0, len(ps.paths)*sha256.Size)
	for _, rel := range ps.paths {
		sum, ok := out.Sum(rel)
		if !ok {
			return
		}
		sums = append(sums, sum[:]...)
	}
	if string(sums) != string(ps.sums) {
		ps.st.storeFile(ps.name, ps.key, sumsName, sums)
	}
}
