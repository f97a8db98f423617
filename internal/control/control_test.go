package control_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/config"
	"handbook/internal/control"
	"handbook/internal/diag"
	"handbook/internal/load"
	"handbook/internal/site"
)

var today = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

// doc is an approved document whose keys are on lines 2 to 11 and whose
// extra front-matter lines start at line 12; history, when not empty, is
// its history list (one entry a line, from line 13).
func doc(version, approved, review string, history []string, extra ...string) string {
	h := ""
	if len(history) > 0 {
		h = "history:\n  - " + strings.Join(history, "\n  - ") + "\n"
	}
	return fmt.Sprintf(`---
id: SMS-PROC-001
title: Control Procedure
type: procedure
version: "%s"
status: approved
owner: Service Manager
approver: Chief Information Officer
approved: %s
review: %s
clauses: ["7.5.3"]
%s%s---

## 1. Purpose

Body text.
`, version, approved, review, h, strings.Join(append(extra, ""), "\n"))
}

func entry(version, date string) string {
	return fmt.Sprintf("{version: %q, date: %s, author: Service Manager, summary: Change}", version, date)
}

// parse loads one document from text, failing the test on load errors.
func parse(t *testing.T, text string) *site.Document {
	t.Helper()
	d, ds := load.Parse("content/doc.md", []byte(text), nil)
	if len(ds) > 0 || d == nil {
		t.Fatalf("load: %v", ds)
	}
	return d
}

// strs renders diagnostics as "line: message" for comparison.
func strs(ds []*diag.Diagnostic) []string {
	diag.Sort(ds)
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d: %s", d.Line, d.Msg))
	}
	return out
}

// expect checks that got has one diagnostic per want, each containing
// its text and at its line ("line: text").
func expect(t *testing.T, got []*diag.Diagnostic, want []string) {
	t.Helper()
	g := strs(got)
	if len(g) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(g), len(want), strings.Join(g, "\n"))
	}
	for i, w := range want {
		line, text, _ := strings.Cut(w, ": ")
		if !strings.HasPrefix(g[i], line+": ") || !strings.Contains(g[i], text) {
			t.Errorf("diagnostic %d = %q, want at line %s containing %q", i, g[i], line, text)
		}
	}
	for _, d := range got {
		if d.Severity != diag.Warning {
			t.Errorf("%s: want a warning", d.Error())
		}
	}
}

func TestHistory(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version string
		history []string
		want    []string
	}{
		{"consistent", "1.1", []string{entry("1.0", "2025-12-01"), entry("1.1", "2026-03-01")}, nil},
		{"no history", "1.1", nil, nil},
		{"not in version order", "1.1", []string{entry("1.1", "2026-03-01"), entry("1.0", "2025-12-01")},
			[]string{"5: version 1.1 has no history entry: the last entry is 1.0", "14: version 1.0 follows 1.1", "14: dated 2025-12-01, before version 1.1"}},
		{"numeric order", "1.10", []string{entry("1.9", "2025-12-01"), entry("1.10", "2026-03-01")}, nil},
		{"latest is not version", "2.0", []string{entry("1.0", "2025-12-01"), entry("1.1", "2026-03-01")},
			[]string{"5: version 2.0 has no history entry: the last entry is 1.1 (add one for 2.0)"}},
		{"latest date is not approval", "1.1", []string{entry("1.0", "2025-12-01"), entry("1.1", "2026-02-01")},
			[]string{"9: approved 2026-03-01, but the history dates version 1.1 2026-02-01"}},
		{"version reused", "1.1", []string{entry("1.0", "2025-12-01"), entry("1.0", "2026-01-01"), entry("1.1", "2026-03-01")},
			[]string{"14: version 1.0 is used twice (also at line 13)"}},
		{"future date", "1.1", []string{entry("1.0", "2025-12-01"), entry("1.1", "2026-03-01"), entry("1.2", "2027-01-01")},
			[]string{"5: version 1.1 has no history entry", "15: version 1.2 is dated 2027-01-01, in the future"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := parse(t, doc(tc.version, "2026-03-01", "2027-03-01", tc.history))
			expect(t, control.History(d, today), tc.want)
		})
	}
}

func TestIntervals(t *testing.T) {
	for _, tc := range []struct {
		name             string
		version          string
		approved, review string
		history          []string
		max              int
		want             []string
	}{
		{"yearly", "1.1", "2026-03-01", "2027-03-01", []string{entry("1.0", "2025-03-01"), entry("1.1", "2026-03-01")}, 12, nil},
		{"history gap", "1.1", "2026-09-21", "2027-09-21", []string{entry("1.0", "2025-02-24"), entry("1.1", "2026-09-21")}, 12,
			[]string{"14: 574 days from version 1.0 (2025-02-24) to version 1.1 (2026-09-21): more than review_max_months (12 months)"}},
		{"review too far", "1.0", "2026-03-01", "2027-09-01", []string{entry("1.0", "2026-03-01")}, 12,
			[]string{"10: 549 days from approval (2026-03-01) to next review (2027-09-01)"}},
		{"longer limit", "1.1", "2026-03-01", "2027-09-01", []string{entry("1.0", "2025-02-24"), entry("1.1", "2026-03-01")}, 24, nil},
		{"check off", "1.1", "2026-03-01", "2029-09-01", []string{entry("1.0", "2020-02-24"), entry("1.1", "2026-03-01")}, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := parse(t, doc(tc.version, tc.approved, tc.review, tc.history))
			expect(t, control.Intervals(d, tc.max), tc.want)
		})
	}
}

const rolesBody = `
## 3. Roles and Responsibilities

- **Incident Manager** (out of hours, the on-call Duty Manager): declares.
- **Process owners**: carry out the communications.
- Plain item, not a role.

| Role | Responsibility |
|---|---|
| Service Manager | Owns it |
| Technical Lead (appointed) | Coordinates |

## 4. Activities

- **Not a role**: bold outside a roles section.

| Activity | R |
|---|---|
| Test a plan | Continuity Manager |

` + "```" + `
| Role | x |
|---|---|
| Code Role | in a fence |
` + "```" + `
`

func TestSectionRoles(t *testing.T) {
	var got []string
	for _, r := range control.SectionRoles([]byte(rolesBody), 20) {
		got = append(got, fmt.Sprintf("%d %s", r.Line, r.Name))
	}
	want := []string{"23 Incident Manager", "24 Process owners", "29 Service Manager", "30 Technical Lead"}
	if !slices.Equal(got, want) {
		t.Errorf("SectionRoles = %q, want %q", got, want)
	}
}

func TestRoles(t *testing.T) {
	all := []string{"Service Manager", "Chief Information Officer", "Incident Manager", "Process Owner", "Technical Lead"}
	text := doc("1.0", "2026-03-01", "2027-03-01", nil) + rolesBody
	for _, tc := range []struct {
		name  string
		roles []string
		want  []string
	}{
		{"every role known", all, nil},
		{"no roles listed: check off", nil, nil},
		{"missing roles", []string{"Service Manager", "Incident Manager", "Process Owner"}, []string{
			`8: approver "Chief Information Officer" is not one of the site's roles`,
			`27: role "Technical Lead" is not one of the site's roles`}},
		{"owner missing, with hint", []string{"Service Managers", "Chief Information Officer", "Incident Manager", "Process Owner", "Technical Lead"}, nil},
		{"near miss", []string{"Servce Manager", "Chief Information Officer", "Incident Manager", "Process Owner", "Technical Lead"}, []string{
			`7: owner "Service Manager" is not one of the site's roles (roles: in handbook.yaml) (did you mean "Servce Manager"?)`,
			`26: role "Service Manager"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, control.Roles(parse(t, text), tc.roles), tc.want)
		})
	}
}

func TestLeftovers(t *testing.T) {
	cfg := config.Default()
	cfg.Placeholders = map[string]string{"[Service Provider]": "Example IT Services"}
	cfg.Leftovers = []string{"Service Provider", "Insert ", "Example Ltd Example IT Services"}
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"clean", "Run by [Service Provider]. Service Providers in general.\n", nil},
		{"bare leftover", "Policies within Service Provider.\n", []string{`17: template leftover "Service Provider"`}},
		{"insert", "Insert the date here.\n", []string{`17: template leftover "Insert "`}},
		{"doubled name", "Example Ltd [Service Provider] makes use of\n", []string{`17: template leftover "Example Ltd Example IT Services"`}},
		{"in code", "```\nService Provider\n```\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := parse(t, doc("1.0", "2026-03-01", "2027-03-01", nil)+tc.body)
			expect(t, control.NewLeftovers(cfg).Find(d), tc.want)
		})
	}
	if got := control.NewLeftovers(config.Default()).Find(parse(t, doc("1.0", "2026-03-01", "2027-03-01", nil)+"Service Provider\n")); got != nil {
		t.Errorf("no leftovers configured: got %v", strs(got))
	}
}
