package control

import (
	"fmt"
	"time"

	"handbook/internal/diag"
	"handbook/internal/site"
)

// History checks that a document's history is a consistent record: entries
// oldest first in version and date order, no version used twice, no date in
// the future, and the last entry describing the current version (and, for
// an approved document, dated on its approval).
func History(d *site.Document, today time.Time) []*diag.Diagnostic {
	h := d.Meta.History
	if len(h) == 0 {
		return nil
	}
	var out []*diag.Diagnostic
	warn := func(line int, format string, args ...any) {
		out = append(out, diag.Warnf(d.Path, line, format, args...))
	}
	seen := map[string]int{}
	for i, r := range h {
		at := entryLine(d, r)
		if r.Date.After(today) {
			warn(at, "history: version %s is dated %s, in the future", r.Version, r.Date)
		}
		if first, dup := seen[r.Version]; dup && r.Version != "" {
			warn(at, "history: version %s is used twice (also at line %d); a version number names one issue", r.Version, first)
			continue
		}
		seen[r.Version] = at
		if i == 0 {
			continue
		}
		prev := h[i-1]
		if compareVersions(prev.Version, r.Version) > 0 {
			warn(at, "history: version %s follows %s; entries run oldest first, in version order", r.Version, prev.Version)
		}
		if r.Date.Before(prev.Date.Time) {
			warn(at, "history: version %s is dated %s, before version %s (%s); entries run oldest first", r.Version, r.Date, prev.Version, prev.Date)
		}
	}
	last := h[len(h)-1]
	m := d.Meta
	if last.Version != m.Version && m.Version != "" {
		warn(d.Line("version"), "version %s has no history entry: the last entry is %s (add one for %s)", m.Version, last.Version, m.Version)
	}
	if m.Status == "approved" && !m.Approved.IsZero() && last.Version == m.Version && !last.Date.Equal(m.Approved.Time) {
		warn(d.Line("approved"), "approved %s, but the history dates version %s %s", m.Approved, last.Version, last.Date)
	}
	return out
}

// entryLine is the line of a history entry, or of history: when unknown.
func entryLine(d *site.Document, r site.Revision) int {
	if r.Line > 0 {
		return r.Line
	}
	return d.Line("history")
}

// Gap is a stretch of a document's life longer than review_max_months:
// between two consecutive issues in its history, or from its approval to
// its next review date.
type Gap struct {
	From, To         site.Date
	FromWhat, ToWhat string // "version 1.2", "approval", "review"
	Days             int
	Line             int
}

// Gaps lists a document's gaps longer than maxMonths (none when 0).
func Gaps(d *site.Document, maxMonths int) []Gap {
	if maxMonths <= 0 {
		return nil
	}
	var out []Gap
	long := func(from, to site.Date) bool {
		return !from.IsZero() && !to.IsZero() && to.After(from.AddDate(0, maxMonths, 0))
	}
	h := d.Meta.History
	for i := 1; i < len(h); i++ {
		if long(h[i-1].Date, h[i].Date) {
			out = append(out, gap(h[i-1].Date, h[i].Date, "version "+h[i-1].Version, "version "+h[i].Version, entryLine(d, h[i])))
		}
	}
	m := d.Meta
	if m.Status == "approved" && long(m.Approved, m.Review) {
		out = append(out, gap(m.Approved, m.Review, "approval", "next review", d.Line("review")))
	}
	return out
}

func gap(from, to site.Date, fromWhat, toWhat string, line int) Gap {
	return Gap{From: from, To: to, FromWhat: fromWhat, ToWhat: toWhat,
		Days: int(to.Sub(from.Time).Hours() / 24), Line: line}
}

// String describes the gap for a reader ("574 days from version 1.0
// (2025-03-01) to version 1.1 (2026-09-26)").
func (g Gap) String() string {
	return fmt.Sprintf("%d days from %s (%s) to %s (%s)", g.Days, g.FromWhat, g.From, g.ToWhat, g.To)
}

// Intervals reports each gap longer than maxMonths at its line.
func Intervals(d *site.Document, maxMonths int) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	for _, g := range Gaps(d, maxMonths) {
		out = append(out, diag.Warnf(d.Path, g.Line, "%s: more than review_max_months (%d months) between issues", g, maxMonths))
	}
	return out
}
