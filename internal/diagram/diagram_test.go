package diagram

import (
	"flag"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	sitetest.Golden(t, filepath.Join("testdata", name), got, *update)
}

// wantDiags compares diagnostics, sorted, with their wanted text.
func wantDiags(t *testing.T, diags []*diag.Diagnostic, want []string) {
	t.Helper()
	diag.Sort(diags)
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// fakeLinks addresses every clause with one approved document, except
// the clauses in gaps, which only a draft addresses.
func fakeLinks(gaps ...string) ScopeLinks {
	return ScopeLinks{
		Docs: func(clauses []string) []DocLink {
			for _, g := range gaps {
				if clauses[0] == g {
					return []DocLink{{ID: "SMS-PRC-017", Title: "Draft " + g, URL: "/docs/sms-prc-017/"}}
				}
			}
			id := "SMS-X-" + strings.ReplaceAll(clauses[0], ".", "-")
			return []DocLink{{ID: id, Title: "Document for " + clauses[0], URL: "/docs/" + strings.ToLower(id) + "/", Approved: true}}
		},
		ClauseURL:   func(n string) string { return "/clauses/#clause-" + n },
		ClauseTitle: func(n string) string { return "Title " + n },
	}
}

func TestBuiltinScopeModelIsValidAndDrawsFigure1(t *testing.T) {
	s, diags := ParseScope("scope.yaml", builtinScope)
	for _, d := range diags {
		t.Errorf("%v", d)
	}
	if s == nil {
		t.FailNow()
	}
	if n := len(s.Processes()); n != 43 {
		t.Errorf("the model has %d processes; the policy's Figure 1 has 43", n)
	}
	fig := ScopeFigure(s, fakeLinks("8.4.1"))
	golden(t, "scope.dot", fig.Graph.DOT())
}

func TestParseScopeReportsProblemsWithLines(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown clause", `
title: T
groups:
  - name: G
    processes:
      - {name: Internal audit, clauses: ["9.2", "9.9"]}
`, []string{`s.yaml:6: process "Internal audit": "9.9" is not a clause of ISO/IEC 20000-1:2018 (4 to 10; see /clauses/)`}},
		{"misspelt key", `
title: T
groups:
  - name: G
    proceses:
      - {name: P, clauses: ["4.1"]}
`, []string{
			`s.yaml:4: group "G" has neither processes nor groups`,
			`s.yaml:5: group: unknown key "proceses" (did you mean "processes"?) (known: clause, groups, name, processes, row)`,
		}},
		{"process without clauses", `
groups:
  - name: G
    clause: "11"
    processes:
      - name: P
`, []string{
			`s.yaml:4: group: "11" is not a clause of ISO/IEC 20000-1:2018 (4 to 10; see /clauses/)`,
			`s.yaml:6: process "P" has no clauses of ISO/IEC 20000-1:2018`,
		}},
		{"bad row", `
groups:
  - {name: G, row: first, processes: [{name: P, clauses: ["4.1"]}]}
`, []string{`s.yaml:3: row must be a whole number from 1`}},
		{"not YAML", "groups: [\n", []string{`s.yaml:2: did not find expected node content`}},
		{"no groups", "title: T\n", []string{`s.yaml:1: the scope model has no groups`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ParseScope("s.yaml", []byte(tt.yaml))
			wantDiags(t, diags, tt.want)
		})
	}
}

// TestScopeTooltipNamesTheFirstDocuments: a process addressed by more
// than TooltipDocs documents names the first of them in its tooltip, then
// how many more; its outline item lists them all.
func TestScopeTooltipNamesTheFirstDocuments(t *testing.T) {
	s := mustParseScope(t, `
groups:
  - name: G
    processes:
      - {name: Budgeting, clauses: ["8.4.1"]}
      - {name: Capacity management, clauses: ["8.4.3"]}
`)
	links := fakeLinks()
	links.Docs = func(clauses []string) []DocLink {
		n := map[string]int{"8.4.1": TooltipDocs + 3, "8.4.3": TooltipDocs}[clauses[0]]
		var out []DocLink
		for i := range n {
			out = append(out, DocLink{ID: fmt.Sprint("D-", i), Title: fmt.Sprint("T", i), URL: "/d/", Approved: true})
		}
		return out
	}
	fig := ScopeFigure(s, links)
	tooltips := map[string]string{}
	var nodes func([]*Node, []*Cluster)
	nodes = func(ns []*Node, cs []*Cluster) {
		for _, n := range ns {
			for _, a := range n.Attrs {
				if a.Key == "tooltip" {
					tooltips[n.Name] = a.Value
				}
			}
		}
		for _, c := range cs {
			nodes(c.Nodes, c.Clusters)
		}
	}
	nodes(fig.Graph.Nodes, fig.Graph.Clusters)
	if want := "Budgeting (8.4.1): T0; T1; T2; T3; T4; T5; T6; T7; T8; T9; and 3 more"; tooltips["Budgeting"] != want {
		t.Errorf("Budgeting's tooltip is %q, want %q", tooltips["Budgeting"], want)
	}
	if got := tooltips["Capacity management"]; !strings.HasSuffix(got, "; T9") {
		t.Errorf("Capacity management's tooltip is %q, want all %d titles and no count", got, TooltipDocs)
	}
	var docs []int
	var walk func([]*Item)
	walk = func(items []*Item) {
		for _, it := range items {
			if it.Label == "Budgeting" {
				docs = append(docs, len(it.Docs))
			}
			walk(it.Children)
		}
	}
	walk(fig.Outline)
	if !slices.Equal(docs, []int{TooltipDocs + 3}) {
		t.Errorf("Budgeting's outline items list %v documents, want [%d]", docs, TooltipDocs+3)
	}
}

// mustParseScope is the scope model of yaml, which has no problems.
func mustParseScope(t *testing.T, yaml string) *Scope {
	t.Helper()
	s, diags := ParseScope("s.yaml", []byte(yaml))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return s
}

func TestScopeFigureMarksGapsAndLinksProcesses(t *testing.T) {
	s := mustParseScope(t, `
title: Scope
system: SMS
customers: Customers
requirements: Service requirements
services: Services
groups:
  - name: Supply and demand
    clause: "8.4"
    processes:
      - {name: Budgeting, clauses: ["8.4.1"]}
      - {name: Capacity management, clauses: ["8.4.3"]}
`)
	fig := ScopeFigure(s, fakeLinks("8.4.1"))
	dot := string(fig.Graph.DOT())
	for _, want := range []string{
		`"Budgeting" [id="scope.budgeting", class="gap"`,
		`label="Budgeting\n8.4.1 (gap)", URL="/clauses/#clause-8.4.1"`,
		`label="Capacity management\n8.4.3", URL="/docs/sms-x-8-4-3/"`,
		`URL="/clauses/#clause-8.4"`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s:\n%s", want, dot)
		}
	}
	group := fig.Outline[1].Children[0]
	if group.Label != "Supply and demand" || len(group.Children) != 2 {
		t.Fatalf("outline group = %+v", group)
	}
	gap, ok := group.Children[0], group.Children[1]
	if !gap.Gap || gap.URL != "/clauses/#clause-8.4.1" || len(gap.Docs) != 1 || ok.Gap || ok.URL != "/docs/sms-x-8-4-3/" {
		t.Errorf("outline processes = %+v, %+v", gap, ok)
	}
}

func structureDocs() []DocNode {
	return []DocNode{
		{ID: "SMS-POL-001", Title: "Service Management Policy", Type: "policy", URL: "/docs/sms-pol-001/", Status: "approved"},
		{ID: "SMS-PLN-002", Title: "Service Management Plan", Type: "plan", Parent: "SMS-POL-001", URL: "/docs/sms-pln-002/", Status: "approved"},
		{ID: "SMS-PRC-002", Title: "Incident Management Process", Type: "process", Parent: "SMS-PLN-002", URL: "/docs/sms-prc-002/", Status: "approved"},
		{ID: "SMS-PRC-004", Title: "Problem Management Process", Type: "process", Parent: "SMS-PLN-002", URL: "/docs/sms-prc-004/", Status: "draft"},
		{ID: "SMS-PROC-004", Title: "Major Incident Procedure", Type: "procedure", Parent: "SMS-PRC-002", URL: "/docs/sms-proc-004/", Status: "approved"},
		{ID: "SMS-TPL-001", Title: "Major Incident Report", Type: "template", Parent: "SMS-PROC-004", URL: "/docs/sms-tpl-001/", Status: "approved"},
		// Its parent is not in this build (left out for the audience).
		{ID: "SMS-TPL-003", Title: "Risk Assessment Report", Type: "template", Parent: "SMS-PRC-001", URL: "/docs/sms-tpl-003/", Status: "approved"},
		{ID: "SMS-FRM-001", Title: "Change Request Form", Type: "form", Parent: "SMS-PRC-002", URL: "/docs/sms-frm-001/", Status: "approved"},
	}
}

func TestStructureFigureGolden(t *testing.T) {
	fig := StructureFigure("SMS documentation structure", structureDocs())
	golden(t, "structure.dot", fig.Graph.DOT())
	if strings.Contains(string(fig.Graph.DOT()), "SMS-PRC-001") {
		t.Error("a parent outside the build appears in the figure")
	}
}

func TestStructureOutlineNestsByParent(t *testing.T) {
	fig := StructureFigure("S", structureDocs())
	var lines []string
	var walk func([]*Item, string)
	walk = func(items []*Item, indent string) {
		for _, it := range items {
			lines = append(lines, indent+it.Label+" ("+it.Note+") "+it.URL)
			walk(it.Children, indent+"  ")
		}
	}
	walk(fig.Outline, "")
	want := `Service Management Policy (SMS-POL-001 · policy) /docs/sms-pol-001/
  Service Management Plan (SMS-PLN-002 · plan) /docs/sms-pln-002/
    Incident Management Process (SMS-PRC-002 · process) /docs/sms-prc-002/
      Major Incident Procedure (SMS-PROC-004 · procedure) /docs/sms-proc-004/
        Major Incident Report (SMS-TPL-001 · template) /docs/sms-tpl-001/
      Change Request Form (SMS-FRM-001 · form) /docs/sms-frm-001/
    Problem Management Process (SMS-PRC-004 · process · draft) /docs/sms-prc-004/
Risk Assessment Report (SMS-TPL-003 · template) /docs/sms-tpl-003/`
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("outline:\n%s\nwant:\n%s", got, want)
	}
	if alone := StructureOutline(structureDocs()); !reflect.DeepEqual(alone, fig.Outline) {
		t.Error("StructureOutline differs from StructureFigure's outline")
	}
}

func TestDOTQuotesValues(t *testing.T) {
	g := &Graph{Name: `a "b"`, Nodes: []*Node{{Name: `x\y`, Attrs: []Attr{{"label", "one\ntwo"}}}}}
	want := "digraph \"a \\\"b\\\"\" {\n\t\"x\\\\y\" [label=\"one\\ntwo\"];\n}\n"
	if got := string(g.DOT()); got != want {
		t.Errorf("DOT = %q, want %q", got, want)
	}
}
