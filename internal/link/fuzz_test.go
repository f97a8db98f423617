package link_test

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/htmlcheck"
	"handbook/internal/link"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

// FuzzLinks renders any Markdown body through the link resolver, as the
// build does, in a site with a document excluded from the audience: no
// panic, every reference to an included document at a line of the body,
// no markup that runs script, and nothing of the excluded document's title.
// The seed corpus (testdata/fuzz/FuzzLinks) runs with the other tests;
// go test -fuzz=FuzzLinks explores further.
func FuzzLinks(f *testing.F) {
	for _, s := range []string{
		"See [the plan](SMS-PLN-002#risks), [[SMS-PLN-002]] and [[SMS-PLN-002#objectives|objectives]].",
		"The Service Management Plan and the Risk Treatment Plan.\n\n## Risks {#risks}\n",
		"[secret](SMS-REC-900) [[SMS-REC-900]] [[SMS-REC-900|label]] [f](../records/secret.md)",
		"[[]] [[ | ]] [[#x]] [[SMS-PLN-002#]] [x]() [x](#) [x](SMS-pln-002) [[SMS-PLN-002",
		"<script>alert(1)</script> [x](javascript:alert(1)) ![i](data:text/html,x) <img src=x onerror=alert(1)>",
		"- [[SMS-PLN-002]]\n  > [p](plans/risk-treatment-plan.md#x)\n\n```\n[[SMS-PLN-002]]\n```\n",
		"{{< figure scope >}}\n\n{{< nope >}}\n\n# H {#id onclick=x}\n",
		// Markdown from elsewhere: title H1, alerts, fancy lists, SVG, template text.
		"# Fuzz Procedure\n\n> [!WARNING]\n> - a. x\n>   b. y\n\n- > [!note]\n",
		"a. one\n\n    i. sub\n    ii. sub\n\n(iv) x\n(v) y\n\nA.  z\n\n    1. code\n",
		"<svg onload=x><use href=\"//evil\"/><foreignObject><script>x</script></foreignObject></svg><a name=n>",
		"The [job title] <insert name here> [REPLACE WITH x] <!-- c --> <a name=\"q\" href=\"javascript:x\">",
	} {
		f.Add(s)
	}
	cfg := config.Default()
	s := &site.Site{Config: cfg, ByID: map[string]*site.Document{}, ByPath: map[string]*site.Document{}}
	for _, d := range []struct{ path, id, title, body string }{
		{"plans/plan.md", "SMS-PLN-002", "Service Management Plan", "## Objectives\n\n## 4. Risks {#risks}\n"},
		{"plans/risk-treatment-plan.md", "SMS-PLN-005", "Risk Treatment Plan", "Text.\n"},
		{"records/secret.md", "SMS-REC-900", "Zeta Secret Register", "Secret.\n"},
	} {
		sd := &site.Document{Path: "content/" + d.path, Meta: site.Meta{ID: d.id, Title: d.title, Status: "approved"},
			Lines: map[string]int{"": 1}, Body: []byte(d.body), BodyLine: 5}
		s.Docs = append(s.Docs, sd)
		s.ByID[d.id] = sd
		s.ByPath[sd.Path] = sd
	}
	ix := link.NewIndex(s, map[string]bool{"SMS-REC-900": true})
	conv := markdown.New(cfg, ix.Extension())
	f.Fuzz(func(t *testing.T, body string) {
		d := &site.Document{Path: "content/fuzz.md", Meta: site.Meta{ID: "SMS-PROC-001", Title: "Fuzz Procedure", Status: "approved"},
			Lines: map[string]int{"": 1}, Body: []byte(body), BodyLine: 5}
		var pc parser.Context
		res := conv.Convert(d, func(p parser.Context) { pc = p; link.Attach(p, d) })
		refs, errs := link.Results(pc)
		last := d.BodyLine + diag.LineCount([]byte(body)) - 1
		for _, r := range refs {
			if _, ok := ix.Doc(r.To); !ok && r.To != d.Meta.ID {
				t.Fatalf("a reference to %q, not an included document", r.To)
			}
			if r.Line < d.BodyLine || r.Line > last {
				t.Fatalf("a reference at line %d, outside the body (lines %d-%d)", r.Line, d.BodyLine, last)
			}
		}
		for _, e := range append(errs, res.Problems...) {
			if e.Path != d.Path || e.Line < d.BodyLine || e.Line > last {
				t.Fatalf("message %q outside the body (lines %d-%d)", e.Error(), d.BodyLine, last)
			}
		}
		if p := htmlcheck.Problems(res.HTML, htmlcheck.Options{}); len(p) > 0 {
			t.Fatalf("markup that runs script: %v\n%s", p, res.HTML)
		}
		if !strings.Contains(body, "Zeta") && strings.Contains(string(res.HTML), "Zeta") {
			t.Fatalf("the excluded document's title reaches the page:\n%s", res.HTML)
		}
	})
}
