package search_test

import (
	"context"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/load"
	"handbook/internal/markdown"
	"handbook/internal/search"
)

// BenchmarkWrite indexes the benchmark corpus, one record per section, as
// a build does: the bleve index and the static index.
func BenchmarkWrite(b *testing.B) {
	s, _, err := load.Site(benchcorpus.Site(b))
	if err != nil {
		b.Fatal(err)
	}
	conv := markdown.New(s.Config)
	docs := make([]search.Document, len(s.Docs))
	var size int64
	for i, d := range s.Docs {
		url := s.Config.URL(d.URLPath())
		docs[i] = search.Document{ID: d.Meta.ID, Title: d.Meta.Title, Type: d.Meta.Type, Status: d.Meta.Status,
			Owner: d.Meta.Owner, Clauses: d.Meta.Clauses, Tags: d.Meta.Tags, URL: url}
		for _, sec := range conv.Convert(d, url, nil).Sections {
			docs[i].Sections = append(docs[i].Sections, search.Section{Anchor: sec.Anchor, Heading: sec.Heading, Text: sec.Text})
			size += int64(len(sec.Text))
		}
	}
	b.SetBytes(size)
	var stats search.WriteStats
	for b.Loop() {
		if stats, err = search.Write(context.Background(), search.FolderOutput(b.TempDir()), docs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stats.Records), "records/op")
}
