package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/htmlcheck"
	"handbook/internal/sitetest"
)

// bodyPayloads are hostile Markdown bodies: raw HTML, script URLs in every
// link form, attribute injection, and markers only the build may write.
var bodyPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<svg onload=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<a href="javascript:alert(1)">raw link</a>`,
	`<div onclick="alert(1)">block</div>`,
	`<style>body{background:url(javascript:alert(1))}</style>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><button>go</button></form>`,
	`<meta http-equiv="refresh" content="0; url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	"[click](javascript:alert(1))",
	"[click](JaVaScRiPt:alert(1))",
	"[click](java&#x09;script:alert(1))",
	"[click](javascript&colon;alert(1))",
	"[click](&#106;avascript:alert(1))",
	"[click](<javascript:alert(1)>)",
	"[click]( javascript:alert(1))",
	"[click](vbscript:msgbox(1))",
	"[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"[click](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
	"![img](javascript:alert(1))",
	"![img](data:text/html,<script>alert(1)</script>)",
	"<javascript:alert(1)>",
	"[ref]\n\n[ref]: javascript:alert(1)",
	"[ref][r]\n\n[r]: <data:text/html,x> \"t\"",
	`[x](https://example.com "t\" onmouseover=\"alert(1)")`,
	`![x" onerror="alert(1)](https://example.com/i.png)`,
	"# Heading {onclick=\"alert(1)\"}",
	"# Heading {#x\" onclick=\"alert(1)}",
	"## Heading <img src=x onerror=alert(1)>",
	"[[SMS-PROC-001|<img src=x onerror=alert(1)>]]",
	"[[SMS-PROC-001#\" onclick=\"alert(1)|x]]",
	"`<script>alert(1)</script>`",
	"```html\n<script>alert(1)</script>\n```",
	"Text[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
	"| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
	"Term\n: <script>alert(1)</script>",
	"<!--handbook:figure:scope--> and <!--handbook:log-->",
	"{{< figure scope\" onload=\"alert(1) >}}",
	"www.example.com/<script>alert(1)</script> https://x.example/\"onmouseover=\"alert(1)",
	"\"><script>alert(1)</script> '><svg/onload=alert(1)>",
	"[Organization Name] <img src=x onerror=alert([Service Provider])>",
}

// frontPayloads go into every free-text field of the front matter: title,
// owner, approver, tags, history and an extra field.
var frontPayloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`' onmouseover='alert(1)`,
	`javascript:alert(1)`,
	`</title><script>alert(1)</script>`,
	`<!--handbook:figure:scope-->`,
	`{{.Site.Title}}{{template "base"}}`,
}

// TestXSSPayloadsDoNotSurvive renders every payload through the real build
// (pages, search page and index, figures, log, feed, redirects) and parses
// each HTML, SVG and XML file as a browser would: no element, attribute or
// URL from a payload may run script. Payloads that the build rejects as
// content errors are neutralised too; the test names them.
func TestXSSPayloadsDoNotSurvive(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"handbook.yaml": "title: \"Handbook </title><script>alert(1)</script>\"\norganisation: \"<img src=x onerror=alert(1)>\"\n" +
			"extra_fields: [department]\nplaceholders:\n  \"[Organization Name]\": \"<script>alert(1)</script>\"\n" +
			"  \"[Service Provider]\": \"\\\" onmouseover=\\\"alert(1)\"\n",
		"content/target.md": doc("SMS-PROC-001", "Target Procedure", "", "## Heading\n\nThe target.\n"),
	}
	for i, p := range bodyPayloads {
		files[fmt.Sprintf("content/body/p%02d.md", i)] = doc(fmt.Sprintf("SMS-PROC-%d", 100+i), fmt.Sprintf("Body Payload %d", i), "", p+"\n")
	}
	for i, p := range frontPayloads {
		q := strconv.Quote(p)
		files[fmt.Sprintf("content/front/f%02d.md", i)] = "---\nid: SMS-REC-" + strconv.Itoa(100+i) + "\ntitle: " + q +
			" \ntype: record\nversion: \"1.0\"\nstatus: approved\nowner: " + q + "\napprover: " + q +
			"\napproved: 2026-01-01\nreview: 2027-01-01\nclauses: [\"8.1\"]\ntags: [" + q + ", " + q + "]\ndepartment: " + q +
			"\nhistory:\n  - {version: \"1.0\", date: 2026-01-01, author: " + q + ", summary: " + q + "}\n---\n\nFront matter payload " + strconv.Itoa(i) + ".\n"
	}
	site := sitetest.New(t, files)
	rejected := rejectErrors(t, site)
	t.Logf("%d body payloads and %d front-matter payloads (in 7 fields each, and 3 in handbook.yaml); %d rejected as content errors: %v",
		len(bodyPayloads), len(frontPayloads), len(rejected), rejected)
	if len(rejected) > len(bodyPayloads)/4 {
		t.Fatalf("too many payloads rejected for the rest to be a test: %v", rejected)
	}
	out := buildSite(t, site, build.Options{})
	checked := 0
	err := filepath.WalkDir(out, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !slices.Contains([]string{".html", ".svg", ".xml"}, filepath.Ext(p)) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		checked++
		rel, _ := filepath.Rel(out, p)
		for _, problem := range htmlcheck.Problems(b, htmlcheck.Options{Allowed: themeElement}) {
			t.Errorf("%s: %s", rel, problem)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < len(bodyPayloads) {
		t.Errorf("only %d files checked", checked)
	}
}

// rejectErrors checks site and removes the documents with content errors,
// returning them as "path: first error".
func rejectErrors(t *testing.T, site string) []string {
	t.Helper()
	res, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today})
	if err == nil {
		return nil
	}
	if res == nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, d := range res.Diags.All() {
		if d.Severity != diag.Error {
			continue
		}
		if !strings.HasPrefix(d.Path, "content/") {
			t.Fatalf("a site-wide error: %v", d)
		}
		if _, ok := seen[d.Path]; !ok {
			seen[d.Path] = d.Error()
		}
	}
	var out []string
	for p, msg := range seen {
		if err := os.Remove(filepath.Join(site, p)); err != nil {
			t.Fatal(err)
		}
		out = append(out, msg)
	}
	slices.Sort(out)
	return out
}

// refreshRE is a redirect page's meta refresh to a site path.
var refreshRE = regexp.MustCompile(`^0; ?url=/[^:]*$`)

// themeElement accepts the theme's own scripts, stylesheets, meta tags and
// search form: fixed site paths, never anything a document wrote.
func themeElement(tag string, a map[string]string) bool {
	switch tag {
	case "script":
		return strings.HasPrefix(a["src"], "/js/") && strings.HasSuffix(a["src"], ".js") && !strings.Contains(a["src"], ":")
	case "link":
		switch a["rel"] {
		case "icon":
			return a["href"] == "/favicon.svg"
		case "stylesheet", "canonical", "alternate", "self", "next", "prev":
			return strings.HasPrefix(a["href"], "/") && !strings.Contains(a["href"], ":")
		}
	case "meta":
		if a["http-equiv"] == "refresh" {
			return refreshRE.MatchString(a["content"])
		}
		return a["http-equiv"] == ""
	case "form":
		return strings.HasPrefix(a["action"], "/") && !strings.Contains(a["action"], ":")
	}
	return false
}
