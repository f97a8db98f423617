package link_test

import (
	"slices"
	"strings"
	"testing"
)

// TestRetiredTargets: links to a retired document are kept, marked
// "(retired)" and warned about; its title is not linked but warned about;
// a retired document may name another without a warning.
func TestRetiredTargets(t *testing.T) {
	src := doc{path: "plans/source.md", id: "SMS-PLN-001", title: "Source Document",
		body: "See [the old one](SMS-PROC-010).\n\nAnd [[SMS-PROC-010]].\n\nThe Retired Procedure is gone.\n"}
	retired := doc{path: "r.md", id: "SMS-PROC-010", title: "Retired Procedure", status: "retired", body: "See [[SMS-PROC-011]] and the Older Procedure.\n"}
	older := doc{path: "o.md", id: "SMS-PROC-011", title: "Older Procedure", status: "retired", body: "x\n"}
	b := build(t, nil, nil, src, retired, older)
	want := []string{
		`content/plans/source.md:5: link to SMS-PROC-010 (Retired Procedure), which is retired: link its replacement, or remove the link`,
		`content/plans/source.md:7: link to SMS-PROC-010 (Retired Procedure), which is retired: link its replacement, or remove the link`,
		`content/plans/source.md:9: mentions "Retired Procedure" (SMS-PROC-010), which is retired: name its replacement, or say that it is retired`,
	}
	if !slices.Equal(b.diags, want) {
		t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(b.diags, "\n      "), strings.Join(want, "\n      "))
	}
	html := b.html["SMS-PLN-001"]
	for _, w := range []string{
		`<a href="/docs/sms-proc-010/" title="SMS-PROC-010 · Retired Procedure" class="retired">the old one</a> (retired).`,
		`<a href="/docs/sms-proc-010/" title="SMS-PROC-010" class="retired">Retired Procedure</a> (retired).`,
		`<p>The Retired Procedure is gone.</p>`,
	} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %s:\n%s", w, html)
		}
	}
}
