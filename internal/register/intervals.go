package register

import (
	"fmt"

	"handbook/internal/site"
)

// Interval is a stretch of a document's life longer than review_max_months:
// between two consecutive issues in its history, or from its approval to
// its next review date.
type Interval struct {
	From, To         site.Date
	FromWhat, ToWhat string // "version 1.2", "approval", "review"
	Days             int
	Line             int
}

// LongIntervals lists a document's intervals longer than maxMonths (none when 0).
func LongIntervals(d *site.Document, maxMonths int) []Interval {
	if maxMonths <= 0 {
		return nil
	}
	var out []Interval
	long := func(from, to site.Date) bool {
		return !from.IsZero() && !to.IsZero() && to.After(from.AddDate(0, maxMonths, 0))
	}
	h := d.Meta.History
	for i := 1; i < len(h); i++ {
		if long(h[i-1].Date, h[i].Date) {
			out = append(out, interval(h[i-1].Date, h[i].Date, "version "+h[i-1].Version, "version "+h[i].Version, EntryLine(d, h[i])))
		}
	}
	m := d.Meta
	if m.Status == "approved" && long(m.Approved, m.Review) {
		out = append(out, interval(m.Approved, m.Review, "approval", "next review", d.Line("review")))
	}
	return out
}

func interval(from, to site.Date, fromWhat, toWhat string, line int) Interval {
	return Interval{From: from, To: to, FromWhat: fromWhat, ToWhat: toWhat,
		Days: int(to.Sub(from.Time).Hours() / 24), Line: line}
}

// String describes the interval for a reader ("574 days from version 1.0
// (2025-03-01) to version 1.1 (2026-09-26)").
func (g Interval) String() string {
	return fmt.Sprintf("%d days from %s (%s) to %s (%s)", g.Days, g.FromWhat, g.From, g.ToWhat, g.To)
}

// EntryLine is the file line of a history entry, or of history: when unknown.
func EntryLine(d *site.Document, r site.Revision) int {
	if r.Line > 0 {
		return r.Line
	}
	return d.Line("history")
}
