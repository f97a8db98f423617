package build

import (
	"io"

	"handbook/internal/cache"
	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/load"
	"handbook/internal/site"
)

// loadEntry is the cache entry of load's memo (load.Memo): what decoding
// each document's front matter gave, by the SHA-256 of its path, bytes and
// the configuration's extra fields. Decoding YAML was most of a build's
// reading time; after a small edit every other document's bytes are the
// same.
const loadEntry = "load"

// load loads the site's documents with cfg, as load.WithConfig does,
// taking the front matter of each unchanged document from the cache when
// the build has one, and storing what this load decoded when it differs.
func (st *state) load(cfg *config.Config) (*site.Site, *diag.List, error) {
	key := st.cacheKey(loadEntry, func(io.Writer) error { return nil })
	if key == "" {
		return load.WithConfig(st.Opts.Site, cfg)
	}
	memo := load.NewMemo()
	if e, ok := cache.Load(st.Opts.Cache, loadEntry, key); ok {
		memo = load.ReadMemo(e.Files["data"])
	}
	s, list, err := load.WithMemo(st.Opts.Site, cfg, memo)
	if err != nil {
		return s, list, err
	}
	if memo.Reused() > 0 {
		st.count(func(s *Stats) { s.Cached = append(s.Cached, loadEntry) })
	}
	if memo.Changed() {
		b, err := memo.Bytes()
		if err != nil {
			st.Opts.Logger.Warn("build cache", "entry", loadEntry, "error", err)
			return s, list, nil
		}
		st.storeFile(loadEntry, key, "data", b)
	}
	return s, list, nil
}
