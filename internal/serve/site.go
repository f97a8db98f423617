package serve

import (
	"net/http"
	"os"
	"sync"
	"sync/atomic"
)

// Site is one build of the handbook as the server publishes it.
type Site struct {
	// Dir is the output folder; only files under it are served.
	Dir string
	// Audience is the audience this edition was built for: "" without
	// Options.Readers, else one of Options.Editions.
	Audience string
	// Search answers /api/search and /search/?q= (see package search); nil
	// means the build has no search.
	Search http.Handler
	// Release, if set, is called once the site is no longer published and
	// no request is using it (to close the index and remove the folder).
	Release func()
}

// generation is a published Site with a count of the requests using it,
// so that a swap never closes a folder under a request that is reading it.
type generation struct {
	site    Site
	docs    *docIndex // with Readers: the edition's documents, from log.json
	reps    reps      // the files' ETags and gzip encodings, as served
	build   int64     // 1 for the first published build, then 2, ...
	root    *os.Root  // nil when no build has succeeded yet
	refs    atomic.Int64
	retired atomic.Bool
	once    sync.Once
}

func newGeneration(s Site) (*generation, error) {
	g := &generation{site: s}
	if s.Dir == "" {
		return g, nil
	}
	root, err := os.OpenRoot(s.Dir)
	if err != nil {
		return nil, err
	}
	g.root = root
	return g, nil
}

// done drops one use; the last use of a retired generation frees it.
func (g *generation) done() {
	if g.refs.Add(-1) == 0 && g.retired.Load() {
		g.free()
	}
}

// retire marks g as replaced; it is freed now or when its last request ends.
func (g *generation) retire() {
	g.retired.Store(true)
	if g.refs.Load() == 0 {
		g.free()
	}
}

func (g *generation) free() {
	g.once.Do(func() {
		if g.root != nil {
			_ = g.root.Close()
		}
		if g.site.Release != nil {
			g.site.Release()
		}
	})
}

// current holds the published generation and swaps it atomically.
type current struct{ p atomic.Pointer[generation] }

// acquire returns the published generation, counted as in use until done.
func (c *current) acquire() *generation {
	for {
		g := c.p.Load()
		g.refs.Add(1)
		if c.p.Load() == g {
			return g
		}
		g.done() // swapped meanwhile: try the new one
	}
}

// swap publishes g and retires the generation it replaces.
func (c *current) swap(g *generation) {
	if old := c.p.Swap(g); old != nil {
		old.retire()
	}
}
