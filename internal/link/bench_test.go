package link_test

import (
	"testing"

	"github.com/yuin/goldmark/parser"

	"handbook/internal/benchcorpus"
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/load"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

// corpus loads the benchmark corpus.
func corpus(b *testing.B) *site.Site {
	s, _, err := load.Site(benchcorpus.Site(b))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkIndex builds the link index: ids, paths and the title matcher.
func BenchmarkIndex(b *testing.B) {
	s := corpus(b)
	for b.Loop() {
		link.NewIndex(s, nil)
	}
}

// BenchmarkConvert renders every document with the link resolver on one
// core; the difference from markdown's BenchmarkConvert is the cost of
// resolving links and finding title mentions.
func BenchmarkConvert(b *testing.B) {
	s := corpus(b)
	ix := link.NewIndex(s, nil)
	conv := markdown.New(s.Config, ix.Extension())
	var size int64
	for _, d := range s.Docs {
		size += int64(len(d.Body))
	}
	b.SetBytes(size)
	var nrefs int
	for b.Loop() {
		nrefs = 0
		for _, d := range s.Docs {
			var pc parser.Context
			conv.Convert(d, func(p parser.Context) {
				pc = p
				link.Attach(p, d)
			})
			refs, errs := link.Results(pc)
			for _, e := range errs {
				if e.Severity == diag.Error { // the corpus's warnings (retired targets) are expected
					b.Fatal(e)
				}
			}
			nrefs += len(refs)
		}
	}
	b.ReportMetric(float64(nrefs), "refs/op")
}

// BenchmarkGraph builds the link graph from the references of every document.
func BenchmarkGraph(b *testing.B) {
	s := corpus(b)
	ix := link.NewIndex(s, nil)
	conv := markdown.New(s.Config, ix.Extension())
	var refs []link.Ref
	for _, d := range s.Docs {
		var pc parser.Context
		conv.Convert(d, func(p parser.Context) { pc = p; link.Attach(p, d) })
		r, _ := link.Results(pc)
		refs = append(refs, r...)
	}
	for b.Loop() {
		link.NewGraph(ix, s.Docs, refs)
	}
}
