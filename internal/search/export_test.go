package search

// MixedQueries is mixedQueries for the benchmarks of package search_test.
func MixedQueries(ix *Index, n int) ([]Request, error) { return mixedQueries(ix, n) }
