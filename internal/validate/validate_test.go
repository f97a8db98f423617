package validate

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/load"
	"handbook/internal/site"
)

var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// approved is a complete approved document: it validates without a
// problem. Its keys are on lines 2 to 11; extra lines start at line 12.
func approved(id, title string, extra ...string) string {
	return fmt.Sprintf(`---
id: %s
title: %s
type: procedure
version: "1.0"
status: approved
owner: Service Manager
approver: Chief Executive Officer
approved: 2026-01-01
review: 2027-01-01
clauses: ["7.5.3"]
%s---

Body text.
`, id, title, lines(extra))
}

func lines(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}

// check loads the files (path -> text) as a site with cfg and validates it,
// returning every diagnostic as "path:line: message", warnings marked.
func check(t *testing.T, cfg *config.Config, files map[string]string) []string {
	t.Helper()
	var docs []*site.Document
	var all []*diag.Diagnostic
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		d, ds := load.Parse(p, []byte(files[p]), cfg.ExtraFields)
		all = append(all, ds...)
		if d != nil {
			docs = append(docs, d)
		}
	}
	all = append(all, Site(site.New("", cfg, docs), today).All()...)
	diag.Sort(all)
	out := make([]string, len(all))
	for i, d := range all {
		out[i] = d.Error()
		if d.Severity == diag.Warning {
			out[i] = "warning: " + out[i]
		}
	}
	return out
}

func TestValid(t *testing.T) {
	got := check(t, config.Default(), map[string]string{
		"a.md": approved("SMS-POL-001", "Policy", "related: [SMS-PROC-001]"),
		"b.md": approved("SMS-PROC-001", "Procedure", "parent: SMS-POL-001", "aliases: [/old/procedure/]"),
	})
	if len(got) > 0 {
		t.Errorf("a valid site has problems:\n%s", strings.Join(got, "\n"))
	}
}

// TestDocumentErrors is a table of every error kind found in one document.
func TestDocumentErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"missing required fields", "---\nid: SMS-X-1\nstatus: approved\napprover: A\napproved: 2026-01-01\nreview: 2027-01-01\nclauses: [\"5.2\"]\n---\n", []string{
			`d.md:1: missing required field "owner"`,
			`d.md:1: missing required field "title"`,
			`d.md:1: missing required field "type"`,
			`d.md:1: missing required field "version"`,
		}},
		{"required field present but blank", approved("SMS-X-1", `" "`), []string{
			`d.md:3: missing required field "title"`,
		}},
		{"unknown type, status and classification with hints",
			strings.NewReplacer("type: procedure", "type: procedur", "status: approved", "status: aproved").Replace(approved("SMS-X-1", "T", "classification: secret")),
			[]string{
				`d.md:4: unknown type "procedur" (known: policy, plan, process, procedure, register, record, template, form, report) (did you mean "procedure"?)`,
				`d.md:6: unknown status "aproved" (known: draft, in-review, approved, retired) (did you mean "approved"?)`,
				`d.md:12: unknown classification "secret" (known: public, internal, confidential, restricted)`,
			}},
		{"approved without approver, approval date and review", "---\nid: SMS-X-1\ntitle: T\ntype: plan\nversion: \"1\"\nstatus: approved\nowner: O\nclauses: [\"5.2\"]\n---\n", []string{
			`d.md:6: an approved document needs "approved"`,
			`d.md:6: an approved document needs "approver"`,
			`d.md:6: an approved document needs "review"`,
		}},
		{"approver present but empty", strings.Replace(approved("SMS-X-1", "T"), "approver: Chief Executive Officer", `approver: ""`, 1), []string{
			`d.md:8: an approved document needs "approver"`,
		}},
		{"review not after approval", strings.Replace(approved("SMS-X-1", "T"), "review: 2027-01-01", "review: 2025-12-31", 1), []string{
			`d.md:10: review date 2025-12-31 is not after the approval date 2026-01-01`,
			`warning: d.md:10: review overdue since 2025-12-31`,
		}},
		{"review overdue", strings.Replace(approved("SMS-X-1", "T"), "review: 2027-01-01", "review: 2026-05-31", 1), []string{
			`warning: d.md:10: review overdue since 2026-05-31`,
		}},
		{"lang without a search analyser", approved("SMS-X-1", "T", "lang: tlh"), []string{
			`warning: d.md:12: no search analyser for lang "tlh": its words are searched without stemming or stop words`,
		}},
		{"lang with an analyser", approved("SMS-X-1", "T", "lang: fr-CA"), nil},
		{"review due today is not overdue", strings.Replace(approved("SMS-X-1", "T"), "review: 2027-01-01", "review: 2026-06-01", 1), nil},
		{"retired document's review is not overdue", strings.NewReplacer("review: 2027-01-01", "review: 2020-01-01", "approved: 2026-01-01", "approved: 2019-01-01", "status: approved", "status: retired").Replace(approved("SMS-X-1", "T")), nil},
		{"bad ISO dates", strings.NewReplacer("approved: 2026-01-01", "approved: 01/02/2026", "review: 2027-01-01", "review: 2027-02-29").Replace(approved("SMS-X-1", "T")), []string{
			`d.md:9: an approved document needs "approved"`,
			`d.md:9: approved: "01/02/2026" is not an ISO date (YYYY-MM-DD)`,
			`d.md:10: an approved document needs "review"`,
			`d.md:10: review: "2027-02-29" is not an ISO date (YYYY-MM-DD)`,
		}},
		{"id not matching the pattern", approved("SMS POL 1", "T"), []string{
			`d.md:2: id "SMS POL 1" does not match the numbering pattern ^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`,
		}},
		{"id in lower case", approved("sms-pol-001", "T"), []string{
			`d.md:2: id "sms-pol-001" does not match the numbering pattern ^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$ (ids are upper case: "SMS-POL-001")`,
		}},
		{"clauses outside ISO/IEC 20000-1:2018", strings.Replace(approved("SMS-X-1", "T"), `clauses: ["7.5.3"]`, `clauses: ["7.5.3", "8.10", "11", "4.5", "8.6.1"]`, 1), []string{
			`d.md:11: "11" is not a clause of ISO/IEC 20000-1:2018 (clauses 4 to 10) (did you mean "10"?)`,
			`d.md:11: "4.5" is not a clause of ISO/IEC 20000-1:2018 (clauses 4 to 10) (did you mean "4.1"?)`,
			`d.md:11: "8.10" is not a clause of ISO/IEC 20000-1:2018 (clauses 4 to 10) (did you mean "8.1"?)`,
		}},
		{"no clauses", strings.Replace(approved("SMS-X-1", "T"), `clauses: ["7.5.3"]`, "tags: [x]", 1), []string{
			`warning: d.md:1: no clauses: the document addresses no clause of ISO/IEC 20000-1:2018`,
		}},
		{"draft is a warning", strings.Replace(approved("SMS-X-1", "T"), "status: approved", "status: draft", 1), []string{
			`warning: d.md:6: document is draft, not approved`,
		}},
		{"bad aliases", approved("SMS-X-1", "T", "aliases:", "  - old/page/", "  - /a/../b/", "  - /x?y", "  - /ok/", "  - /", "  - /Log/", "  - /search/old/", "  - /docs/sms-old-1/"), []string{
			`d.md:12: alias 1 "old/page/" must be a site path starting with / (no .., ? or #)`,
			`d.md:12: alias 2 "/a/../b/" must be a site path starting with / (no .., ? or #)`,
			`d.md:12: alias 3 "/x?y" must be a site path starting with / (no .., ? or #)`,
			`d.md:12: alias 5 "/" would replace the handbook's own page /`,
			`d.md:12: alias 6 "/Log/" would replace the handbook's own page /log/`,
			`d.md:12: alias 7 "/search/old/" would replace the handbook's own page /search/`,
		}},
		{"placeholders in an approved document are errors", approved("SMS-X-1", "T") + "\nWithin [Organisation Name] and Insert Company Name.\n\nFor [Insert Customer Name], [ Service Provider.. and [All] sites.\n", []string{
			`d.md:16: placeholder "Insert Company Name" is not replaced (map it under placeholders: in handbook.yaml)`,
			`d.md:16: placeholder "[Organisation Name]" is not replaced (map it under placeholders: in handbook.yaml)`,
			`d.md:18: placeholder "[ Service Provider.." is not replaced (map it under placeholders: in handbook.yaml)`,
			`d.md:18: placeholder "[All]" is not replaced (map it under placeholders: in handbook.yaml)`,
			`d.md:18: placeholder "[Insert Customer Name]" is not replaced (map it under placeholders: in handbook.yaml)`,
		}},
		{"placeholder in the title", approved("SMS-X-1", "Insert Company Name Security Policy"), []string{
			`d.md:3: placeholder "Insert Company Name" is not replaced (map it under placeholders: in handbook.yaml)`,
		}},
		{"placeholders in a draft are warnings", strings.Replace(approved("SMS-X-1", "T"), "status: approved", "status: draft", 1) + "\n[Service Provider] does it.\n", []string{
			`warning: d.md:6: document is draft, not approved`,
			`warning: d.md:16: placeholder "[Service Provider]" is not replaced (map it under placeholders: in handbook.yaml)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := check(t, config.Default(), map[string]string{"d.md": tc.src})
			if !slices.Equal(got, tc.want) {
				t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tc.want, "\n      "))
			}
		})
	}
}

func TestConfiguredPlaceholdersAreNotReported(t *testing.T) {
	cfg := config.Default()
	cfg.Placeholders = map[string]string{"[Service Provider]": "Example IT", "[Insert Service Provider]": "Example IT", "[All]": ""}
	got := check(t, cfg, map[string]string{
		"d.md": approved("SMS-X-1", "T") + "\n[Service Provider] and [Insert Service Provider], [All].\n",
	})
	want := []string{`d.md:16: placeholder "[All]" is not replaced (map it under placeholders: in handbook.yaml)`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q (an empty replacement does not count)", got, want)
	}
}

func TestConfiguredTypesAndClassifications(t *testing.T) {
	cfg := config.Default()
	cfg.Types = []string{"guide"}
	cfg.Classes = []string{"open", "secret"}
	got := check(t, cfg, map[string]string{
		"a.md": strings.Replace(approved("SMS-X-1", "T"), "type: procedure", "type: guide", 1),
		"b.md": strings.Replace(approved("SMS-X-2", "U", "classification: internal"), "type: procedure", "type: guide", 1),
	})
	// Without a classification a document gets the lowest one when
	// "internal" is not configured.
	want := []string{`b.md:12: unknown classification "internal" (known: open, secret)`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSiteErrors covers the checks between documents: each duplicate names
// both files, and relations name unknown ids with a hint.
func TestSiteErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"duplicate id names both files", map[string]string{
			"a.md": approved("SMS-X-1", "A"),
			"b.md": approved("SMS-X-1", "B"),
		}, []string{
			`a.md:2: duplicate id SMS-X-1: also used by b.md:2`,
			`b.md:2: duplicate id SMS-X-1: also used by a.md:2`,
		}},
		{"duplicate title", map[string]string{
			"a.md": approved("SMS-X-1", "Risk Treatment Plan"),
			"b.md": approved("SMS-X-2", "risk treatment plan"),
		}, []string{
			`b.md:3: duplicate title "risk treatment plan": also the title of SMS-X-1 (a.md); titles name documents in prose and must be unique`,
		}},
		{"unknown parent with a hint", map[string]string{
			"a.md": approved("SMS-X-1", "A"),
			"b.md": approved("SMS-X-2", "B", "parent: SMS-X-11"),
		}, []string{`b.md:12: parent SMS-X-11 is not a known document id (did you mean "SMS-X-1"?)`}},
		{"parent in the wrong case", map[string]string{
			"a.md": approved("SMS-X-1", "A"),
			"b.md": approved("SMS-X-2", "B", "parent: sms-x-1"),
		}, []string{`b.md:12: parent sms-x-1 is not a known document id (ids are case-sensitive: did you mean SMS-X-1?)`}},
		{"own parent", map[string]string{
			"a.md": approved("SMS-X-1", "A", "parent: SMS-X-1"),
		}, []string{`a.md:12: a document cannot be its own parent`}},
		{"parent cycle of two", map[string]string{
			"a.md": approved("SMS-X-1", "A", "parent: SMS-X-2"),
			"b.md": approved("SMS-X-2", "B", "parent: SMS-X-1"),
		}, []string{`a.md:12: parent cycle: SMS-X-1 -> SMS-X-2 -> SMS-X-1`}},
		{"parent cycle of three, entered from outside", map[string]string{
			"a.md": approved("SMS-X-1", "A", "parent: SMS-X-3"),
			"b.md": approved("SMS-X-2", "B", "parent: SMS-X-4"),
			"c.md": approved("SMS-X-3", "C", "parent: SMS-X-4"),
			"d.md": approved("SMS-X-4", "D", "parent: SMS-X-5"),
			"e.md": approved("SMS-X-5", "E", "parent: SMS-X-3"),
		}, []string{`c.md:12: parent cycle: SMS-X-3 -> SMS-X-4 -> SMS-X-5 -> SMS-X-3`}},
		{"unknown related, in either form", map[string]string{
			"a.md": approved("SMS-X-1", "A", "related: [SMS-X-2, SMS-Y-9, sms-x-1]"),
			"b.md": approved("SMS-X-2", "B"),
		}, []string{
			`a.md:12: related SMS-Y-9 is not a known document id (did you mean "SMS-X-1"?)`,
			`a.md:12: related sms-x-1 is not a known document id (ids are case-sensitive: did you mean SMS-X-1?)`,
		}},
		{"alias at another document's address", map[string]string{
			"a.md": approved("SMS-X-1", "A", "aliases: [/docs/sms-x-2/]"),
			"b.md": approved("SMS-X-2", "B"),
		}, []string{`a.md:12: alias /docs/sms-x-2/ is the permanent address of SMS-X-2 (b.md)`}},
		{"alias claimed twice", map[string]string{
			"a.md": approved("SMS-X-1", "A", "aliases: [/old/]"),
			"b.md": approved("SMS-X-2", "B", "aliases: [/OLD]"),
		}, []string{`b.md:12: alias /OLD is also claimed by a.md`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := check(t, config.Default(), tc.files)
			if !slices.Equal(got, tc.want) {
				t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tc.want, "\n      "))
			}
		})
	}
}

// TestAllErrorsInOneRun checks that one run reports the problems of every
// document, loader and validator alike, not only the first.
func TestAllErrorsInOneRun(t *testing.T) {
	got := check(t, config.Default(), map[string]string{
		"a.md": approved("SMS-X-1", "A", "reveiw: 2027-01-01", "parent: SMS-NOPE-1"),
		"b.md": strings.Replace(approved("SMS-X-1", "B"), "7.5.3", "12", 1),
		"c.md": "no front matter",
		"d.md": strings.Replace(approved("SMS-X-4", "D"), "type: procedure", "type: memo", 1),
	})
	want := []string{
		`a.md:2: duplicate id SMS-X-1: also used by b.md:2`,
		`a.md:12: unknown field "reveiw" (did you mean "review"?)`,
		`a.md:13: parent SMS-NOPE-1 is not a known document id`,
		`b.md:2: duplicate id SMS-X-1: also used by a.md:2`,
		`b.md:11: "12" is not a clause of ISO/IEC 20000-1:2018 (clauses 4 to 10) (did you mean "10"?)`,
		`c.md:1: no front matter: a document starts with --- (YAML), +++ (TOML) or { (JSON)`,
		`d.md:4: unknown type "memo" (known: policy, plan, process, procedure, register, record, template, form, report)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

// TestFieldNeeds drives the check of missing fields from the field table:
// each field a document must give, left out of an approved document, is
// reported once — a required one at the front matter's start, one that
// approval needs at the status line.
func TestFieldNeeds(t *testing.T) {
	src := approved("SMS-POL-001", "Policy")
	for _, f := range site.Fields {
		if f.Need == site.Optional {
			continue
		}
		t.Run(f.Key, func(t *testing.T) {
			line := regexp.MustCompile(`(?m)^` + f.Key + `:.*\n`).FindString(src)
			if line == "" {
				t.Fatalf("approved() has no %s: line; give it one", f.Key)
			}
			want := fmt.Sprintf(`a.md:1: missing required field %q`, f.Key)
			if f.Need == site.RequiredIfApproved {
				want = fmt.Sprintf(`a.md:6: an approved document needs %q`, f.Key)
			}
			got := check(t, config.Default(), map[string]string{"a.md": strings.Replace(src, line, "", 1)})
			if !slices.Equal(got, []string{want}) {
				t.Errorf("without %s:\n got: %s\nwant: %s", f.Key, strings.Join(got, "\n      "), want)
			}
		})
	}
}

// TestSiteReadOnly: validating reports, and changes nothing of the site
// (load made its indexes and defaults), also with a duplicate id and an
// absent classification.
func TestSiteReadOnly(t *testing.T) {
	var docs []*site.Document
	for _, p := range []string{"a.md", "b.md"} {
		d, _ := load.Parse(p, []byte(approved("SMS-POL-001", "Policy "+p)), nil)
		docs = append(docs, d)
	}
	s := site.New("", config.Default(), docs)
	metas := []site.Meta{docs[0].Meta, docs[1].Meta}
	byID, byPath := maps.Clone(s.ByID), maps.Clone(s.ByPath)
	got := Site(s, today).All()
	if len(got) != 2 {
		t.Errorf("diagnostics %v, want the duplicate id at both places", got)
	}
	if !reflect.DeepEqual(metas, []site.Meta{docs[0].Meta, docs[1].Meta}) || !maps.Equal(byID, s.ByID) || !maps.Equal(byPath, s.ByPath) {
		t.Errorf("Site changed the site: ByID %v (was %v), metas %+v (were %+v)", s.ByID, byID, []site.Meta{docs[0].Meta, docs[1].Meta}, metas)
	}
}
