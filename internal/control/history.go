package control

import (
	"time"

	"handbook/internal/diag"
	"handbook/internal/register"
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
		at := register.EntryLine(d, r)
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

// Intervals reports each gap longer than maxMonths at its line.
func Intervals(d *site.Document, maxMonths int) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	for _, g := range register.LongIntervals(d, maxMonths) {
		out = append(out, diag.Warnf(d.Path, g.Line, "%s: more than review_max_months (%d months) between issues", g, maxMonths))
	}
	return out
}
