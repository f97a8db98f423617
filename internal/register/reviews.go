package register

import (
	"cmp"
	"slices"
	"time"

	"handbook/internal/site"
)

// Review is a document whose review is overdue or due soon.
type Review struct {
	Doc *site.Document
	// Days is how many days until the review date: negative when overdue.
	Days int
}

// Reviews are the documents to review as of a day.
type Reviews struct {
	Today   time.Time
	Window  int      // days ahead that count as "due soon"
	Overdue []Review // review date before today, most overdue first
	DueSoon []Review // review date from today to today+Window, soonest first
}

// DueReviews sorts the documents with a review date into overdue and due
// within window days of today. Retired documents are never due.
func DueReviews(docs []*site.Document, today time.Time, window int) Reviews {
	today = site.Day(today)
	r := Reviews{Today: today, Window: window}
	for _, d := range docs {
		if d.Meta.Status == "retired" || d.Meta.Review.IsZero() {
			continue
		}
		days := int(site.Day(d.Meta.Review.Time).Sub(today).Hours() / 24)
		switch {
		case days < 0:
			r.Overdue = append(r.Overdue, Review{d, days})
		case days <= window:
			r.DueSoon = append(r.DueSoon, Review{d, days})
		}
	}
	byDate := func(a, b Review) int {
		return cmp.Or(cmp.Compare(a.Days, b.Days), cmp.Compare(a.Doc.Meta.ID, b.Doc.Meta.ID))
	}
	slices.SortFunc(r.Overdue, byDate)
	slices.SortFunc(r.DueSoon, byDate)
	return r
}
