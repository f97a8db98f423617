package query

import (
	"testing"

	"handbook/internal/search/searchtest"
)

func openFixture(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(searchtest.WriteFixture(t, searchtest.FixtureDocs()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}
