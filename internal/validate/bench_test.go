package validate_test

import (
	"testing"
	"time"

	"handbook/internal/benchcorpus"
	"handbook/internal/load"
	"handbook/internal/validate"
)

// BenchmarkSite validates every document of the benchmark corpus and the
// relations between them.
func BenchmarkSite(b *testing.B) {
	s, _, err := load.Site(benchcorpus.Site(b))
	if err != nil {
		b.Fatal(err)
	}
	today := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		if errs, _ := validate.Site(s, today).Count(); errs > 0 {
			b.Fatalf("%d errors in the corpus", errs)
		}
	}
	b.ReportMetric(float64(len(s.Docs)), "docs/op")
}
