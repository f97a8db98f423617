package search

import (
	"net/http"
	"testing"
)

// MixedQueries is mixedQueries for the benchmarks of package search_test.
func MixedQueries(ix *Index, n int) ([]Request, error) { return mixedQueries(ix, n) }

// NoPhraseCache makes the handler's index find phrases afresh each time,
// as a benchmark of mixed queries should.
func NoPhraseCache(h http.Handler) { h.(*handler).ix.phrases.off = true }

// NoPhraseCacheIndex is NoPhraseCache for an Index.
func NoPhraseCacheIndex(ix *Index) { ix.phrases.off = true }

// StaticAgreement is staticAgreement for the benchmarks of package search_test.
func StaticAgreement(tb testing.TB, ix *Index, dir string, reqs []Request) Agreement {
	return staticAgreement(tb, ix, dir, reqs)
}
