package register

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/load"
	"handbook/internal/site"
	"handbook/internal/standard"
)

// refCoverage is the plain statement of Coverage: for each clause, the
// documents listing it, and those listing only clauses within it.
func refCoverage(docs []*site.Document) []ClauseCoverage {
	var out []ClauseCoverage
	for _, c := range standard.Clauses() {
		cc := ClauseCoverage{Clause: c}
		for _, d := range docs {
			switch {
			case d.Meta.Status == "retired":
			case slices.Contains(d.Meta.Clauses, c.Number):
				cc.Docs = append(cc.Docs, d)
			case slices.ContainsFunc(d.Meta.Clauses, func(n string) bool { return Within(n, c.Number) }):
				cc.Sub = append(cc.Sub, d)
			}
		}
		cc.State = state(append(slices.Clone(cc.Docs), cc.Sub...))
		out = append(out, cc)
	}
	return out
}

// TestCoverageAgainstReference compares Coverage with refCoverage on
// random documents listing clauses, their parents and children, numbers
// that only look alike ("8.10" beside "8.1"), unknown numbers and repeats.
func TestCoverageAgainstReference(t *testing.T) {
	var numbers []string
	for _, c := range standard.Clauses() {
		numbers = append(numbers, c.Number)
	}
	numbers = append(numbers, "8.10", "8.1.99", "99", "", "8.", ".8", "4.1.1.1")
	statuses := []string{"approved", "draft", "retired", "in-review"}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 200 {
		var docs []*site.Document
		for i := range rng.IntN(40) {
			d := &site.Document{Meta: site.Meta{ID: fmt.Sprint(i), Status: statuses[rng.IntN(len(statuses))]}}
			for range rng.IntN(5) {
				d.Meta.Clauses = append(d.Meta.Clauses, numbers[rng.IntN(len(numbers))])
			}
			docs = append(docs, d)
		}
		if got, want := Coverage(docs), refCoverage(docs); !reflect.DeepEqual(got, want) {
			t.Fatalf("Coverage differs from the reference for %d documents", len(docs))
		}
	}
}

// BenchmarkCoverage computes clause coverage of the benchmark corpus.
func BenchmarkCoverage(b *testing.B) {
	s, _, err := load.Site(benchcorpus.Site(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Coverage(s.Docs)
	}
}
