package theme

import (
	"html/template"
	"testing"
	"testing/fstest"

	"handbook/internal/diag"
)

// TestPartialKeptByValue: {{partial}} renders a partial once per value
// of its data (through pointers too), and data that cannot be a map key
// (a slice) each time.
func TestPartialKeptByValue(t *testing.T) {
	type ref struct{ ID, Title string }
	renders := 0
	fsys := fstest.MapFS{
		"layouts/_link.html": {Data: []byte(`{{count}}<a>{{.ID}} {{.Title}}</a>`)},
		"layouts/_list.html": {Data: []byte(`{{count}}{{range .}}{{.}}{{end}}`)},
		"layouts/page.html":  {Data: []byte(`{{define "base"}}{{range .Refs}}{{partial "_link.html" .}};{{end}}{{partial "_list.html" .Words}}{{partial "_list.html" .Words}}{{end}}`)},
	}
	th, err := Load(fsys, "", template.FuncMap{"count": func() string { renders++; return "" }}, &diag.List{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := ref{"A", "<x>"}, ref{"B", "y"}
	data := map[string]any{"Refs": []any{a, &b, a, &a, b, &ref{"A", "<x>"}}, "Words": []string{"p", "q"}}
	got, err := th.RenderBytes("page", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := `<a>A &lt;x&gt;</a>;<a>B y</a>;<a>A &lt;x&gt;</a>;<a>A &lt;x&gt;</a>;<a>B y</a>;<a>A &lt;x&gt;</a>;pqpq`; string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if renders != 4 { // A, B, and the slice twice
		t.Errorf("partials rendered %d times, want 4", renders)
	}
}
