package search_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"handbook/internal/build"
	"handbook/internal/search"
)

// BenchmarkIndexSite times the indexing of a site's documents alone (what
// the build's "index" step does beside the pages), by default the
// repository's handbook, or HANDBOOK_BENCH_SITE=DIR (such as the 10,000
// documents of ../shared/bench's gencorpus). It reports the records and
// the size of the index.
func BenchmarkIndexSite(b *testing.B) {
	site := os.Getenv("HANDBOOK_BENCH_SITE")
	if site == "" {
		site = "../.."
	}
	_, st, err := build.Check(context.Background(), build.Options{Site: site})
	if err != nil {
		b.Fatal(err)
	}
	var docs []search.Document
	for _, d := range st.Docs {
		sd := search.Document{ID: d.Meta.ID, Title: d.Meta.Title, Type: d.Meta.Type, Clauses: d.Meta.Clauses, Tags: d.Meta.Tags, URL: "/" + d.URLPath()}
		for _, s := range st.Pages[d.Meta.ID].Sections {
			sd.Sections = append(sd.Sections, search.Section{Anchor: s.Anchor, Heading: s.Heading, Text: s.Text})
		}
		if len(sd.Sections) == 0 {
			sd.Sections = []search.Section{{}}
		}
		docs = append(docs, sd)
	}
	var stats search.WriteStats
	var dir string
	for b.Loop() {
		dir = b.TempDir()
		if stats, err = search.Write(context.Background(), search.FolderOutput(dir), docs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stats.Records), "records")
	b.ReportMetric(float64(dirSize(filepath.Join(dir, "_search", "index")))/1e6, "bleve-MB")
	b.ReportMetric(float64(dirSize(filepath.Join(dir, "_search", "static")))/1e6, "static-MB")
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
