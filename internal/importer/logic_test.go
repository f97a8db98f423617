package importer

import (
	"slices"
	"strings"
	"testing"

	"handbook/internal/config"
)

var types = []string{"policy", "plan", "process", "procedure", "register", "record", "template", "form", "report"}

func TestGuessType(t *testing.T) {
	for _, c := range []struct{ title, typ string }{
		{"Information Security Policy", "policy"},
		{"Procedure for the Control of Documented Information", "procedure"},
		{"Major Incident Procedure", "procedure"},
		{"Capacity Plan", "plan"},
		{"Change Management Process", "process"},
		{"Service Management System Documentation Log", "register"},
		{"Risk Register", "register"},
		{"Service Catalogue", "register"},
		{"Risk Assessment Report Template", "template"},
		{"Access Request Form", "form"},
		{"Monthly Service Report", "report"},
		{"Policies", ""},
		{"Plan for nothing in particular here", ""},
		{"", ""},
	} {
		if got, _ := guessType(c.title, types); got != c.typ {
			t.Errorf("guessType(%q) = %q, want %q", c.title, got, c.typ)
		}
	}
	if got, _ := guessType("Capacity Plan", []string{"policy"}); got != "" {
		t.Errorf("a type handbook.yaml lacks was guessed: %q", got)
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"2026-01-20", "2026-01-20", ""},
		{"20 January 2026", "2026-01-20", ""},
		{"20th January 2026", "2026-01-20", ""},
		{"January 20, 2026", "2026-01-20", ""},
		{"20-Jan-2026", "2026-01-20", ""},
		{"20/01/2026", "2026-01-20", ""},
		{"01/20/2026", "2026-01-20", ""},
		{"20.01.26", "2026-01-20", ""},
		{"05/05/2026", "2026-05-05", ""},
		{"03/04/2026", "", "ambiguous"},
		{"31/02/2026", "", "not a date"},
		{"January 2026", "", "no day"},
		{"[Insert Date]", "", "not a date"},
		{"", "", "not a date"},
	} {
		got, err := parseDate(c.in)
		if got != c.want || (c.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("parseDate(%q) = %q, %v; want %q, %q", c.in, got, err, c.want, c.err)
		}
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]string{"2.0": "2.0", "v2.1": "2.1", "Version 3": "3", "V 1.0.2": "1.0.2", "x.x": "", "Draft": ""} {
		got, ok := parseVersion(in)
		if got != want || ok != (want != "") {
			t.Errorf("parseVersion(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestControlTables(t *testing.T) {
	down := [][]string{{"Document control", ""}, {"Version:", "2.0"}, {"Approved by", "CEO"}, {"Notes", "x"}}
	if pairs, ok := controlPairs(down); !ok || len(pairs) != 2 || pairs[1] != [2]string{"Approved by", "CEO"} {
		t.Errorf("labels down the first column: %v %v", pairs, ok)
	}
	four := [][]string{{"Version", "1.1", "Owner", "Service Manager"}, {"Date", "2026-01-02", "Classification", "Internal"}}
	if pairs, ok := controlPairs(four); !ok || len(pairs) != 4 {
		t.Errorf("four columns: %v %v", pairs, ok)
	}
	across := [][]string{{"Version", "Date", "Author"}, {"1.0", "2026-01-02", "Service Manager"}}
	if pairs, ok := controlPairs(across); !ok || len(pairs) != 3 || pairs[2] != [2]string{"Author", "Service Manager"} {
		t.Errorf("labels across: %v %v", pairs, ok)
	}
	if _, ok := controlPairs([][]string{{"Role", "Responsibility"}, {"Manager", "Owns"}}); ok {
		t.Error("an ordinary table was read as document control")
	}
	revs, ok := revisionRows([][]string{{"Version", "Date", "Author", "Summary of changes"}, {"1.0", "2024-09-02", "SM", "First issue"}, {"", "", "", ""}})
	if !ok || len(revs) != 1 || revs[0]["summary"] != "First issue" {
		t.Errorf("revision history: %v %v", revs, ok)
	}
	if _, ok := revisionRows(across); ok {
		t.Error("a one-row control table was read as a revision history")
	}
}

func TestFillReviewBeforeApproval(t *testing.T) {
	p := &plan{cfg: &config.Config{Classes: []string{"internal"}}, opts: Options{ReviewMonths: 12}}
	d := &Doc{Approved: "2026-03-01", Review: "2026-01-01"}
	p.fill(d)
	if d.Review != "2027-03-01" || !slices.ContainsFunc(d.todo, func(s string) bool { return strings.Contains(s, "not after the approval date") }) {
		t.Errorf("review %s, todo %q", d.Review, d.todo)
	}
}

func TestApplyControl(t *testing.T) {
	d := &Doc{}
	applyControl(d, [][2]string{
		{"Version", "v2.0"}, {"Approval date", "03/04/2026"}, {"Approved by", "[Insert Name]"},
		{"Classification", "Top Secret"}, {"Owner", "Service Manager"}, {"Next review", "2027-01-20"},
	}, []string{"public", "internal"})
	if d.Version != "2.0" || d.Owner != "Service Manager" || d.Review != "2027-01-20" || d.Approved != "" || d.Approver != "" || d.Class != "" {
		t.Errorf("fields: %+v", d)
	}
	for _, want := range []string{"approved: ", "ambiguous", "approver: ", "[Insert Name]", "classification: ", "Top Secret"} {
		if !slices.ContainsFunc(d.todo, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("no TODO mentions %q: %q", want, d.todo)
		}
	}
}

func TestFindPlaceholders(t *testing.T) {
	text := "For [Organization Name] and [ Insert Date ], [all] units.\n" +
		"A [link](x.md), [ref][r], ![img](a.png), [x] box, [[SMS-POL-001]], Insert Company Name.\n" +
		"`[Not This]` and\n```\n[Nor This]\n```\n[r]: http://example.com\n"
	got := findPlaceholders(text, map[string]string{"[Organization Name]": "Example"})
	want := []string{"[Organization Name]", "[ Insert Date ]", "[all]", "Insert Company Name"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNormLink(t *testing.T) {
	for in, want := range map[string]string{
		"policies/access.md": "policies/access", "/Policies/Access/": "policies/access",
		"policies/_index.md": "policies", "README.md": "", "a/b/../c.html": "a/c", "index.md": "",
	} {
		if got := normLink(in); got != want {
			t.Errorf("normLink(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRewriteLinks(t *testing.T) {
	a := &Doc{Source: "a.md", SourceRel: "a.md", ID: "A-1", bodyLine: 3, Body: strings.Join([]string{
		"[b](b.md#x) and [c](sub/c.md \"C\") and [out](https://example.com/b.md) and [self](#top)",
		"`[b](b.md)` stays, and [gone](missing.md) is left, [[X-9]] and [x](X-9#a) too",
		"[b2]({{< relref \"b\" >}}) [c2]({% link sub/c.md %})",
		"```",
		"[b](b.md)",
		"```",
		"[ref]: b.md \"B\"",
		"{{< youtube x >}} and {% include a.html %} and {{ page.title }}",
		"{{< figure scope >}}",
		"<div class=\"note\">x</div> and a<b, <https://example.com>",
	}, "\n")}
	b := &Doc{Source: "b.md", SourceRel: "b.md", ID: "B-1"}
	c := &Doc{Source: "sub/c.md", SourceRel: "sub/c.md", ID: "C-1", Aliases: []string{"/old/c/"}}
	sum := &Summary{}
	rewriteLinks([]*Doc{a, b, c}, map[string]string{"B-1": "b.md", "X-9": "site"}, sum)
	want := strings.Join([]string{
		"[b](B-1#x) and [c](C-1 \"C\") and [out](https://example.com/b.md) and [self](#top)",
		"`[b](b.md)` stays, and [gone](missing.md) is left, [[X-9]] and [x](X-9#a) too",
		"[b2](B-1) [c2](C-1)",
		"```",
		"[b](b.md)",
		"```",
		"[ref]: B-1 \"B\"",
		"`{{< youtube x >}}` and `{% include a.html %}` and `{{ page.title }}`",
		"{{< figure scope >}}",
		"<div class=\"note\">x</div> and a<b, <https://example.com>",
	}, "\n")
	if a.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", a.Body, want)
	}
	if len(sum.LinksRewritten) != 5 || len(sum.LinksLeft) != 1 || sum.LinksLeft[0].At != "a.md:4" {
		t.Errorf("rewritten %v, left %v", sum.LinksRewritten, sum.LinksLeft)
	}
	if len(sum.Notes) != 5 || sum.Notes[4].At != "a.md" || sum.Notes[4].Message != "raw HTML on line 12: the handbook escapes or filters raw HTML (check may warn); write it in Markdown" ||
		sum.Notes[0].At != "a.md:10" || !strings.Contains(sum.Notes[3].Message, "handbook shortcode") {
		t.Errorf("notes %v", sum.Notes)
	}
}

func TestParseFrontMatter(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
		title     string
	}{
		{"yaml", "---\ntitle: A\n---\nbody\n", 0, "A"},
		{"toml", "+++\ntitle = \"A\"\n+++\nbody\n", 0, "A"},
		{"json", "{\n\"title\": \"A\"\n}\nbody\n", 0, "A"},
		{"none", "# A\nbody\n", 0, ""},
		{"yaml-bad", "---\ntitle: A\ntags: [a\n---\n", 3, ""},
		{"toml-bad", "+++\ntitle = \"A\"\nx = \n+++\n", 3, ""},
		{"json-bad", "{\n\"title\": \"A\",\n}\n", 3, ""},
		{"unclosed", "---\ntitle: A\n", 1, ""},
	} {
		fm, _, _, err := parseFrontMatter([]byte(c.src))
		var pe *posError
		switch {
		case c.line > 0 && (err == nil || !asPos(err, &pe) || pe.line != c.line):
			t.Errorf("%s: got %v, want an error at line %d", c.name, err, c.line)
		case c.line == 0 && (err != nil || str(fm["title"]) != c.title):
			t.Errorf("%s: got %v, %v", c.name, fm, err)
		}
	}
}

func asPos(err error, pe **posError) bool {
	p, ok := err.(*posError)
	*pe = p
	return ok
}

// TestStatus: approved only with approver, approval and review known and
// every placeholder mapped; each warning check will give is named.
func TestStatus(t *testing.T) {
	p := &plan{opts: Options{Today: today}}
	for _, c := range []struct {
		name   string
		d      Doc
		status string
		needs  []string
	}{
		{"complete", Doc{Approver: "CEO", Approved: "2026-01-01", Review: "2027-01-01", Clauses: []string{"5.2"}}, "approved", nil},
		{"overdue", Doc{Approver: "CEO", Approved: "2025-01-01", Review: "2026-01-01", Clauses: []string{"5.2"}}, "approved", []string{"review overdue since 2026-01-01"}},
		{"no approver", Doc{Approved: "2026-01-01", Review: "2027-01-01"}, "draft", []string{"document is draft, not approved (approver, approval date or review date unknown)", "no clauses"}},
		{"draft", Doc{Draft: true, Approver: "CEO", Approved: "2026-01-01", Review: "2027-01-01", Clauses: []string{"5.2"}}, "draft", []string{"document is draft, not approved (the source marks it a draft)"}},
		{"bracketed text", Doc{Approver: "CEO", Approved: "2026-01-01", Review: "2027-01-01", Clauses: []string{"5.2"}, placehold: []Placeholder{{Text: "[Note]"}}}, "approved", nil},
		{"placeholder", Doc{Approver: "CEO", Approved: "2026-01-01", Review: "2027-01-01", Clauses: []string{"5.2"}, placehold: []Placeholder{{Text: "[Insert Name]", Checked: true}}}, "draft", []string{"document is draft, not approved (placeholders handbook.yaml does not replace)"}},
	} {
		d := c.d
		p.status(&d)
		if d.Status != c.status || len(d.needs) != len(c.needs) {
			t.Errorf("%s: status %s, needs %q; want %s, %q", c.name, d.Status, d.needs, c.status, c.needs)
			continue
		}
		for i, n := range c.needs {
			if !strings.HasPrefix(d.needs[i], n) {
				t.Errorf("%s: need %q, want %q", c.name, d.needs[i], n)
			}
		}
	}
}

func TestUnwrapFigures(t *testing.T) {
	img := map[string]any{"t": "Plain", "c": []any{map[string]any{"t": "Image", "c": []any{emptyAttr(), []any{}, []any{"a.png", ""}}}}}
	caption := map[string]any{"t": "Plain", "c": []any{map[string]any{"t": "Str", "c": "Figure 1"}}}
	fig := map[string]any{"t": "Figure", "c": []any{emptyAttr(), []any{nil, []any{caption}}, []any{img}}}
	para := map[string]any{"t": "Para", "c": []any{}}
	got := unwrapFigures([]any{para, fig})
	if len(got) != 3 || tag(got[1]) != "Plain" || stringify(got[2]) != "Figure 1" {
		t.Errorf("got %v", got)
	}
}

// TestFlattenTables: merged cells are split into empty ones, so that every
// row has a cell per column, and a cell's list is joined on one line.
func TestFlattenTables(t *testing.T) {
	str := func(s string) []any {
		return []any{map[string]any{"t": "Plain", "c": []any{map[string]any{"t": "Str", "c": s}}}}
	}
	cell := func(rows, cols int, blocks []any) any {
		return []any{emptyAttr(), map[string]any{"t": "AlignDefault"}, float64(rows), float64(cols), blocks}
	}
	row := func(cells ...any) any { return []any{emptyAttr(), cells} }
	list := []any{map[string]any{"t": "BulletList", "c": []any{str("a"), str("b")}}}
	body := []any{
		row(cell(1, 2, str("wide")), cell(2, 1, str("tall"))),
		row(cell(1, 1, str("x")), cell(1, 1, list)),
	}
	table := map[string]any{"t": "Table", "c": []any{emptyAttr(), []any{nil, []any{}}, []any{1, 2, 3},
		[]any{emptyAttr(), []any{}}, []any{[]any{emptyAttr(), float64(0), []any{}, body}}, []any{emptyAttr(), []any{}}}}
	d := &Doc{}
	flattenTables(d, []any{table})
	rows := tableRows(table)
	want := [][]string{{"wide", "", "tall"}, {"x", "• a • b", ""}}
	if len(rows) != 2 || !slices.Equal(rows[0], want[0]) || !slices.Equal(rows[1], want[1]) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	if len(d.guesses) != 1 || d.guesses[0].Value != "1 cell joined on one line, 2 merged cells split" {
		t.Errorf("guesses %+v", d.guesses)
	}
}
