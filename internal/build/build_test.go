package build_test

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/sitetest"
)

// repoSite is the repository's own handbook, built by these tests.
const repoSite = "../.."

// today fixes the date of every test build, so that output does not depend
// on the day the tests run.
var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// buildSite builds site into a new temporary folder and returns it.
func buildSite(t *testing.T, site string, opts build.Options) string {
	t.Helper()
	opts.Site = site
	if opts.Out == "" {
		opts.Out = filepath.Join(t.TempDir(), "public")
	}
	if opts.Today.IsZero() {
		opts.Today = today
	}
	res, err := build.Build(context.Background(), opts)
	if err != nil {
		var msgs []string
		if res != nil && res.Diags != nil {
			for _, d := range res.Diags.All() {
				if d.Severity == diag.Error {
					msgs = append(msgs, d.Error())
				}
			}
		}
		t.Fatalf("build %s: %v\n%s", site, err, strings.Join(msgs, "\n"))
	}
	return opts.Out
}

// copySite copies the repository's handbook.yaml and content/ into a
// temporary site folder the test may change.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(repoSite, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoSite, p)
		top := strings.Split(filepath.ToSlash(rel), "/")[0]
		if rel != "." && top != "content" && top != "handbook.yaml" {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sitetest.WriteFile(t, filepath.Join(dir, rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// doc is a minimal valid document for test sites.
func doc(id, title string, extra string, body string) string {
	return "---\nid: " + id + "\ntitle: " + title + "\ntype: procedure\nversion: \"1.0\"\nstatus: approved\n" +
		"owner: Service Manager\napprover: CEO\napproved: 2026-01-01\nreview: 2027-01-01\nclauses: [\"8.1\"]\n" +
		extra + "---\n\n" + body
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRepositoryHandbookChecks: the repository's own handbook has no
// content errors.
func TestRepositoryHandbookChecks(t *testing.T) {
	res, _, err := build.Check(context.Background(), build.Options{Site: repoSite, Today: today})
	if err != nil {
		var msgs []string
		for _, d := range res.Diags.All() {
			if d.Severity == diag.Error {
				msgs = append(msgs, d.Error())
			}
		}
		t.Fatalf("check: %v\n%s", err, strings.Join(msgs, "\n"))
	}
	if errs, _ := res.Diags.Count(); errs != 0 {
		t.Errorf("%d errors", errs)
	}
}

// TestRepositoryHandbookPassesDocumentControl: on a day after its last
// issue, the repository's handbook warns of nothing but its one deliberate
// draft, which no approved document depends on (internal/control's checks
// of dependencies, intervals, history, roles and leftovers included).
func TestRepositoryHandbookPassesDocumentControl(t *testing.T) {
	res, _, err := build.Check(context.Background(), build.Options{Site: repoSite, Today: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags.All() {
		got = append(got, d.Error())
	}
	want := "content/procedures/self-service-password-reset-procedure.md:6: document is draft, not approved"
	if len(got) != 1 || got[0] != want {
		t.Errorf("diagnostics:\n%s\nwant only:\n%s", strings.Join(got, "\n"), want)
	}
}

// policyNames are the documents the Service Management Policy names in its
// prose; every one must come out linked.
var policyNames = []string{
	"SMS Context, Requirements and Scope",
	"Service Catalogue",
	"Business Relationship Management Plan",
	"Service Management Plan",
	"Supplier Management Process",
	"Service Level Management Process",
	"Service Management Roles, Responsibilities and Authorities",
	"Service Improvement Plan",
	"Procedure for Continual Service Improvement",
	"Risk Assessment and Treatment Process",
	"Risk Treatment Plan",
	"Procedure for Service Management Audits",
	"Procedure for the Control of Documented Information",
	"Service Management System Documentation Log",
}

const policyPath = "content/policy/service-management-policy.md"

// TestPolicyNamesLinked builds the repository's handbook and checks that
// the policy's document names are links to those documents; then the same
// with the policy's prose wrapped at 30 columns, so that names break
// across lines.
func TestPolicyNamesLinked(t *testing.T) {
	for _, tc := range []struct {
		name string
		wrap int
	}{{"as written", 0}, {"wrapped", 30}} {
		t.Run(tc.name, func(t *testing.T) {
			out := ""
			if tc.wrap == 0 {
				out = repoOutput(t)
			} else {
				site := copySite(t)
				p := filepath.Join(site, policyPath)
				wrapped := wrapProse(readFile(t, p), tc.wrap)
				sitetest.WriteFile(t, p, wrapped)
				if !strings.Contains(wrapped, "Service Management\nRoles") && !strings.Contains(wrapped, "Service\nManagement Roles") &&
					!strings.Contains(wrapped, "Service Management Roles,\nResponsibilities") && !strings.Contains(wrapped, "Responsibilities\nand") {
					t.Fatalf("the wrapping does not break the names it should test")
				}
				out = buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
			}
			titles := titlesByURL(t, out)
			page := readFile(t, filepath.Join(out, "docs/sms-pol-001/index.html"))
			linked := map[string]bool{}
			for _, a := range anchors(body(page)) {
				if want, ok := titles[a.href]; ok && normSpace(a.text) == want {
					linked[want] = true
				}
			}
			for _, n := range policyNames {
				if !linked[n] {
					t.Errorf("%q is not linked to its document in the policy", n)
				}
			}
			// Every other document title in the policy's prose is linked
			// at least once, whatever the list above says.
			prose := normSpace(stripTags(dropHeadings(body(page))))
			for _, title := range titles {
				if title != "Service Management Policy" && strings.Contains(prose, title) && !linked[title] && !coveredByLonger(title, linked) {
					t.Errorf("the policy mentions %q but does not link it", title)
				}
			}
		})
	}
}

func coveredByLonger(title string, linked map[string]bool) bool {
	for l := range linked {
		if l != title && strings.Contains(l, title) {
			return true
		}
	}
	return false
}

// titlesByURL reads links.json: each document's address and title.
func titlesByURL(t *testing.T, out string) map[string]string {
	t.Helper()
	var lj struct {
		Documents []struct{ ID, Title, URL string } `json:"documents"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "links.json"))), &lj); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, d := range lj.Documents {
		m[d.URL] = d.Title
	}
	return m
}

// wrapProse re-wraps the paragraphs and list items of a Markdown body at
// width columns; front matter, headings, shortcodes, quotes and tables
// are kept as they are.
func wrapProse(src string, width int) string {
	fm, rest, _ := strings.Cut(strings.TrimPrefix(src, "---\n"), "\n---\n")
	var out []string
	for _, line := range strings.Split(rest, "\n") {
		indent := ""
		text := line
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "{{") || strings.HasPrefix(line, ">") || strings.HasPrefix(line, "|") || strings.HasPrefix(line, "*Figure"):
			out = append(out, line)
			continue
		case strings.HasPrefix(line, "- "):
			indent, text = "  ", line[2:]
			out = append(out, "- "+wrapWords(text, width, indent))
			continue
		}
		out = append(out, wrapWords(text, width, indent))
	}
	return "---\n" + fm + "\n---\n" + strings.Join(out, "\n")
}

func wrapWords(text string, width int, indent string) string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	lines = append(lines, cur)
	return strings.Join(lines, "\n"+indent)
}

var (
	anchorRE  = regexp.MustCompile(`(?s)<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>`)
	tagRE     = regexp.MustCompile(`(?s)<[^>]*>`)
	headingRE = regexp.MustCompile(`(?s)<h[1-6][^>]*>.*?</h[1-6]>`)
)

type anchorText struct{ href, text string }

func anchors(h string) []anchorText {
	var out []anchorText
	for _, m := range anchorRE.FindAllStringSubmatch(h, -1) {
		out = append(out, anchorText{html.UnescapeString(m[1]), html.UnescapeString(stripTags(m[2]))})
	}
	return out
}

// body is the rendered Markdown of a document page: the doc-body element
// of the layout, up to its closing tag.
func body(page string) string {
	_, b, ok := strings.Cut(page, `<div class="doc-body">`)
	if !ok {
		return ""
	}
	depth := 1
	for i := 0; i < len(b); i++ {
		switch {
		case strings.HasPrefix(b[i:], "<div"):
			depth++
		case strings.HasPrefix(b[i:], "</div>"):
			if depth--; depth == 0 {
				return b[:i]
			}
		}
	}
	return b
}

func stripTags(s string) string    { return tagRE.ReplaceAllString(s, "") }
func dropHeadings(s string) string { return headingRE.ReplaceAllString(s, "") }
func normSpace(s string) string    { return strings.Join(strings.Fields(html.UnescapeString(s)), " ") }

// TestAliasesAndSlugRedirects: aliases and the readable title address are
// redirect pages (meta refresh and rel=canonical) to the permanent address,
// under the configured base URL.
func TestAliasesAndSlugRedirects(t *testing.T) {
	site := sitetest.New(t, map[string]string{
		"handbook.yaml": "base_url: /handbook/\n",
		"content/a.md":  doc("SMS-PROC-001", "Major Incident Procedure", "aliases: [/old/major-incidents/, /procedures/mi.html, /Legacy/Path]\n", "Text.\n"),
		"content/b.md":  doc("SMS-PROC-002", "SMS Context, Requirements and Scope", "", "Text.\n"),
	})
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	for _, tc := range []struct{ path, target string }{
		{"old/major-incidents/index.html", "/handbook/docs/sms-proc-001/"},
		{"procedures/mi.html", "/handbook/docs/sms-proc-001/"},           // a file, as web servers expect
		{"docs/SMS-PROC-001/index.html", "/handbook/docs/sms-proc-001/"}, // the id as people type it
		{"Legacy/Path/index.html", "/handbook/docs/sms-proc-001/"},
		{"docs/major-incident-procedure/index.html", "/handbook/docs/sms-proc-001/"},
		{"docs/sms-context-requirements-and-scope/index.html", "/handbook/docs/sms-proc-002/"},
	} {
		page := readFile(t, filepath.Join(out, tc.path))
		for _, want := range []string{
			`<meta http-equiv="refresh" content="0; url=` + tc.target + `">`,
			`<link rel="canonical" href="` + tc.target + `">`,
			`<a href="` + tc.target + `">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: missing %s in\n%s", tc.path, want, page)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "docs/sms-proc-001/index.html")); err != nil {
		t.Errorf("the permanent page: %v", err)
	}
}

// TestAudienceBuild: a build for an audience leaves out what it may not
// read; links to it become plain text, and neither its id nor its title
// reaches any file of the output.
func TestAudienceBuild(t *testing.T) {
	site := sitetest.New(t, map[string]string{
		"content/open.md": doc("SMS-PROC-001", "Incident Procedure", "related: [SMS-PROC-002]\n",
			"See [the board's register](SMS-PROC-002), [[SMS-PROC-002]], [[SMS-PROC-002#top|the top risks]] and [more](secret.md).\n"),
		"content/secret.md": doc("SMS-PROC-002", "Board Risk Register", "classification: restricted\naliases: [/board/]\n", "## Top\n\nSecret text.\n"),
		// A common task on an excluded document is left off the home page.
		"handbook.yaml": "home:\n  tasks:\n    - {title: Review the Board Risk Register, link: \"SMS-PROC-002#top\"}\n    - {title: Report an incident, link: SMS-PROC-001}\n",
	})
	out := buildSite(t, site, build.Options{Audience: "staff", NoSearch: true, NoFigures: true})
	if tasks := homeTasks(t, out); !slices.Equal(tasks, []string{"Report an incident -> /docs/sms-proc-001/"}) {
		t.Errorf("the staff edition's common tasks are %q", tasks)
	}
	err := filepath.WalkDir(out, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b := readFile(t, p)
		for _, leak := range []string{"SMS-PROC-002", "sms-proc-002", "Board Risk Register", "board-risk-register", "Secret text"} {
			if strings.Contains(b, leak) {
				rel, _ := filepath.Rel(out, p)
				t.Errorf("%s contains %q, from a document the audience may not read", rel, leak)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page := readFile(t, filepath.Join(out, "docs/sms-proc-001/index.html"))
	if want := "See the board&rsquo;s register, (a document not published to this audience), the top risks and more."; !strings.Contains(page, want) {
		t.Errorf("links to the excluded document should be plain text:\n%s", body(page))
	}
}

// TestFailedBuildKeepsOutput: a build with content errors leaves the
// previous output exactly as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	site := sitetest.New(t, map[string]string{"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "", "Text.\n")})
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	before := snapshot(t, out)
	sitetest.WriteFile(t, filepath.Join(site, "content/b.md"), doc("SMS-PROC-002", "Beta Procedure", "", "[x](SMS-PROC-999)\n"))
	_, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today, NoSearch: true, NoFigures: true})
	if !errors.Is(err, build.ErrContent) {
		t.Fatalf("build with a broken link: %v, want ErrContent", err)
	}
	after := snapshot(t, out)
	if !slices.Equal(keys(before), keys(after)) {
		t.Fatalf("files changed: %v -> %v", keys(before), keys(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
}

// TestInterruptedBuildKeepsOutput: a build whose context is cancelled
// stops with the context's error, not with content errors for the pages it
// left unrendered, and leaves the last good output as it was.
func TestInterruptedBuildKeepsOutput(t *testing.T) {
	site := copySite(t)
	out := buildSite(t, site, build.Options{NoFigures: true})
	before := snapshot(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := build.Build(ctx, build.Options{Site: site, Out: out, Today: today, NoFigures: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted build: %v, want context.Canceled", err)
	}
	if errs, _ := res.Diags.Count(); errs > 0 {
		t.Errorf("interrupted build reported %d content errors: %v", errs, res.Diags.All())
	}
	after := snapshot(t, out)
	if !maps.Equal(before, after) {
		t.Fatalf("the output changed: %d files before, %d after", len(before), len(after))
	}
}

// TestBrokenSiteReportsEverything: one run reports the problems of every
// step (loader, validator, links, anchors) with path and line.
func TestBrokenSiteReportsEverything(t *testing.T) {
	site := sitetest.New(t, map[string]string{
		"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "reveiw: 2027-01-01\n", "Text.\n\n[x](SMS-PROC-999)\n\n[y](SMS-PROC-002#nowhere)\n"),
		"content/b.md": doc("SMS-PROC-002", "Beta Procedure", "parent: SMS-PROC-404\n", "## Here\n\n[[unclosed\n"),
		"content/c.md": "no front matter\n",
	})
	res, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today})
	if !errors.Is(err, build.ErrContent) {
		t.Fatalf("Check: %v", err)
	}
	var got []string
	for _, d := range res.Diags.All() {
		if d.Severity == diag.Error {
			got = append(got, d.Error())
		}
	}
	want := []string{
		`content/a.md:12: unknown field "reveiw" (did you mean "review"?)`,
		"content/a.md:17: link to unknown document id SMS-PROC-999",
		"content/a.md:19: link to unknown anchor #nowhere in SMS-PROC-002 (did you mean #here?)",
		`content/b.md:12: parent SMS-PROC-404 is not a known document id (did you mean "SMS-PROC-001"?)`,
		"content/b.md:17: unclosed [[: a wiki link is [[ID]], [[ID#anchor]] or [[ID|text]] on one line",
		"content/c.md:1: no front matter: a document starts with --- (YAML), +++ (TOML) or { (JSON)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

// snapshot reads every file under dir: slash path -> content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestPlaceholderTitles: a title with a placeholder is shown, and found in
// prose, with the placeholder replaced.
func TestPlaceholderTitles(t *testing.T) {
	site := sitetest.New(t, map[string]string{
		"handbook.yaml": "placeholders:\n  \"[Organization Name]\": Example Ltd\n",
		"content/a.md":  doc("SMS-PROC-001", "\"[Organization Name] Security Procedure\"", "", "Text.\n"),
		"content/b.md":  doc("SMS-PROC-002", "Other Procedure", "", "See the [Organization Name] Security Procedure and [[SMS-PROC-001]].\n"),
	})
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	page := body(readFile(t, filepath.Join(out, "docs/sms-proc-002/index.html")))
	for _, want := range []string{
		`<a href="/docs/sms-proc-001/" title="SMS-PROC-001" class="mention">Example Ltd Security Procedure</a>`,
		`<a href="/docs/sms-proc-001/" title="SMS-PROC-001">Example Ltd Security Procedure</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %s in\n%s", want, page)
		}
	}
}

// TestBacklinksAndRelated: a page lists the documents that link to or
// mention it, and its related documents in both directions.
func TestBacklinksAndRelated(t *testing.T) {
	site := sitetest.New(t, map[string]string{
		"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "related: [SMS-PROC-003]\n", "See the Beta Procedure.\n"),
		"content/b.md": doc("SMS-PROC-002", "Beta Procedure", "", "Text.\n"),
		"content/c.md": doc("SMS-PROC-003", "Gamma Procedure", "", "[[SMS-PROC-002]]\n"),
	})
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	for _, tc := range []struct {
		id, section string
		want        []string
	}{
		{"sms-proc-002", "referenced-by", []string{"SMS-PROC-001", "SMS-PROC-003"}},
		{"sms-proc-001", "related", []string{"SMS-PROC-003"}},
		{"sms-proc-003", "related", []string{"SMS-PROC-001"}},
	} {
		page := readFile(t, filepath.Join(out, "docs", tc.id, "index.html"))
		_, list, ok := strings.Cut(page, `id="`+tc.section+`"`)
		list, _, _ = strings.Cut(list, "</ul>")
		var got []string
		for _, a := range anchors(list) {
			got = append(got, strings.Fields(a.text)[0])
		}
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("%s %s: %v, want %v", tc.id, tc.section, got, tc.want)
		}
	}
}

// TestBadBaseURLFlag: --base-url is checked like base_url in handbook.yaml,
// as a usage error.
func TestBadBaseURLFlag(t *testing.T) {
	site := sitetest.New(t, map[string]string{"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "", "Text.\n")})
	_, err := build.Build(context.Background(), build.Options{Site: site, Out: filepath.Join(t.TempDir(), "out"), BaseURL: "handbook", NoSearch: true, NoFigures: true})
	var usage *build.UsageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), "must start with /") {
		t.Errorf("Build with --base-url handbook: %v, want a usage error", err)
	}
}

// TestLayoutIDsReserved: every id the layouts put on a document page,
// outside the document's body, is one markdown keeps headings from taking.
func TestLayoutIDsReserved(t *testing.T) {
	out := repoOutput(t)
	pages, err := filepath.Glob(filepath.Join(out, "docs/sms-*/index.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no document pages: %v", err)
	}
	idRE := regexp.MustCompile(` id="([^"]*)"`)
	for _, p := range pages {
		page := readFile(t, p)
		inBody := map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(body(page), -1) {
			inBody[m[1]] = true
		}
		for _, m := range idRE.FindAllStringSubmatch(page, -1) {
			if !inBody[m[1]] && !slices.Contains(markdown.Reserved, m[1]) {
				t.Errorf("%s: the layout's id %q is not in markdown.Reserved: a heading could take it", p, m[1])
			}
		}
	}
}
