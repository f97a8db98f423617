package markdown_test

import (
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/load"
	"handbook/internal/markdown"
)

// BenchmarkConvert renders every document of the benchmark corpus on one
// core, without the link resolver (see package link for that): goldmark,
// heading ids, shortcodes and the outline for search.
func BenchmarkConvert(b *testing.B) {
	s, _, err := load.Site(benchcorpus.Site(b))
	if err != nil {
		b.Fatal(err)
	}
	conv := markdown.New(s.Config)
	var size int64
	for _, d := range s.Docs {
		size += int64(len(d.Body))
	}
	b.SetBytes(size)
	for b.Loop() {
		for _, d := range s.Docs {
			if res := conv.Convert(d, nil); len(res.Problems) > 0 {
				b.Fatal(res.Problems[0])
			}
		}
	}
}
