package build_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// sealedSite writes the shared fixture three-procedures without its
// handbook.yaml, which the tests may replace by a symbolic link.
func sealedSite(t *testing.T) string {
	files := sitetest.Files(t, sitetest.Shared(t, "three-procedures"))
	delete(files, "handbook.yaml")
	return sitetest.New(t, files)
}

// messages are the diagnostics of a result, as printed.
func messages(res *build.Result) string {
	var out []string
	if res != nil {
		for _, d := range res.Diags.All() {
			out = append(out, d.Error())
		}
	}
	return strings.Join(out, "\n")
}

// TestSymlinksOutOfSite: a symbolic link in content/, layouts/, static/,
// content/_data/ or handbook.yaml that leads out of the site folder is an
// error at the link's path naming its target, in check as in build, and
// nothing of the file is read; a link inside the site is followed.
func TestSymlinksOutOfSite(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(t.TempDir(), "passwd")
	sitetest.WriteFile(t, secret, "root:x:0:0:SECRET-CONTENT\n")
	for _, name := range []string{"content/leak.md", "static/passwd.txt", "layouts/_footer.html", "content/_data/scope.yaml", "handbook.yaml", "static", "layouts", "content/sub"} {
		t.Run(name, func(t *testing.T) {
			site := sealedSite(t)
			target := secret
			if !strings.Contains(name, ".") { // a folder
				target = filepath.Dir(secret)
			}
			sitetest.Symlink(t, target, filepath.Join(site, name))
			want := name + ": symbolic link to " + target + ", outside the site folder"
			_, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today})
			res, berr := build.Build(context.Background(), build.Options{Site: site, Out: filepath.Join(t.TempDir(), "public"), Today: today})
			if !errors.Is(err, build.ErrContent) || !errors.Is(berr, build.ErrContent) {
				t.Fatalf("check: %v, build: %v; want content errors", err, berr)
			}
			if got := messages(res); !strings.Contains(got, want) || strings.Contains(got, "SECRET") {
				t.Errorf("got:\n%s\nwant %q", got, want)
			}
		})
	}
	t.Run("inside", func(t *testing.T) {
		site := sealedSite(t)
		sitetest.WriteFile(t, filepath.Join(site, "static/css/real.css"), "body{color:red}")
		sitetest.Symlink(t, "real.css", filepath.Join(site, "static/css/alias.css"))
		sitetest.Symlink(t, "../a.md", filepath.Join(site, "content/sub/again.md"))
		out := filepath.Join(t.TempDir(), "public")
		res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today})
		// The linked document is read (a duplicate id, at the link's path).
		if !strings.Contains(messages(res), "content/sub/again.md") {
			t.Errorf("the link inside the site was not read: %v\n%s", err, messages(res))
		}
		if err := os.Remove(filepath.Join(site, "content/sub/again.md")); err != nil {
			t.Fatal(err)
		}
		if res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today}); err != nil {
			t.Fatalf("%v\n%s", err, messages(res))
		}
		if b, err := os.ReadFile(filepath.Join(out, "css/alias.css")); err != nil || string(b) != "body{color:red}" {
			t.Errorf("css/alias.css = %q, %v", b, err)
		}
	})
}

// TestDotFilesInStatic: static/.git/ and static/.env are not published,
// each with a warning naming it; static/.well-known/ is.
func TestDotFilesInStatic(t *testing.T) {
	t.Parallel()
	site := sealedSite(t)
	sitetest.WriteFile(t, filepath.Join(site, "static/.git/config"), "[remote] url = secret")
	sitetest.WriteFile(t, filepath.Join(site, "static/.env"), "TOKEN=1")
	sitetest.WriteFile(t, filepath.Join(site, "static/.well-known/security.txt"), "Contact: a@example.org")
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today})
	if err != nil {
		t.Fatalf("%v\n%s", err, messages(res))
	}
	for _, p := range []string{".git/config", ".git", ".env"} {
		if _, err := os.Stat(filepath.Join(out, p)); err == nil {
			t.Errorf("%s was published", p)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".well-known/security.txt")); err != nil {
		t.Errorf(".well-known/security.txt: %v", err)
	}
	var warned []string
	for _, d := range res.Diags.All() {
		if d.Severity == diag.Warning && strings.Contains(d.Msg, "not published") {
			warned = append(warned, d.Path)
		}
	}
	if strings.Join(warned, ",") != "static/.env,static/.git" {
		t.Errorf("warnings for %v, want static/.env and static/.git", warned)
	}
}

// TestLayoutErrors: a layout that fails on real data, or recurses through
// partial, is one error at layouts/<file>:<line> in check (which executes
// every layout) and in build, whatever the number of pages; never a crash.
func TestLayoutErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"missing field", map[string]string{"doc.html": "{{define \"main\"}}\n<p>{{.Nope}}</p>{{end}}"},
			`layouts/doc.html:2: executing "main" at <.Nope>: can't evaluate field Nope`},
		{"in a partial", map[string]string{"_mine.html": "<p>\n{{.Nope}}</p>", "doc.html": "{{define \"main\"}}{{partial \"_mine.html\" .}}{{end}}"},
			`layouts/_mine.html:2: executing "_mine.html" at <.Nope>`},
		{"recursion", map[string]string{"_loop.html": `{{partial "_loop.html" .}}`, "doc.html": `{{define "main"}}{{partial "_loop.html" .}}{{end}}`},
			`layouts/_loop.html: partial "_loop.html" nested too deep`},
		{"parse error", map[string]string{"home.html": "{{define \"main\"}}\n\n{{if}}{{end}}"},
			`layouts/home.html:3: missing value for if`},
		{"home only", map[string]string{"home.html": `{{define "main"}}{{.Main.Nope}}{{end}}`},
			`layouts/home.html:1: executing "main" at <.Main.Nope>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := sealedSite(t)
			for name, body := range tt.files {
				sitetest.WriteFile(t, filepath.Join(site, "layouts", name), body)
			}
			res, st, err := build.Check(context.Background(), build.Options{Site: site, Today: today})
			if err == nil {
				res.Diags.Add(st.CheckLayouts(context.Background())...)
			}
			if got := messages(res); strings.Count(got, tt.want) != 1 {
				t.Errorf("check:\n%s\nwant %q once", got, tt.want)
			}
			res, err = build.Build(context.Background(), build.Options{Site: site, Out: filepath.Join(t.TempDir(), "public"), Today: today, NoFigures: true})
			if !errors.Is(err, build.ErrContent) {
				t.Errorf("build: %v, want content errors", err)
			}
			if got := messages(res); strings.Count(got, tt.want) != 1 {
				t.Errorf("build:\n%s\nwant %q once", got, tt.want)
			}
		})
	}
}
