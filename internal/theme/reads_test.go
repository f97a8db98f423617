package theme

import (
	"html/template"
	"testing"
	"testing/fstest"

	"handbook/internal/diag"
)

// TestMayRead: a layout may read URL when it names it anywhere in the
// templates its base runs, or hands its data whole to something that could
// read it; not when URL is only in a partial or another page's layout.
func TestMayRead(t *testing.T) {
	tests := []struct {
		name, layout string
		want         bool
	}{
		{"other fields", `{{define "base"}}<a href="{{.Redirect}}">{{.Title}}</a>{{end}}`, false},
		{"field", `{{define "base"}}{{.URL}}{{end}}`, true},
		{"field of a field", `{{define "base"}}{{.Site.URL}}{{end}}`, true},
		{"in a condition", `{{define "base"}}{{if eq .Title "x"}}{{with .URL}}y{{end}}{{end}}{{end}}`, true},
		{"in an else", `{{define "base"}}{{if .Title}}{{else}}{{$.URL}}{{end}}{{end}}`, true},
		{"variable's field", `{{define "base"}}{{$p := .Site}}{{$p.URL}}{{end}}`, true},
		{"in a called template", `{{define "base"}}{{template "t" .}}{{end}}{{define "t"}}{{.URL}}{{end}}`, true},
		{"in a block", `{{define "base"}}{{block "b" .}}{{.URL}}{{end}}{{end}}`, true},
		{"called template without it", `{{define "base"}}{{template "t" .}}{{end}}{{define "t"}}{{.Title}}{{end}}`, false},
		{"in a partial only", `{{define "base"}}{{partial "_p.html" .Site}}{{end}}`, false},
		{"dot to a partial", `{{define "base"}}{{partial "_p.html" .}}{{end}}`, true},
		{"dot printed", `{{define "base"}}{{with .Title}}{{.}}{{end}}{{end}}`, true},
		{"root to a function", `{{define "base"}}{{printf "%v" $}}{{end}}`, true},
		{"dot in a variable", `{{define "base"}}{{$p := .}}{{$p.Title}}{{end}}`, true},
		{"parenthesised", `{{define "base"}}{{(.Site).URL}}{{end}}`, true},
		{"method", `{{define "base"}}{{.Sidebar}}{{end}}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"layouts/_p.html":       {Data: []byte(`{{.URL}}`)},
				"layouts/other.html":    {Data: []byte(`{{define "base"}}{{.URL}}{{end}}`)},
				"layouts/redirect.html": {Data: []byte(tc.layout)},
			}
			th, err := Load(fsys, "", template.FuncMap{}, &diag.List{})
			if err != nil {
				t.Fatal(err)
			}
			if got := th.MayRead("redirect", "URL", "Sidebar"); got != tc.want {
				t.Errorf("MayRead = %t, want %t", got, tc.want)
			}
		})
	}
	th, err := Load(fstest.MapFS{}, "", template.FuncMap{}, &diag.List{})
	if err != nil {
		t.Fatal(err)
	}
	if !th.MayRead("redirect", "URL") {
		t.Error("MayRead of a missing layout = false, want true")
	}
}
