package query

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"handbook/internal/search/searchtest"
)

// Agreement is how far the static search (in Node, as a browser runs it)
// answers as the server does.
type Agreement struct {
	Queries   int
	SameTop   int // the same documents of the page in the same order (or the same query error)
	SameTotal int // the same total, or one within 5% that the static search calls "about"
	Exact     int // static answers that are not approximate
	Differ    []string
}

func (a Agreement) String() string {
	return fmt.Sprintf("%d queries: same top documents %d (%.1f%%), same total or about it within 5%% %d (%.1f%%), exact static answers %d",
		a.Queries, a.SameTop, 100*float64(a.SameTop)/float64(a.Queries), a.SameTotal, 100*float64(a.SameTotal)/float64(a.Queries), a.Exact)
}

// staticAgreement asks reqs of ix and of the static index in dir.
func staticAgreement(tb testing.TB, ix *Index, dir string, reqs []Request) Agreement {
	answers := runStatic(tb, dir, reqs)
	a := Agreement{Queries: len(reqs)}
	for i, r := range reqs {
		got := answers[i]
		want, err := ix.Search(context.Background(), r)
		if err != nil || got.Error != "" {
			if err != nil && got.QueryError && got.Error == err.Error() {
				a.SameTop++
				a.SameTotal++
				a.Exact++
			} else {
				a.Differ = append(a.Differ, fmt.Sprintf("%+v: static error %q, server error %v", r, got.Error, err))
			}
			continue
		}
		if !got.Approximate {
			a.Exact++
		}
		if ids, wids := hitOrder(got.Hits), hitOrder(want.Hits); slices.Equal(ids, wids) {
			a.SameTop++
		} else {
			a.Differ = append(a.Differ, fmt.Sprintf("%+v: static %v, server %v", r, ids, wids))
		}
		if got.Total == want.Total || got.Approximate && math.Abs(float64(got.Total-want.Total)) <= 0.05*float64(want.Total) {
			a.SameTotal++
		} else {
			a.Differ = append(a.Differ, fmt.Sprintf("%+v: static total %d (about: %v), server %d", r, got.Total, got.Approximate, want.Total))
		}
	}
	return a
}

// hitOrder is the documents (and sections) of hits, in order.
func hitOrder(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.URL
	}
	return out
}

// TestStaticAgreementFixture holds the fixture to full agreement.
func TestStaticAgreementFixture(t *testing.T) {
	dir := searchtest.WriteFixture(t, append(searchtest.FixtureDocs(), langDocs()...))
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	reqs, err := mixedQueries(ix, 60)
	if err != nil {
		t.Fatal(err)
	}
	for i := range reqs {
		reqs[i].Group = GroupDocument
	}
	a := staticAgreement(t, ix, dir, reqs)
	if a.SameTop != a.Queries || a.SameTotal != a.Queries {
		t.Errorf("%s\n%v", a, a.Differ)
	}
}
