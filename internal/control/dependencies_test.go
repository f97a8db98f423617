package control_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// state is a document of the given status with lines 2 to 12 as below;
// extra front-matter lines start at line 13, the body after the closing
// delimiter and a blank line.
func state(id, title, status string, extra []string, body string) string {
	return fmt.Sprintf(`---
id: %s
title: %s
type: procedure
version: "1.0"
status: %s
owner: Service Manager
approver: Chief Information Officer
approved: 2026-03-01
review: 2027-03-01
clauses: ["7.5.3"]
history: [{version: "1.0", date: 2026-03-01, author: Service Manager, summary: First issue}]
%s---

%s
`, id, title, status, strings.Join(append(extra, ""), "\n"), body)
}

// controlDiags checks the site in dir and returns its internal/control
// warnings (those about dependencies) as "path:line: message".
func controlDiags(t *testing.T, dir string) []string {
	t.Helper()
	res, _, err := build.Check(context.Background(), build.Options{Site: dir, Today: today})
	if err != nil && res == nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Diags.All() {
		if d.Severity == diag.Error {
			t.Errorf("unexpected error: %v", d)
		}
		if strings.Contains(d.Msg, "approved document") {
			out = append(out, fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Msg))
		}
	}
	return out
}

func TestDependencies(t *testing.T) {
	// A site with one document of each status, and content/a.md.
	withMain := func(main string) string {
		files := sitetest.Files(t, sitetest.Shared(t, "each-status"))
		files["content/a.md"] = main
		return sitetest.New(t, files)
	}
	for _, tc := range []struct {
		name  string
		extra []string
		body  string
		want  []string
	}{
		{"depends on approved only", []string{"parent: SMS-PROC-005", "related: [SMS-PROC-005]"},
			"See [it](SMS-PROC-005) and the Approved Procedure.", nil},
		{"parent draft", []string{"parent: SMS-PROC-002"}, "Text.", []string{
			"content/a.md:13: approved document SMS-PROC-001 has as parent SMS-PROC-002 (Draft Procedure), which is draft"}},
		{"related in review", []string{"related: [SMS-PROC-005, SMS-PROC-003]"}, "Text.", []string{
			"content/a.md:13: approved document SMS-PROC-001 lists as related SMS-PROC-003 (Review Procedure), which is in-review"}},
		// A link to a retired document is the link step's warning (with
		// its "(retired)" mark), not this check's too.
		{"link to retired: the link step's", nil, "Text.\n\nSee [[SMS-PROC-004]].\n\nAgain [x](SMS-PROC-004).", nil},
		{"related retired", []string{"related: [SMS-PROC-004]"}, "Text.", []string{
			"content/a.md:13: approved document SMS-PROC-001 lists as related SMS-PROC-004 (Old Procedure), which is retired"}},
		{"mention of draft", nil, "Text.\n\nFollow the Draft Procedure.", []string{
			"content/a.md:17: approved document SMS-PROC-001 mentions SMS-PROC-002 (Draft Procedure), which is draft"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := controlDiags(t, withMain(state("SMS-PROC-001", "Main Procedure", "approved", tc.extra, tc.body)))
			ok := len(got) == len(tc.want)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.HasPrefix(got[i], tc.want[i])
			}
			if !ok {
				t.Errorf("got:\n%s\nwant (prefixes):\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	// A draft may depend on drafts: only approved documents are held to it.
	if got := controlDiags(t, withMain(state("SMS-PROC-001", "Main Procedure", "draft", []string{"parent: SMS-PROC-002"}, "See the Old Procedure."))); len(got) > 0 {
		t.Errorf("a draft's dependencies: got %q", got)
	}
}
