package build_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// FuzzLayoutAndMarkdown builds a two-document site whose document page
// layout (layouts/doc.html, which may call the partial layouts/_fuzz.html,
// also fuzzed) and first document's body are random: the build and check
// never panic, crash or hang; they succeed or report content errors, each
// at a path of the site.
func FuzzLayoutAndMarkdown(f *testing.F) {
	for _, seed := range []struct{ layout, partial, body string }{
		{`{{define "main"}}<h1>{{.Title}}</h1>{{.Main.Body}}{{end}}`, ``, "## Purpose\n\nSee [[SMS-PROC-002]].\n"},
		{`{{define "main"}}{{partial "_fuzz.html" .}}{{end}}`, `{{partial "_fuzz.html" .}}`, "text"},
		{`{{define "main"}}{{template "main" .}}{{end}}`, ``, "> > > - - x"},
		{`{{define "main"}}{{.Nope}}{{end}}`, `{{if}}`, "[x](" + strings.Repeat("[x](", 50)},
		{`{{define "main"}}{{range .Main.TOC}}<a href="#{{.ID}}">{{.Text}}</a>{{end}}{{end}}`, ``, "# A\n# A\n## A {#a}\n"},
		{`{{define "main"}}{{partial "_fuzz.html" .Main}}{{end}}`, `{{.Meta.ID}} {{index .Clauses 5}}`, "{{< figure scope >}}\n{{< log >}}\n"},
		{`{{define "base"}}{{end}}`, ``, strings.Repeat("  ", 120) + "- deep\n"},
		{`{{`, `}}`, "\x00"},
	} {
		f.Add(seed.layout, seed.partial, seed.body)
	}
	f.Fuzz(func(t *testing.T, layout, partial, body string) {
		if !utf8.ValidString(layout) || len(layout)+len(partial)+len(body) > 64<<10 {
			t.Skip()
		}
		dir := t.TempDir()
		sitetest.WriteFile(t, filepath.Join(dir, "content/a.md"), frontMatter("SMS-PROC-001", "Alpha Procedure", "")+body)
		sitetest.WriteFile(t, filepath.Join(dir, "content/b.md"), frontMatter("SMS-PROC-002", "Beta Procedure", "")+"Back to [[SMS-PROC-001]].\n")
		sitetest.WriteFile(t, filepath.Join(dir, "layouts/doc.html"), layout)
		sitetest.WriteFile(t, filepath.Join(dir, "layouts/_fuzz.html"), partial)
		opts := build.Options{Site: dir, Today: today, NoFigures: true, NoSearch: true}
		res, st, err := build.Check(context.Background(), opts)
		if err == nil {
			res.Diags.Add(st.CheckLayouts(context.Background())...)
		}
		checkOutcome(t, "check", res, err)
		opts.Out = filepath.Join(t.TempDir(), "public")
		res, err = build.Build(context.Background(), opts)
		checkOutcome(t, "build", res, err)
		if err == nil {
			if _, err := os.Stat(filepath.Join(opts.Out, "docs/sms-proc-001/index.html")); err != nil {
				t.Errorf("a successful build without the document's page: %v", err)
			}
		}
	})
}

// checkOutcome requires success or content errors, every diagnostic at a
// path of the site.
func checkOutcome(t *testing.T, what string, res *build.Result, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, build.ErrContent) {
		t.Fatalf("%s: %v (want success or content errors)", what, err)
	}
	if res == nil {
		return
	}
	for _, d := range res.Diags.All() {
		if !strings.HasPrefix(d.Path, "content/") && !strings.HasPrefix(d.Path, "layouts") {
			t.Errorf("%s: a diagnostic without a site path: %v", what, d)
		}
	}
}
