// Package control checks what an auditor samples under ISO/IEC 20000-1:2018
// clause 7.5.3 (control of documented information) beyond the field
// contract of internal/validate: approved documents that depend on
// unapproved ones, review intervals, the consistency of each document's
// history, roles, template leftovers, and (with a git repository) changes
// made since a reference without a new version. Every finding is a warning
// at path:line; --strict makes them errors.
package control

import (
	"time"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/site"
)

// Documents runs the checks that need one document at a time: history,
// review interval, roles and leftovers. today decides future dates.
func Documents(s *site.Site, today time.Time) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	leftovers := NewLeftovers(s.Config)
	for _, d := range s.Docs {
		out = append(out, Document(d, s.Config, today, leftovers)...)
	}
	return out
}

// Document checks one document; leftovers may be nil (no leftovers to find).
func Document(d *site.Document, cfg *config.Config, today time.Time, leftovers *Leftovers) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	out = append(out, History(d, today)...)
	out = append(out, Intervals(d, cfg.ReviewMaxMonths)...)
	out = append(out, Roles(d, cfg.Roles)...)
	out = append(out, leftovers.Find(d)...)
	return out
}
