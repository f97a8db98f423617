package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"

	"handbook/internal/cache"
)

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
	st.storeFiles(name, key, cacheFile{file, data})
}

// cacheFile is a file of a cache entry.
type cacheFile struct {
	name string
	data []byte
}

// storeFiles is storeFile of several files.
func (st *state) storeFiles(name, key string, files ...cacheFile) {
	st.storeEntry(name, key, "", files)
}

// storeEntry is storeFiles with the entry's meta; it reports whether the
// entry was stored.
func (st *state) storeEntry(name, key, meta string, files []cacheFile) bool {
	w, err := cache.Create(st.Opts.Cache, name)
	if err == nil {
		for _, f := range files {
			err = errors.Join(err, w.Put(f.name, f.data))
		}
		if err == nil {
			err = w.Commit(key, meta)
		}
		w.Abort()
	}
	if err != nil {
		st.Opts.Logger.Warn("build cache", "entry", name, "error", err)
	}
	return err == nil
}
