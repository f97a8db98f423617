package query

import (
	"handbook/internal/search/searchtest"
	"testing"
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
