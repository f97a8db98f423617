package config

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// load writes handbook.yaml with text into a temporary site and loads it.
func load(t *testing.T, text string) (*Config, []string) {
	t.Helper()
	c, err := Load(sitetest.New(t, map[string]string{FileName: text}))
	return c, messages(err)
}

// messages lists the diagnostics joined in err, in order.
func messages(err error) []string {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []string
	for _, e := range errs {
		var d *diag.Diagnostic
		if !errors.As(e, &d) {
			out = append(out, "not a diagnostic: "+e.Error())
			continue
		}
		out = append(out, d.Error())
	}
	return out
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"unknown key with hint", "title: T\nbase_ulr: /x/\n", []string{`handbook.yaml:2: unknown key "base_ulr" (did you mean "base_url"?)`}},
		{"unknown key without hint", "title: T\ncolour: red\n", []string{`handbook.yaml:2: unknown key "colour"`}},
		{"every unknown key", "titel: T\norganization: O\n", []string{
			`handbook.yaml:1: unknown key "titel" (did you mean "title"?)`,
			`handbook.yaml:2: unknown key "organization" (did you mean "organisation"?)`,
		}},
		{"relative base_url", "title: T\nbase_url: handbook/\n", []string{`handbook.yaml:2: base_url "handbook/" must start with / or be an absolute URL (https://host/path/)`}},
		{"empty base_url", "base_url: \"\"\n", []string{`handbook.yaml:1: base_url "" must start with / or be an absolute URL (https://host/path/)`}},
		{"base_url with query", "base_url: /h/?x=1\n", []string{`handbook.yaml:1: base_url "/h/?x=1" must not have a query (?) or fragment (#)`}},
		{"base_url with space", "base_url: /my handbook/\n", []string{`handbook.yaml:1: base_url "/my handbook/" is not a valid URL`}},
		{"base_url with another scheme", "base_url: ftp://host/h/\n", []string{`handbook.yaml:1: base_url "ftp://host/h/" must be an http or https URL with a host, or a path starting with /`}},
		{"base_url without host", "base_url: \"https:/h/\"\n", []string{`handbook.yaml:1: base_url "https:/h/" must be an http or https URL with a host, or a path starting with /`}},
		{"audience with unknown classification", "title: T\naudiences:\n  staff: internal\n  board: secrett\n  public: open\n", []string{
			`handbook.yaml:4: audience "board": unknown classification "secrett" (known: public, internal, confidential, restricted)`,
			`handbook.yaml:5: audience "public": unknown classification "open" (known: public, internal, confidential, restricted)`,
		}},
		{"audience misspelt classification", "audiences:\n  staff: internl\n", []string{
			`handbook.yaml:2: audience "staff": unknown classification "internl" (known: public, internal, confidential, restricted) (did you mean "internal"?)`,
		}},
		{"custom classifications need their own audiences", "classifications: [open, secret]\n", []string{
			`handbook.yaml:1: the default audience "auditors" reads "restricted", which is not one of these classifications: declare audiences: for them`,
			`handbook.yaml:1: the default audience "managers" reads "confidential", which is not one of these classifications: declare audiences: for them`,
			`handbook.yaml:1: the default audience "public" reads "public", which is not one of these classifications: declare audiences: for them`,
			`handbook.yaml:1: the default audience "staff" reads "internal", which is not one of these classifications: declare audiences: for them`,
		}},
		{"bad id_pattern", "id_pattern: '^[A-Z'\n", []string{"handbook.yaml:1: id_pattern: error parsing regexp: missing closing ]: `[A-Z`"}},
		{"empty types", "types: []\n", []string{"handbook.yaml:1: types must not be empty"}},
		{"negative review window", "review_window_days: -1\n", []string{"handbook.yaml:1: review_window_days must not be negative"}},
		{"empty placeholder", "title: T\nplaceholders:\n  \"\": Example Ltd\n", []string{`handbook.yaml:3: placeholders: a placeholder's text must not be empty`}},
		{"negative review_max_months", "title: T\nreview_max_months: -1\n", []string{"handbook.yaml:2: review_max_months must not be negative (0 turns the check off)"}},
		{"versioning", "versioning:\n  major_when: [steps, rolse]\n  minor_when: [text]\n", []string{
			`handbook.yaml:2: versioning.major_when: unknown "rolse" (known: clauses, roles, steps) (did you mean "roles"?)`,
			`handbook.yaml:3: versioning: unknown key "minor_when" (known: major_when)`,
		}},
		{"home tasks", "home:\n  tasks:\n    - {title: Raise an incident, link: SMS-PROC-004}\n    - {title: \"\", link: SMS-PROC-005}\n    - title: Request access\n  pages: 3\n", []string{
			`handbook.yaml:6: home: unknown key "pages" (known: tasks)`,
			`handbook.yaml:4: home.tasks: entry 2 has no title`,
			`handbook.yaml:5: home.tasks: "Request access" has no link (a document id, with an optional #anchor)`,
		}},
		{"home task unknown key", "home:\n  tasks:\n    - title: T\n      lnk: SMS-PROC-004\n", []string{
			`handbook.yaml:4: home.tasks: unknown key "lnk" (known: title, link) (did you mean "link"?)`,
		}},
		{"home task not a mapping", "home:\n  tasks: [SMS-PROC-004]\n", []string{
			`handbook.yaml:2: home.tasks: each task is a mapping {title: ..., link: ...}`,
		}},
		{"edit_url", "edit_url: git.example/edit/{path}\n", []string{`handbook.yaml:1: edit_url "git.example/edit/{path}" must be an http or https URL`}},
		{"edit_url without path", "edit_url: https://git.example/edit/\n", []string{`handbook.yaml:1: edit_url "https://git.example/edit/" must contain {path}, the path of the document's file in the site folder`}},
		{"wrong value type", "title: T\nreview_window_days: soon\n", []string{"handbook.yaml:2: cannot unmarshal !!str `soon` into int"}},
		{"YAML syntax", "title: T\nbase_url: /\n  x: y\n", []string{"handbook.yaml:3: invalid YAML: mapping values are not allowed in this context"}},
		{"YAML parser error line", "title: T\ntypes: [policy, plan\nbase_url: /\n", []string{"handbook.yaml:2: invalid YAML: did not find expected ',' or ']'"}},
		{"YAML error at the end of a last line without a break", "title: [f", []string{"handbook.yaml:1: invalid YAML: did not find expected ',' or ']'"}},
		{"not a mapping", "- title\n", []string{"handbook.yaml:1: the configuration must be a mapping of keys (title: ..., base_url: ...)"}},
		{"problems of every kind at once", "titel: T\nbase_url: x\nreview_window_days: -3\n", []string{
			`handbook.yaml:1: unknown key "titel" (did you mean "title"?)`,
			`handbook.yaml:2: base_url "x" must start with / or be an absolute URL (https://host/path/)`,
			"handbook.yaml:3: review_window_days must not be negative",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, got := load(t, tc.text)
			if !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tc.want, "\n      "))
			}
			if c != nil {
				t.Errorf("a configuration with errors was returned")
			}
		})
	}
}

func TestLoadValues(t *testing.T) {
	c, errs := load(t, `title: "My Handbook"
organisation: Example Ltd
base_url: https://intranet.example.com/handbook
types: [policy, guide]
classifications: [open, internal, secret]
audiences:
  everyone: open
  staff: internal
placeholders:
  "[Organization Name]": Example Ltd
numbering:
  guide: "GDE-{nnn}"
id_pattern: '^[A-Z]+-[0-9]+$'
review_window_days: 30
unsafe_html: true
extra_fields: [department]
`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if c.Title != "My Handbook" || c.Organisation != "Example Ltd" || c.ReviewDays != 30 || !c.UnsafeHTML {
		t.Errorf("scalars: %+v", c)
	}
	if c.BaseURL != "https://intranet.example.com/handbook/" {
		t.Errorf("base URL %q, want a trailing slash added", c.BaseURL)
	}
	if got := c.URL("/docs/x/"); got != "https://intranet.example.com/handbook/docs/x/" {
		t.Errorf("URL = %q", got)
	}
	if !slices.Equal(c.Types, []string{"policy", "guide"}) || !slices.Equal(c.Classes, []string{"open", "internal", "secret"}) {
		t.Errorf("types %v, classes %v", c.Types, c.Classes)
	}
	// Audiences written replace the defaults as a whole.
	if want := map[string]string{"everyone": "open", "staff": "internal"}; !maps.Equal(c.Audiences, want) {
		t.Errorf("audiences %v, want %v", c.Audiences, want)
	}
	// Numbering entries are added to the default formats.
	if c.Numbering["guide"] != "GDE-{nnn}" || c.Numbering["policy"] != "SMS-POL-{nnn}" {
		t.Errorf("numbering %v", c.Numbering)
	}
	if !c.ValidID("GDE-12") || c.ValidID("SMS-POL-001") {
		t.Errorf("id_pattern not applied")
	}
	if r, err := c.MaxRank("staff"); r != 1 || err != nil {
		t.Errorf("MaxRank(staff) = %d, %v", r, err)
	}
	if _, err := c.MaxRank("board"); err == nil || !strings.Contains(err.Error(), "known: everyone, staff") {
		t.Errorf("MaxRank(board) error %v", err)
	}
	if !slices.Equal(c.ExtraFields, []string{"department"}) {
		t.Errorf("extra fields %v", c.ExtraFields)
	}
}

func TestDefaults(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "/" || c.ReviewDays != 60 || len(c.Types) != 9 || c.ClassRank("restricted") != 3 || c.ClassRank("x") != -1 {
		t.Errorf("defaults: %+v", c)
	}
	for _, id := range []string{"SMS-POL-001", "SMS-DOC-05-1", "A-1"} {
		if !c.ValidID(id) {
			t.Errorf("the default id pattern rejects %s", id)
		}
	}
	for _, id := range []string{"sms-pol-001", "SMS", "SMS-", "SMS POL 1", "-SMS-1"} {
		if c.ValidID(id) {
			t.Errorf("the default id pattern accepts %s", id)
		}
	}
	empty, errs := load(t, "# nothing but a comment\n")
	if len(errs) > 0 || empty.BaseURL != "/" {
		t.Errorf("an empty handbook.yaml: %v %v", errs, empty)
	}
}

func TestPlaceholderKeysLongestFirst(t *testing.T) {
	c := Default()
	c.Placeholders = map[string]string{"[Service Provider]": "a", "[Insert Service Provider]": "b", "[All]": "c", "[all]": "d"}
	want := []string{"[Insert Service Provider]", "[Service Provider]", "[All]", "[all]"}
	if got := c.PlaceholderKeys(); !slices.Equal(got, want) {
		t.Errorf("PlaceholderKeys = %v, want %v", got, want)
	}
}

// TestRepositoryConfig loads the repository's own handbook.yaml.
func TestRepositoryConfig(t *testing.T) {
	c, err := Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	if c.Placeholders["[Organization Name]"] == "" {
		t.Errorf("the repository's placeholders are not loaded")
	}
}

func TestKeys(t *testing.T) {
	want := []string{"title", "organisation", "base_url", "types", "classifications", "audiences", "placeholders",
		"id_pattern", "numbering", "review_window_days", "unsafe_html", "extra_fields", "audience_groups", "acknowledge",
		"review_max_months", "roles", "leftovers", "versioning", "language", "home", "edit_url"}
	if got := Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys = %v", got)
	}
}

func TestHomeTasksAndEditURL(t *testing.T) {
	c, errs := load(t, "edit_url: https://git.example/handbook/edit/main/{path}\nhome:\n  tasks:\n    - title: Raise a major incident\n      link: SMS-PROC-004#raise-major-incident\n    - {title: Request access, link: SMS-PROC-010}\n")
	if errs != nil {
		t.Fatal(errs)
	}
	want := []Task{{"Raise a major incident", "SMS-PROC-004#raise-major-incident", 4}, {"Request access", "SMS-PROC-010", 6}}
	if !slices.Equal(c.Home.Tasks, want) {
		t.Errorf("tasks = %+v, want %+v", c.Home.Tasks, want)
	}
	if id, a := want[0].ID(), want[0].Anchor(); id != "SMS-PROC-004" || a != "raise-major-incident" {
		t.Errorf("ID, Anchor = %q, %q", id, a)
	}
	if got := c.EditLink("procedures/x.md"); got != "https://git.example/handbook/edit/main/procedures/x.md" {
		t.Errorf("EditLink = %q", got)
	}
	if got := Default().EditLink("x.md"); got != "" {
		t.Errorf("EditLink without edit_url = %q, want none", got)
	}
}
