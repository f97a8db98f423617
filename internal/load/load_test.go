package load

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

// messages formats diagnostics as the command line prints them.
func messages(ds []*diag.Diagnostic) []string {
	diag.Sort(ds)
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Error()
	}
	return out
}

func sameMessages(t *testing.T, got []*diag.Diagnostic, want []string) {
	t.Helper()
	g := messages(got)
	if !slices.Equal(g, want) {
		t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(g, "\n      "), strings.Join(want, "\n      "))
	}
}

// TestParseErrors pins every error the loader reports, each at the file
// line of the offending key or construct, in each front-matter format.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"empty file", "", []string{"x.md: empty file: a document needs front matter (id, title, type, ...)"}},
		{"blank file", "\n  \n\t\n", []string{"x.md: empty file: a document needs front matter (id, title, type, ...)"}},
		{"BOM only", "\ufeff", []string{"x.md: empty file: a document needs front matter (id, title, type, ...)"}},
		{"no front matter", "# Title\n\nText.\n", []string{"x.md:1: no front matter: a document starts with --- (YAML), +++ (TOML) or { (JSON)"}},
		{"no front matter after blank lines", "\n\n# Title\n", []string{"x.md:3: no front matter: a document starts with --- (YAML), +++ (TOML) or { (JSON)"}},
		{"unclosed YAML", "---\nid: X-1\ntitle: T\n\n# Body\n", []string{`x.md:1: front matter opened with "---" is never closed`}},
		{"unclosed YAML after blank line", "\n---\nid: X-1\n", []string{`x.md:2: front matter opened with "---" is never closed`}},
		{"unclosed TOML", "+++\nid = 'X-1'\n", []string{`x.md:1: front matter opened with "+++" is never closed`}},
		{"unclosed JSON", "{\n\"id\": \"X-1\"\n", []string{`x.md:1: front matter opened with "{" is never closed`}},
		{"binary", "---\x00\x01", []string{"x.md: binary file, not Markdown text"}},
		{"invalid UTF-8", "---\nid: X-1\ntitle: \xff\n---\n", []string{"x.md:3: invalid UTF-8 text"}},

		{"YAML unknown field with hint", "---\nid: X-1\nreveiw: 2027-01-01\n---\n",
			[]string{`x.md:3: unknown field "reveiw" (did you mean "review"?)`}},
		{"YAML unknown field without hint", "---\nid: X-1\ncolour: red\n---\n",
			[]string{`x.md:3: unknown field "colour"`}},
		{"YAML several unknown fields, all reported", "---\nid: X-1\ntitel: T\nownr: O\n---\n",
			[]string{`x.md:3: unknown field "titel" (did you mean "title"?)`, `x.md:4: unknown field "ownr" (did you mean "owner"?)`}},
		{"YAML syntax: mapping in value", "---\nid: X-1\ntitle: a: b\n---\n",
			[]string{"x.md:3: invalid YAML front matter: mapping values are not allowed in this context"}},
		{"YAML syntax: unclosed flow sequence", "---\nid: X-1\nclauses: [5.1\nowner: O\n---\n",
			[]string{"x.md:3: invalid YAML front matter: did not find expected ',' or ']'"}},
		{"YAML syntax: unclosed flow mapping", "---\nid: X-1\ntitle: T\nhistory:\n  - {version: 1\n---\n",
			[]string{"x.md:5: invalid YAML front matter: did not find expected ',' or '}'"}},
		{"YAML syntax: bad indentation", "---\nid: X-1\ntitle: T\n  owner: O\n---\n",
			[]string{"x.md:4: invalid YAML front matter: mapping values are not allowed in this context"}},
		{"YAML syntax: tab", "---\nid: X-1\n\ttitle: T\n---\n",
			[]string{"x.md:3: invalid YAML front matter: found a tab character that violates indentation"}},
		{"YAML syntax: unclosed quote", "---\nid: X-1\ntitle: \"T\nowner: O\n---\n",
			[]string{"x.md:3: invalid YAML front matter: found unexpected end of stream"}},
		{"YAML duplicate key", "---\nid: X-1\ntitle: T\nid: X-2\n---\n",
			[]string{`x.md:4: field "id" is given twice`}},
		{"YAML not a mapping", "---\n- a\n- b\n---\n", []string{"x.md:2: front matter must be a mapping of fields"}},
		{"YAML scalar expected", "---\nid: X-1\ntitle: [a, b]\nowner: {a: b}\n---\n",
			[]string{"x.md:3: title must be a single value, not a list or mapping", "x.md:4: owner must be a single value, not a list or mapping"}},
		{"YAML list expected", "---\nid: X-1\nclauses: {a: b}\n---\n", []string{"x.md:3: clauses must be a list"}},
		{"YAML nested list", "---\nid: X-1\nrelated:\n  - [A-1]\n---\n", []string{"x.md:3: related must be a list of single values"}},
		{"YAML bad date", "---\nid: X-1\napproved: 20/01/2026\nreview: 2026-13-01\n---\n",
			[]string{`x.md:3: approved: "20/01/2026" is not an ISO date (YYYY-MM-DD)`, `x.md:4: review: "2026-13-01" is not an ISO date (YYYY-MM-DD)`}},
		{"YAML history not a list", "---\nid: X-1\nhistory: yes\n---\n",
			[]string{"x.md:3: history must be a list of {version, date, author, summary}"}},
		{"YAML history entries", "---\nid: X-1\nhistory:\n  - version: \"1.0\"\n    dat: 2024-01-01\n  - just text\n  - {version: \"2.0\", date: 2025-02-30}\n---\n",
			[]string{
				`x.md:4: history entry 1 needs a version and a date`,
				`x.md:5: history entry 1: unknown field "dat" (did you mean "date"?)`,
				`x.md:6: history entry 2 must be a mapping of version, date, author, summary`,
				`x.md:7: history date: "2025-02-30" is not an ISO date (YYYY-MM-DD)`,
				`x.md:7: history entry 3 needs a version and a date`,
			}},
		{"YAML after leading blank lines", "\n\n---\nid: X-1\nreveiw: 2027-01-01\n---\n",
			[]string{`x.md:5: unknown field "reveiw" (did you mean "review"?)`}},

		{"TOML unknown field", "+++\nid = \"X-1\"\nreveiw = 2027-01-01\n+++\n",
			[]string{`x.md:3: unknown field "reveiw" (did you mean "review"?)`}},
		{"TOML syntax", "+++\nid = \"X-1\"\ntitle = \n+++\n",
			[]string{`x.md:3: invalid TOML front matter: expected value but found '\n' instead`}},
		{"TOML bad date", "+++\nid = \"X-1\"\nreview = \"next year\"\n+++\n",
			[]string{`x.md:3: review: "next year" is not an ISO date (YYYY-MM-DD)`}},
		{"TOML array of tables", "+++\nid = \"X-1\"\ntitle = \"T\"\n\n[[history]]\nversion = \"1.0\"\n+++\n",
			[]string{"x.md:5: history entry 1 needs a version and a date"}},
		{"TOML table where a list is wanted", "+++\nid = \"X-1\"\n\n[clauses]\na = 1\n+++\n",
			[]string{"x.md:4: clauses must be a list"}},

		{"JSON unknown field", "{\n  \"id\": \"X-1\",\n  \"reveiw\": \"2027-01-01\"\n}\n",
			[]string{`x.md:3: unknown field "reveiw" (did you mean "review"?)`}},
		{"JSON syntax", "{\n  \"id\": \"X-1\",\n  \"title\" \"T\"\n}\n",
			[]string{`x.md:3: invalid JSON front matter: invalid character '"' after object key`}},
		{"JSON key line is the top-level key, not a nested one", "{\n  \"history\": [\n    {\n      \"version\": \"1.0\",\n      \"date\": \"2024-01-01\"\n    }\n  ],\n  \"version\": [\"2.0\"]\n}\n",
			[]string{"x.md:8: version must be a single value, not a list or mapping"}},
		{"JSON key named in a string value", "{\n  \"title\": \"the \\\"status\\\": field\",\n  \"status\": {\"a\": 1}\n}\n",
			[]string{"x.md:3: status must be a single value, not a list or mapping"}},
		{"JSON not an object", "{\n}\n", nil},

		{"CRLF unknown field", "---\r\nid: X-1\r\nreveiw: 2027-01-01\r\n---\r\nBody\r\n",
			[]string{`x.md:3: unknown field "reveiw" (did you mean "review"?)`}},
		{"BOM unknown field", "\ufeff---\nid: X-1\nreveiw: 2027-01-01\n---\n",
			[]string{`x.md:3: unknown field "reveiw" (did you mean "review"?)`}},
		{"extra field declared", "---\nid: X-1\ndepartment: IT\n---\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := Parse("x.md", []byte(tc.src), []string{"department"})
			sameMessages(t, ds, tc.want)
		})
	}
}

// TestParseFormats decodes the same front matter written in YAML, TOML and
// JSON, with CRLF line ends and a byte-order mark, to the same Meta.
func TestParseFormats(t *testing.T) {
	yamlDoc := `---
id: SMS-PROC-004
title: Major Incident Procedure
type: procedure
version: "2.10"
status: approved
owner: Service Manager
approver: Chief Executive Officer
approved: 2026-01-20
review: 2027-01-20T09:00:00Z
classification: internal
clauses: ["8.6.1", "8.6.2"]
parent: SMS-PRC-001
related: [SMS-PLN-001]
aliases: /old/major-incidents/
tags: [incident]
history:
  - {version: "1.0", date: 2024-09-02, author: Service Manager, summary: First issue}
---

# Body
`
	tomlDoc := `+++
id = "SMS-PROC-004"
title = "Major Incident Procedure"
type = "procedure"
version = "2.10"
status = "approved"
owner = "Service Manager"
approver = "Chief Executive Officer"
approved = 2026-01-20
review = "2027-01-20"
classification = "internal"
clauses = ["8.6.1", "8.6.2"]
parent = "SMS-PRC-001"
related = ["SMS-PLN-001"]
aliases = "/old/major-incidents/"
tags = ["incident"]

[[history]]
version = "1.0"
date = 2024-09-02
author = "Service Manager"
summary = "First issue"
+++

# Body
`
	jsonDoc := `{
  "id": "SMS-PROC-004",
  "title": "Major Incident Procedure",
  "type": "procedure",
  "version": "2.10",
  "status": "approved",
  "owner": "Service Manager",
  "approver": "Chief Executive Officer",
  "approved": "2026-01-20",
  "review": "2027-01-20",
  "classification": "internal",
  "clauses": ["8.6.1", "8.6.2"],
  "parent": "SMS-PRC-001",
  "related": ["SMS-PLN-001"],
  "aliases": ["/old/major-incidents/"],
  "tags": ["incident"],
  "history": [{"version": "1.0", "date": "2024-09-02", "author": "Service Manager", "summary": "First issue"}]
}

# Body
`
	want := site.Meta{
		ID: "SMS-PROC-004", Title: "Major Incident Procedure", Type: "procedure", Version: "2.10",
		Status: "approved", Owner: "Service Manager", Approver: "Chief Executive Officer",
		Approved: date(t, "2026-01-20"), Review: date(t, "2027-01-20"), Classification: "internal",
		Clauses: []string{"8.6.1", "8.6.2"}, Parent: "SMS-PRC-001", Related: []string{"SMS-PLN-001"},
		Aliases: []string{"/old/major-incidents/"}, Tags: []string{"incident"},
		History: []site.Revision{{Version: "1.0", Date: date(t, "2024-09-02"), Author: "Service Manager", Summary: "First issue"}},
	}
	for _, tc := range []struct {
		name, src    string
		bodyLine     int
		titleLine    int
		historyLine  int
		entryLine    int // the history entry's own line where the format keeps it
		openingLine  int
		wantBodyText string
	}{
		{"yaml", yamlDoc, 20, 3, 17, 18, 1, "\n# Body\n"},
		{"toml", tomlDoc, 24, 3, 18, 18, 1, "\n# Body\n"},
		{"json", jsonDoc, 20, 3, 17, 17, 1, "# Body\n"},
		// Other line breaks give the same lines, and a body with "\n" only.
		{"yaml CRLF", strings.ReplaceAll(yamlDoc, "\n", "\r\n"), 20, 3, 17, 18, 1, "\n# Body\n"},
		{"yaml CR", strings.ReplaceAll(yamlDoc, "\n", "\r"), 20, 3, 17, 18, 1, "\n# Body\n"},
		{"toml CR", strings.ReplaceAll(tomlDoc, "\n", "\r"), 24, 3, 18, 18, 1, "\n# Body\n"},
		{"json CRLF", strings.ReplaceAll(jsonDoc, "\n", "\r\n"), 20, 3, 17, 17, 1, "# Body\n"},
		{"json CR", strings.ReplaceAll(jsonDoc, "\n", "\r"), 20, 3, 17, 17, 1, "# Body\n"},
		{"yaml BOM", "\ufeff" + yamlDoc, 20, 3, 17, 18, 1, "\n# Body\n"},
		{"yaml after blank lines", "\n\n" + yamlDoc, 22, 5, 19, 20, 3, "\n# Body\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ds := Parse("x.md", []byte(tc.src), nil)
			sameMessages(t, ds, nil)
			if d == nil {
				t.Fatal("no document")
			}
			if !metaEqual(d.Meta, want) {
				t.Errorf("meta:\n got %+v\nwant %+v", d.Meta, want)
			}
			if d.BodyLine != tc.bodyLine || string(d.Body) != tc.wantBodyText {
				t.Errorf("body at line %d = %q, want line %d = %q", d.BodyLine, d.Body, tc.bodyLine, tc.wantBodyText)
			}
			if d.Line("title") != tc.titleLine || d.Line("history") != tc.historyLine || d.Line("") != tc.openingLine || d.Line("approver-missing") != tc.openingLine {
				t.Errorf("lines = %v, want title %d, history %d, opening %d", d.Lines, tc.titleLine, tc.historyLine, tc.openingLine)
			}
			if got := d.Meta.History[0].Line; got != tc.entryLine {
				t.Errorf("history entry at line %d, want %d", got, tc.entryLine)
			}
		})
	}
}

func date(t *testing.T, s string) site.Date {
	t.Helper()
	d, err := time.Parse(site.DateLayout, s)
	if err != nil {
		t.Fatal(err)
	}
	return site.Date{Time: d}
}

func metaEqual(a, b site.Meta) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Type == b.Type && a.Version == b.Version &&
		a.Status == b.Status && a.Owner == b.Owner && a.Approver == b.Approver &&
		a.Approved.Equal(b.Approved.Time) && a.Review.Equal(b.Review.Time) && a.Classification == b.Classification &&
		slices.Equal(a.Clauses, b.Clauses) && a.Parent == b.Parent && slices.Equal(a.Related, b.Related) &&
		slices.Equal(a.Aliases, b.Aliases) && slices.Equal(a.Tags, b.Tags) &&
		slices.EqualFunc(a.History, b.History, func(x, y site.Revision) bool {
			return x.Version == y.Version && x.Date.Equal(y.Date.Time) && x.Author == y.Author && x.Summary == y.Summary
		})
}

// TestScalarsKeepSourceText checks that versions are not read as numbers
// ("2.10" must not become 2.1) in whichever format.
func TestScalarsKeepSourceText(t *testing.T) {
	for _, src := range []string{
		"---\nid: X-1\nversion: 2.10\n---\n",
		"+++\nid = \"X-1\"\nversion = \"2.10\"\n+++\n",
		"{\n\"id\": \"X-1\",\n\"version\": \"2.10\"\n}\n",
	} {
		d, ds := Parse("x.md", []byte(src), nil)
		if len(ds) > 0 || d.Meta.Version != "2.10" {
			t.Errorf("%q: version %q, problems %v", src, d.Meta.Version, ds)
		}
	}
}

// TestSite loads a site folder: documents at any depth, data files, and
// every unreadable document reported in the same run.
func TestSite(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, map[string]string{
		"content/a.md":                 "---\nid: A-1\ntitle: A\n---\nBody\n",
		"content/deep/er/still/b.MD":   "---\nid: B-1\n---\n",
		"content/broken.md":            "no front matter\n",
		"content/other/unknown.md":     "---\nid: C-1\nreveiw: x\n---\n",
		"content/_data/scope.yaml":     "processes: []\n",
		"content/.hidden/skipped.md":   "not read",
		"content/.draft.md":            "not read",
		"content/notes.txt":            "not a document",
		"content/deep/_data/nested.md": "---\nid: D-1\n---\n", // only content/_data is special
	})
	s, list, err := Site(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range s.Docs {
		paths = append(paths, d.Path)
	}
	wantPaths := []string{"content/a.md", "content/deep/_data/nested.md", "content/deep/er/still/b.MD", "content/other/unknown.md"}
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("documents %v, want %v", paths, wantPaths)
	}
	if s.ByPath["content/a.md"] == nil || s.ByPath["content/a.md"].Meta.ID != "A-1" {
		t.Errorf("ByPath does not index content/a.md")
	}
	if string(s.Data["scope.yaml"]) != "processes: []\n" || len(s.Data) != 1 {
		t.Errorf("data files %v", s.Data)
	}
	sameMessages(t, list.All(), []string{
		"content/broken.md:1: no front matter: a document starts with --- (YAML), +++ (TOML) or { (JSON)",
		`content/other/unknown.md:3: unknown field "reveiw" (did you mean "review"?)`,
	})
}

func TestSiteWithoutContent(t *testing.T) {
	dir := t.TempDir()
	_, _, err := Site(dir)
	if err == nil || !strings.Contains(err.Error(), "no content folder") {
		t.Errorf("err = %v, want a clear 'no content folder'", err)
	}
}

func TestSiteBadConfig(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, map[string]string{"handbook.yaml": "titel: x\n", "content/a.md": "---\nid: A-1\n---\n"})
	if _, _, err := Site(dir); err == nil || !strings.Contains(err.Error(), "handbook.yaml:1:") {
		t.Errorf("err = %v, want a positioned configuration error", err)
	}
}

func TestExtraFieldsFromConfig(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, map[string]string{"content/a.md": "---\nid: A-1\ndepartment: IT\n---\n"})
	cfg := config.Default()
	cfg.ExtraFields = []string{"department"}
	s, list, err := WithConfig(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameMessages(t, list.All(), nil)
	if got := s.Docs[0].Meta.Extra["department"]; got != "IT" {
		t.Errorf("extra field = %q", got)
	}
}

func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	dir := t.TempDir()
	sitetest.Write(t, dir, map[string]string{"content/a.md": "---\nid: A-1\n---\n", "content/b.md": "---\nid: B-1\n---\n"})
	if err := os.Chmod(filepath.Join(dir, "content/a.md"), 0); err != nil {
		t.Fatal(err)
	}
	s, list, err := Site(dir)
	if err != nil {
		t.Fatal(err)
	}
	sameMessages(t, list.All(), []string{"content/a.md: cannot read: permission denied"})
	if len(s.Docs) != 1 {
		t.Errorf("%d documents, want the readable one", len(s.Docs))
	}
}
