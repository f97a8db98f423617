package query

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"handbook/internal/search"
	"handbook/internal/search/format"
)

// An overlay answers searches while a served index is out of date for a
// few documents: serve --watch re-renders an edited document in
// milliseconds, but indexing the whole handbook again takes seconds. The
// edited documents are indexed on their own into a small index (the top);
// a search asks the base index, leaving out its records of the edited
// documents, and the top, and merges the two answers.
//
// The two indexes score with their own statistics (a word's rarity in the
// top is judged among the few edited documents), so merged hits are in an
// order close to, not always the same as, a full index's; totals and
// facets are exact. The overlay stays until the next full build (a change
// an incremental update cannot make, or build.MaxEdited documents edited),
// whose index replaces it.
type overlay struct {
	base, top *Index
	replaced  map[uint32]bool // numbers of the base's documents the top replaces
}

// NewOverlay answers searches of base with top in place of base's
// documents of the same ids as docs (those top holds).
func NewOverlay(base, top *Index, docs []search.Document) (*overlay, error) {
	o := &overlay{base: base, top: top, replaced: map[uint32]bool{}}
	for _, d := range docs {
		n, found, err := base.docNumber(d.ID)
		if err != nil {
			return nil, err
		}
		if found {
			o.replaced[n] = true
		}
	}
	return o, nil
}

// Search answers as Index.Search does. Each index gives its best hits up
// to the end of the page asked for; the page is cut from their merge.
func (o *overlay) Search(ctx context.Context, r Request) (*Response, error) {
	start := time.Now()
	if err := checkPage(&r); err != nil {
		return nil, err
	}
	p, err := o.base.planOf(r)
	if err != nil {
		return nil, err
	}
	whole := r
	whole.From, whole.Size = 0, r.From+r.Size
	out, err := o.base.run(ctx, whole, p, func(doc uint32) bool { return o.replaced[doc] })
	if err != nil {
		return nil, err
	}
	// The top knows only the types of its own documents: a filter by
	// another type is no error there, only no hits.
	var qerr *QueryError
	tp, err := o.top.planOf(r)
	switch {
	case errors.As(err, &qerr):
	case err != nil:
		return nil, err
	default:
		top, err := o.top.run(ctx, whole, tp, nil)
		if err != nil {
			return nil, err
		}
		merge(out, top)
	}
	out.Hits = out.Hits[min(r.From, len(out.Hits)):min(r.From+r.Size, len(out.Hits))]
	o.base.sayWhatWasSearched(out, r.Q, p)
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// merge adds the answer b to a: hits by score (a's first on a tie; by
// document, those whose id or title is the query first), totals and facet
// counts summed.
func merge(a, b *Response) {
	a.Total += b.Total
	a.Hits = append(a.Hits, b.Hits...)
	slices.SortStableFunc(a.Hits, func(x, y Hit) int {
		if x.exact != y.exact {
			if x.exact {
				return -1
			}
			return 1
		}
		return cmp.Compare(y.Score, x.Score)
	})
	for field, counts := range b.Facets {
		if a.Facets[field] == nil {
			a.Facets[field] = maps.Clone(counts)
			continue
		}
		for k, n := range counts {
			a.Facets[field][k] += n
		}
	}
}

// skipping narrows allow (nil: every record) to the records of documents
// that skip does not name.
func (ix *Index) skipping(allow func(rec uint32) bool, skip func(doc uint32) bool) func(rec uint32) bool {
	return func(rec uint32) bool {
		return !skip(ix.tables.recDoc[rec]) && (allow == nil || allow(rec))
	}
}

// docNumber finds a document's number from its posting in the id field.
func (ix *Index) docNumber(id string) (uint32, bool, error) {
	e, err := ix.entry(format.IdKeyPrefix + strings.ToLower(id))
	if err != nil || e == nil || e.Fields[format.SfID] == nil {
		return 0, false, err
	}
	tiers, err := ix.all(e, format.SfID)
	if err != nil {
		return 0, false, err
	}
	for _, t := range tiers {
		if len(t.Postings) > 0 {
			return t.Postings[0].Doc, true, nil
		}
	}
	return 0, false, nil
}
