package load_test

import (
	"os"
	"path/filepath"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/config"
	"handbook/internal/load"
)

// BenchmarkLoad reads and decodes every document of the benchmark corpus
// (file system walk, reads, front matter), as a build does.
func BenchmarkLoad(b *testing.B) {
	dir := benchcorpus.Site(b)
	cfg, err := config.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	var docs int
	for b.Loop() {
		s, _, err := load.WithConfig(dir, cfg)
		if err != nil {
			b.Fatal(err)
		}
		docs = len(s.Docs)
	}
	b.ReportMetric(float64(docs), "docs/op")
}

// BenchmarkParse decodes documents already in memory: the front matter
// cost without the file system.
func BenchmarkParse(b *testing.B) {
	dir := benchcorpus.Site(b)
	var files [][]byte
	var paths []string
	var size int64
	err := filepath.WalkDir(filepath.Join(dir, load.ContentDir), func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files, paths, size = append(files, data), append(paths, p), size+int64(len(data))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for b.Loop() {
		for i, data := range files {
			if _, ds := load.Parse(paths[i], data, nil); len(ds) > 0 {
				b.Fatal(ds[0])
			}
		}
	}
}
