package query

import (
	"testing"
)

// MixedQueries is mixedQueries for the benchmarks of package search_test.
func MixedQueries(ix *Index, n int) ([]Request, error) { return mixedQueries(ix, n) }

// NoPhraseCacheIndex makes the index find phrases afresh each time, as a
// benchmark of mixed queries should.
func NoPhraseCacheIndex(ix *Index) { ix.phrases.off = true }

// StaticAgreement is staticAgreement for the benchmarks of package search_test.
func StaticAgreement(tb testing.TB, ix *Index, dir string, reqs []Request) Agreement {
	return staticAgreement(tb, ix, dir, reqs)
}
