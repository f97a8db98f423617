package control_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// issued is an approved document at a version, whose history has one entry
// per version given (oldest first); lines 2 to 12 as in state, body after.
func issued(id, title string, versions []string, body string) string {
	var h []string
	for i, v := range versions {
		h = append(h, fmt.Sprintf("{version: %q, date: 2026-0%d-01, author: Service Manager, summary: Issue %s}", v, i+1, v))
	}
	last := versions[len(versions)-1]
	return fmt.Sprintf(`---
id: %s
title: %s
type: procedure
version: "%s"
status: approved
owner: Service Manager
approver: Chief Information Officer
approved: 2026-0%d-01
review: 2027-01-01
clauses: ["7.5.3"]
history: [%s]
---

%s
`, id, title, last, len(versions), strings.Join(h, ", "), body)
}

// commitAll commits every file of the work tree of the repository at dir.
func commitAll(t *testing.T, repo *git.Repository, msg string) {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddGlob("."); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "Document Controller", Email: "dc@example.com", When: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit(msg, &git.CommitOptions{Author: sig, AllowEmptyCommits: true}); err != nil {
		t.Fatal(err)
	}
}

const steps = "## Steps\n\n1. Log it.\n2. Fix it."

func TestSince(t *testing.T) {
	repoDir := t.TempDir()
	repo, err := git.PlainInit(repoDir, false)
	if err != nil {
		t.Fatal(err)
	}
	// The site is a folder of the repository, not its root.
	site := filepath.Join(repoDir, "handbook")
	v1 := []string{"1.0"}
	sitetest.Write(t, site, map[string]string{
		"handbook.yaml":             "versioning: {major_when: [steps, clauses]}\n",
		"content/unchanged.md":      issued("SMS-PROC-001", "Unchanged", v1, "Text."),
		"content/same-version.md":   issued("SMS-PROC-002", "Same Version", v1, "Text."),
		"content/no-history.md":     issued("SMS-PROC-003", "No History", v1, "Text."),
		"content/controlled.md":     issued("SMS-PROC-004", "Controlled", v1, "Text."),
		"content/removed.md":        issued("SMS-PROC-005", "Removed", v1, "Text."),
		"content/reused.md":         issued("SMS-PROC-006", "First Title", v1, "Text."),
		"content/renamed.md":        issued("SMS-PROC-007", "Old Name", v1, "Text."),
		"content/steps.md":          issued("SMS-PROC-008", "Steps", v1, steps),
		"content/steps-major.md":    issued("SMS-PROC-009", "Steps Major", v1, steps),
		"content/_data/notes.md":    "not a document",
		"content/.hidden/ignore.md": "not a document",
	})
	commitAll(t, repo, "first issue")

	sitetest.Write(t, site, map[string]string{
		"content/same-version.md": issued("SMS-PROC-002", "Same Version", v1, "Text changed."),
		"content/no-history.md":   strings.Replace(issued("SMS-PROC-003", "No History", v1, "Text changed."), `version: "1.0"`, `version: "1.1"`, 1),
		"content/controlled.md":   issued("SMS-PROC-004", "Controlled", []string{"1.0", "1.1"}, "Text changed."),
		"content/reused.md":       issued("SMS-PROC-006", "Another Document", []string{"1.0", "1.1"}, "Other text."),
		"content/renamed.md":      strings.Replace(issued("SMS-PROC-007", "New Name", []string{"1.0", "1.1"}, "Text."), "summary: Issue 1.1", "summary: Renamed from Old Name", 1),
		"content/steps.md":        issued("SMS-PROC-008", "Steps", []string{"1.0", "1.1"}, steps+"\n3. Close it."),
		"content/steps-major.md":  issued("SMS-PROC-009", "Steps Major", []string{"1.0", "2.0"}, steps+"\n3. Close it."),
		"content/new.md":          issued("SMS-PROC-010", "New", v1, "A new document."),
	})
	if err := os.Remove(filepath.Join(site, "content/removed.md")); err != nil {
		t.Fatal(err)
	}
	res, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today, Since: "HEAD"})
	if err != nil {
		t.Fatal(err, res.Diags.All())
	}
	var got []string
	for _, d := range res.Diags.All() {
		got = append(got, fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Msg))
	}
	want := []string{
		"content/no-history.md:12: version 1.1 since HEAD has no new history entry",
		"content/removed.md:2: SMS-PROC-005 (Removed) was removed since HEAD",
		"content/reused.md:3: SMS-PROC-006 was \"First Title\" at HEAD: a number names one document for life",
		"content/same-version.md:5: changed since HEAD without a new version (still 1.0)",
		"content/steps.md:5: steps changed since HEAD, which the versioning rule (versioning.major_when) makes a major change: issue 2.0, not 1.1",
	}
	// no-history.md's version 1.1 also lacks a history entry (History).
	got = slices.DeleteFunc(got, func(s string) bool { return strings.Contains(s, "has no history entry: the last entry") })
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("got:\n%s\nwant (prefixes):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Nothing changed since the working tree was committed.
	commitAll(t, repo, "second issue")
	if res, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today, Since: "HEAD"}); err != nil || len(res.Diags.All()) > 1 {
		t.Errorf("after commit: err %v, diagnostics %v", err, res.Diags.All())
	}

	// A revision that does not exist, or a site outside a repository, is a
	// usage error (exit status 2).
	for _, tc := range []struct{ dir, ref string }{
		{site, "no-such-branch"},
		{sitetest.New(t, map[string]string{"content/a.md": issued("SMS-PROC-001", "A", v1, "Text.")}), "HEAD"},
	} {
		_, _, err := build.Check(context.Background(), build.Options{Site: tc.dir, Today: today, Since: tc.ref})
		var usage *build.UsageError
		if !errors.As(err, &usage) {
			t.Errorf("--since %s in %s: err %v, want a usage error", tc.ref, tc.dir, err)
		}
	}
}
