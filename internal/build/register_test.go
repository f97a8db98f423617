package build_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/register"
	"handbook/internal/sitetest"
	"handbook/internal/standard"
)

// TestRepositoryFiguresAndRegister builds the repository's handbook and
// checks what the policy promises: both figures where the policy places
// them, clickable; the Documentation Log in place and as CSV and JSON that
// agree; every clause on /clauses/; the reviews; the feed.
func TestRepositoryFiguresAndRegister(t *testing.T) {
	t.Parallel()
	out := repoOutput(t)

	policy := readFile(t, filepath.Join(out, "docs/sms-pol-001/index.html"))
	scope := strings.Index(policy, `id="figure.scope"`)
	caption := strings.Index(policy, "Figure 1 - ISO/IEC 20000:2018 scope</em>")
	structure := strings.Index(policy, `id="figure.structure"`)
	if scope < 0 || structure < 0 || caption < scope || structure < caption {
		t.Errorf("the policy does not show Figure 1, its caption, then Figure 2 (at %d, %d, %d)", scope, caption, structure)
	}
	for _, want := range []string{
		`<title id="scope.title">Figure 1 - ISO/IEC 20000:2018 scope</title>`,
		`<title id="structure.title">Figure 2 - Service management system documentation structure</title>`,
		`xlink:href="/docs/sms-prc-002/"`, // Incident management, in Figure 1 and Figure 2
		`<summary>Figure 1 - ISO/IEC 20000:2018 scope as a list</summary>`,
		`<a href="/docs/sms-prc-002/">Incident management</a>`, // the text alternative
	} {
		if !strings.Contains(policy, want) {
			t.Errorf("the policy page lacks %s", want)
		}
	}
	// Every process of Figure 1 has an approved document: budgeting and
	// accounting (8.4.1), the last to be approved, links to its process.
	svg := readFile(t, filepath.Join(out, "scope.svg"))
	if !regexp.MustCompile(`(?s)id="scope\.budgeting-and-accounting-for-services" class="node">.{0,200}xlink:href="/docs/sms-prc-017/"`).MatchString(svg) {
		t.Error("Figure 1 does not link Budgeting and accounting for services to its approved process SMS-PRC-017")
	}
	if strings.Contains(svg, `class="node gap"`) {
		t.Error("Figure 1 shows a gap: every clause 4 to 10 should have an approved document")
	}
	// Figure 1 is for auditors: linked from the home page's auditors'
	// group, and drawn at its end, after the staff's tasks (issue 15: not
	// on the first screen; issue 13: on the home page).
	home := readFile(t, filepath.Join(out, "index.html"))
	tasks, auditors, figure := strings.Index(home, `id="home-tasks"`), strings.Index(home, `id="home-auditors"`), strings.Index(home, `id="figure.scope"`)
	if !strings.Contains(home, `<a href="/scope/">`) || tasks < 0 || !(tasks < auditors && auditors < figure) {
		t.Errorf("the home page does not link to Figure 1 and draw it after the tasks, in the auditors' group (tasks %d, auditors %d, figure %d)", tasks, auditors, figure)
	}
	for _, p := range []string{"scope/index.html", "structure/index.html", "structure.svg"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}

	logDoc := readFile(t, filepath.Join(out, "docs/sms-reg-001/index.html"))
	_, table, _ := strings.Cut(logDoc, `<table class="log-table">`)
	table, _, _ = strings.Cut(table, "</table>")
	if n := strings.Count(table, `class="doc-id">SMS-`); n != 44 || !strings.Contains(logDoc, `js/log.js`) {
		t.Errorf("the log document's table lists %d documents (want 44) or lacks log.js", n)
	}
	checkCSVMatchesJSON(t, out)

	clauses := readFile(t, filepath.Join(out, "clauses/index.html"))
	for _, c := range standard.Clauses() {
		if !strings.Contains(clauses, `id="clause-`+c.Number+`"`) {
			t.Errorf("/clauses/ has no entry clause-%s", c.Number)
		}
	}
	if states, covered := strings.Count(clauses, " state-"), strings.Count(clauses, " state-covered"); states != covered || covered != len(standard.Clauses()) {
		t.Errorf("/clauses/ shows %d of %d clauses covered by an approved document, want all", covered, states)
	}

	feed := readFile(t, filepath.Join(out, "feed.xml"))
	var f struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(feed), &f); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if len(f.Entries) == 0 || f.Updated != f.Entries[0].Updated {
		t.Errorf("feed updated %q should be its newest entry's date; %d entries", f.Updated, len(f.Entries))
	}
}

// checkCSVMatchesJSON reads /log.csv with a standard CSV reader and
// /log.json, and requires the same rows.
func checkCSVMatchesJSON(t *testing.T, out string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(out, "log.csv"))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("log.csv: %v", err)
	}
	var rows []register.Row
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "log.json"))), &rows); err != nil {
		t.Fatalf("log.json: %v", err)
	}
	if len(records) != len(rows)+1 {
		t.Fatalf("log.csv has %d records, log.json %d rows", len(records), len(rows))
	}
	for i, r := range rows {
		if got, want := strings.Join(records[i+1], "|"), strings.Join(r.Fields(), "|"); got != want {
			t.Errorf("row %d: CSV %s\nJSON %s", i, got, want)
		}
	}
}

// TestFiguresAndRegisterForAnAudience: nothing of a document the audience
// may not read reaches the figures, the log, coverage or the feed.
func TestFiguresAndRegisterForAnAudience(t *testing.T) {
	t.Parallel()
	site := sitetest.New(t, map[string]string{
		"content/policy.md": strings.Replace(doc("SMS-POL-001", "Service Management Policy", "history: [{version: \"1.0\", date: 2026-01-01, author: A, summary: First}]\n",
			"{{< figure scope >}}\n\n{{< figure structure >}}\n"), "type: procedure", "type: policy", 1),
		"content/secret.md": strings.Replace(doc("SMS-PLN-009", "Board Risk Register", "classification: restricted\nparent: SMS-POL-001\n"+
			"history: [{version: \"1.0\", date: 2026-02-01, author: B, summary: Hidden}]\n", ""), `clauses: ["8.1"]`, `clauses: ["6.1"]`, 1),
		"content/child.md": doc("SMS-PROC-002", "Open Child", "parent: SMS-PLN-009\n", ""),
		"content/log.md":   doc("SMS-REG-001", "Log", "", "{{< log >}}\n"),
	})
	out := buildSite(t, site, build.Options{Audience: "staff", NoSearch: true})
	for _, f := range []string{"scope.svg", "structure.svg", "log.csv", "log.json", "feed.xml", "clauses/index.html",
		"log/index.html", "scope/index.html", "structure/index.html", "docs/sms-pol-001/index.html", "docs/sms-reg-001/index.html"} {
		b := readFile(t, filepath.Join(out, f))
		for _, leak := range []string{"SMS-PLN-009", "sms-pln-009", "Board Risk Register", "Hidden"} {
			if strings.Contains(b, leak) {
				t.Errorf("%s contains %q, from a document the audience may not read", f, leak)
			}
		}
	}
	// Risks and opportunities is addressed only by the excluded plan: a gap.
	if svg := readFile(t, filepath.Join(out, "scope.svg")); !strings.Contains(svg, `<g id="scope.risks-and-opportunities" class="node gap">`) {
		t.Error("a process addressed only by an excluded document is not a gap in Figure 1")
	}
	if svg := readFile(t, filepath.Join(out, "structure.svg")); !strings.Contains(svg, "SMS-PROC-002") {
		t.Error("the open child of an excluded document is missing from Figure 2")
	}
}

// TestScopeModelProblemsAreDiagnostics: a bad clause in the scope model is
// reported by check as path:line, with the other content errors.
func TestScopeModelProblemsAreDiagnostics(t *testing.T) {
	t.Parallel()
	site := sitetest.New(t, map[string]string{
		"content/a.md": doc("SMS-PROC-001", "A", "", ""),
		"content/_data/scope.yaml": "groups:\n  - name: Evaluation\n    processes:\n" +
			"      - {name: Internal audit, clauses: [\"9.2\", \"9.7\"]}\n      - {name: Nothing}\n",
	})
	res, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today})
	if err == nil {
		t.Fatal("check passed a scope model with a clause that is not in the standard")
	}
	var got []string
	for _, d := range res.Diags.All() {
		if d.Severity == diag.Error {
			got = append(got, d.Error())
		}
	}
	want := []string{
		`content/_data/scope.yaml:4: process "Internal audit": "9.7" is not a clause of ISO/IEC 20000-1:2018 (4 to 10; see /clauses/)`,
		`content/_data/scope.yaml:5: process "Nothing" has no clauses of ISO/IEC 20000-1:2018`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSiteWithoutScopeModel: a site with only content/ draws Figure 1
// from the built-in model, each process linked to the document that
// addresses its clauses or, marked as a gap, to its clause's coverage entry.
func TestSiteWithoutScopeModel(t *testing.T) {
	t.Parallel()
	site := sitetest.New(t, map[string]string{
		"content/a.md":    doc("SMS-PROC-001", "Operational Planning", "", "{{< figure scope >}}\n"),
		"content/home.md": strings.Replace(doc("SMS-PROC-002", "Incident Handling", "", ""), `clauses: ["8.1"]`, `clauses: ["8.6.1"]`, 1),
	})
	res, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if all := res.Diags.All(); len(all) != 0 {
		t.Errorf("diagnostics = %v", all)
	}
	out := buildSite(t, site, build.Options{NoSearch: true})
	for _, page := range []string{"docs/sms-proc-001/index.html", "scope/index.html", "index.html"} {
		html := readFile(t, filepath.Join(out, page))
		for _, want := range []string{
			`<g id="scope.operational-planning-and-control" class="node">`,
			`xlink:href="/docs/sms-proc-001/"`,
			`xlink:href="/docs/sms-proc-002/"`,
			`<g id="scope.knowledge" class="node gap">`,
			`xlink:href="/clauses/#clause-7.6"`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: Figure 1 lacks %s", page, want)
			}
		}
	}
}

// TestScopeOverride: a scope.yaml that only names the customers keeps the
// rest of the built-in model.
func TestScopeOverride(t *testing.T) {
	t.Parallel()
	site := sitetest.New(t, map[string]string{
		"content/a.md":             doc("SMS-PROC-001", "Operational Planning", "", ""),
		"content/_data/scope.yaml": "customers: Passengers\nprocesses:\n  - {name: Knowledge, hide: true}\n",
	})
	svg := readFile(t, filepath.Join(buildSite(t, site, build.Options{NoSearch: true}), "scope.svg"))
	for want, present := range map[string]bool{">Passengers</text>": true, `id="scope.operational-planning-and-control"`: true,
		`id="scope.knowledge"`: false, "Customers (internal": false} {
		if strings.Contains(svg, want) != present {
			t.Errorf("scope.svg contains %s: %v, want %v", want, !present, present)
		}
	}
}

// TestReviewsAgainstAFixedDay: /reviews/ and the log flag a review date
// that has passed on the build's day, and list one due within the window.
func TestReviewsAgainstAFixedDay(t *testing.T) {
	t.Parallel()
	site := sitetest.New(t, map[string]string{
		"content/late.md": strings.Replace(doc("SMS-PROC-001", "Late", "", ""), "review: 2027-01-01", "review: 2026-05-20", 1),
		"content/soon.md": strings.Replace(doc("SMS-PROC-002", "Soon", "", ""), "review: 2027-01-01", "review: 2026-07-01", 1),
		"content/far.md":  doc("SMS-PROC-003", "Far", "", ""),
	})
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	_, page, _ := strings.Cut(readFile(t, filepath.Join(out, "reviews/index.html")), "<main")
	overdue, soon, _ := strings.Cut(page, `id="due-soon"`)
	if !strings.Contains(overdue, "SMS-PROC-001") || !strings.Contains(overdue, "12 days") || strings.Contains(overdue, "SMS-PROC-002") {
		t.Errorf("overdue section:\n%s", overdue)
	}
	if !strings.Contains(soon, "SMS-PROC-002") || !strings.Contains(soon, "30 days") || strings.Contains(page, "SMS-PROC-003") {
		t.Errorf("due soon section:\n%s", soon)
	}
}

// TestReviewsListLongIntervals: /reviews/ lists the documents whose history
// has more than review_max_months between two issues, or whose review date
// is further than that from approval; review_max_months: 0 lists none.
func TestReviewsListLongIntervals(t *testing.T) {
	t.Parallel()
	gap := doc("SMS-PROC-001", "Gap", `history:
  - {version: "1.0", date: 2024-06-01, author: Service Manager, summary: First issue}
  - {version: "2.0", date: 2026-01-01, author: Service Manager, summary: Rewritten}
`, "")
	files := map[string]string{
		"content/gap.md":    gap,
		"content/review.md": strings.Replace(doc("SMS-PROC-002", "Far Review", "", ""), "review: 2027-01-01", "review: 2027-03-01", 1),
		"content/yearly.md": doc("SMS-PROC-003", "Yearly", "", ""),
	}
	out := buildSite(t, sitetest.New(t, files), build.Options{NoSearch: true, NoFigures: true, Today: today})
	_, section, ok := strings.Cut(readFile(t, filepath.Join(out, "reviews/index.html")), `id="intervals"`)
	if !ok || !strings.Contains(section, "More than 12 months between issues (2)") {
		t.Fatalf("no intervals section with 2 entries:\n%s", section)
	}
	for _, want := range []string{"SMS-PROC-001", "version 1.0, <time>2024-06-01</time>", "579 days", "SMS-PROC-002", "next review, <time>2027-03-01</time>", "424 days"} {
		if !strings.Contains(section, want) {
			t.Errorf("intervals section lacks %q:\n%s", want, section)
		}
	}
	if strings.Contains(section, "SMS-PROC-003") {
		t.Error("a document reviewed yearly is listed")
	}

	files["handbook.yaml"] = "review_max_months: 0\n"
	out = buildSite(t, sitetest.New(t, files), build.Options{NoSearch: true, NoFigures: true, Today: today})
	if page := readFile(t, filepath.Join(out, "reviews/index.html")); strings.Contains(page, `id="intervals"`) {
		t.Error("review_max_months: 0 still lists intervals")
	}
}

// TestLargeHandbookListsFigure2: past StructureDrawLimit documents Figure
// 2 is not drawn but listed, open, as a tree under each top document.
func TestLargeHandbookListsFigure2(t *testing.T) {
	t.Parallel()
	files := map[string]string{"content/policy.md": strings.Replace(doc("SMS-POL-001", "Policy", "", ""), "type: procedure", "type: policy", 1)}
	for i := 1; i <= build.StructureDrawLimit; i++ {
		id := fmt.Sprintf("SMS-PROC-%03d", i)
		files["content/"+id+".md"] = doc(id, "Procedure "+id, "parent: SMS-POL-001\n", "")
	}
	out := buildSite(t, sitetest.New(t, files), build.Options{NoSearch: true})
	page := readFile(t, filepath.Join(out, "structure/index.html"))
	for _, want := range []string{`<details class="figure-text" open>`, "a tree under each top document", `<a href="/docs/sms-proc-120/">Procedure SMS-PROC-120</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("/structure/ lacks %s", want)
		}
	}
	if strings.Contains(page, "<svg") {
		t.Error("/structure/ draws Figure 2 past the limit")
	}
}
