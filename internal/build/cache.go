package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/output"
	"handbook/internal/search"
	"handbook/internal/search/index"
)

// searchEntry is the cache entry of the search index: the files of
// _search/ (index/... and static/...), and the number of records as its
// metadata. The index is a function of the search documents and the
// types alone (index.Write), so they and the binary make its key.
const searchEntry = "search"

// cacheKey is the key of the cache entry name for the inputs that write
// writes, with the cache format and the binary's identity; "" when the
// build has no cache, the binary cannot be identified or write fails
// (then nothing is cached).
func (st *state) cacheKey(name string, write func(io.Writer) error) string {
	if st.Opts.Cache == "" || st.binary == nil {
		return ""
	}
	bin, err := st.binary()
	if err != nil {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(cache.Format + "\n" + name + "\n" + bin + "\n"))
	if write(h) != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// searchKey is the cache key of a search index of docs.
func (st *state) searchKey(docs []search.Document, types []search.TypeInfo) string {
	return st.cacheKey(searchEntry, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		return errors.Join(enc.Encode(types), enc.Encode(docs))
	})
}

// cachedFile returns the one file of the cache entry name stored with
// key, if the build has a cache holding it; else it computes the file and
// stores it. A cache that cannot be written is logged and left alone.
func (st *state) cachedFile(name, key string, compute func() ([]byte, error)) ([]byte, error) {
	if key == "" {
		return compute()
	}
	if e, ok := cache.Load(st.Opts.Cache, name, key); ok {
		if b, ok := e.Files["data"]; ok && len(e.Files) == 1 {
			st.count(func(s *Stats) { s.Cached = append(s.Cached, name) })
			return b, nil
		}
	}
	b, err := compute()
	if err != nil {
		return nil, err
	}
	st.storeFile(name, key, "data", b)
	return b, nil
}

// storeFile makes the cache entry name, under key, of one file; a cache
// that cannot be written is logged and left alone.
func (st *state) storeFile(name, key, file string, data []byte) {
	w, err := cache.Create(st.Opts.Cache, name)
	if err == nil {
		if err = w.Put(file, data); err == nil {
			err = w.Commit(key, "")
		}
		w.Abort()
	}
	if err != nil {
		st.Opts.Logger.Warn("build cache", "entry", name, "error", err)
	}
}

// replaySearch writes the cached search index into out, if the cache has
// one for key, and returns its number of records; ok is false, and
// nothing was written, when it has none. An error writing the output
// fails the build, as it would have without the cache.
func replaySearch(st *state, out *output.Dir, key string) (records int, ok bool, err error) {
	e, ok := cache.Load(st.Opts.Cache, searchEntry, key)
	if !ok {
		return 0, false, nil
	}
	if records, err = strconv.Atoi(e.Meta); err != nil {
		return 0, false, nil
	}
	for rel, data := range e.Files {
		if err = out.Write("_search/"+rel, data); err != nil {
			return 0, false, err
		}
	}
	return records, true, nil
}

// indexSearch writes the search index of docs into out and, when key is
// set, stores it in the cache too. A cache that cannot be written is
// logged and left alone: the build does not depend on it.
func indexSearch(ctx context.Context, st *state, out *output.Dir, docs []search.Document, key string) (int, error) {
	var w *cache.Writer
	if key != "" {
		var err error
		if w, err = cache.Create(st.Opts.Cache, searchEntry); err != nil {
			st.Opts.Logger.Warn("search index cache", "error", err)
		}
	}
	var cacheErr error
	var mu sync.Mutex
	idx := index.Output{ // the static index alone: serve makes its own (query.OpenIn)
		Put: func(name string, b []byte) error {
			if w != nil {
				if err := w.Put("static/"+name, b); err != nil {
					mu.Lock()
					cacheErr = err
					mu.Unlock()
				}
			}
			return out.Write("_search/static/"+name, b)
		},
	}
	stats, err := index.Write(ctx, idx, docs, st.searchTypes())
	if w == nil || err != nil {
		if w != nil {
			w.Abort()
		}
		return stats.Records, err
	}
	if cacheErr == nil {
		cacheErr = w.Commit(key, strconv.Itoa(stats.Records))
	}
	if cacheErr != nil {
		w.Abort()
		st.Opts.Logger.Warn("search index cache", "error", cacheErr)
	}
	return stats.Records, nil
}
