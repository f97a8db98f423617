package theme

import (
	"errors"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"handbook/internal/diag"
)

// TestRenderNeverCrashes: a layout whose function panics, one that calls
// itself through {{template}} and one through {{partial}} each give an
// error at the layout's path, not a crash.
func TestRenderNeverCrashes(t *testing.T) {
	for _, tt := range []struct {
		name, layout, want string
	}{
		{"panicking func", `{{define "base"}}{{boom}}{{end}}`, "layouts/page.html:1: executing \"base\" at <boom>: error calling boom: kaboom"},
		{"template recursion", `{{define "base"}}{{template "base" .}}{{end}}`, "layouts/page.html:1: executing \"base\" at <{{template \"base\" .}}>: exceeded maximum template depth"},
		{"partial recursion", `{{define "base"}}{{partial "_self.html" .}}{{end}}`, `layouts/_self.html: partial "_self.html" nested too deep`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"layouts/page.html":  {Data: []byte(tt.layout)},
				"layouts/_self.html": {Data: []byte(`{{partial "_self.html" .}}`)},
			}
			th, err := Load(fsys, "", template.FuncMap{"boom": func() string { panic("kaboom") }}, &diag.List{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = th.RenderBytes("page", 1)
			var d *diag.Diagnostic
			if !errors.As(err, &d) || !strings.HasPrefix(d.Error(), tt.want) {
				t.Errorf("got %v\nwant %s…", err, tt.want)
			}
		})
	}
}

// TestRecoverLayout: a panic that escapes text/template is an error.
func TestRecoverLayout(t *testing.T) {
	err := func() (err error) {
		defer recoverLayout(&err, "doc.html")
		panic("escaped")
	}()
	if err == nil || err.Error() != "layouts/doc.html: executing the layout failed: escaped" {
		t.Errorf("got %v", err)
	}
}

// TestLayoutDiag maps text/template's errors to layout positions.
func TestLayoutDiag(t *testing.T) {
	for in, want := range map[string]string{
		"template: doc.html:12: unexpected EOF":                                   "layouts/doc.html:12: unexpected EOF",
		`template: _a.html:3:7: executing "main" at <.X>: can't evaluate field X`: `layouts/_a.html:3: executing "main" at <.X>: can't evaluate field X`,
		"something else": "layouts: something else",
	} {
		if got := layoutDiag(errors.New(in)).Error(); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}
