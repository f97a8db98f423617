package load

import (
	"fmt"
	"testing"

	"handbook/internal/config"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

// TestFieldsDecode drives decoding from the field table: every key of
// site.Fields is read into its Meta field with its line, and a value of
// the wrong shape for its type is reported at that line.
func TestFieldsDecode(t *testing.T) {
	for _, f := range site.Fields {
		t.Run(f.Key, func(t *testing.T) {
			var good, bad, msg string
			switch f.In(new(site.Meta)).(type) {
			case *string:
				good, bad, msg = "x", "[a, b]", f.Key+" must be a single value, not a list or mapping"
			case *[]string:
				good, bad, msg = "[a, b]", "{a: b}", f.Key+" must be a list"
			case *site.Date:
				good, bad, msg = "2026-01-02", "2026-13-01", f.Key+`: "2026-13-01" is not an ISO date (YYYY-MM-DD)`
			case *bool:
				good, bad, msg = "true", "maybe", f.Key+` must be true or false, not "maybe"`
			case *[]site.Revision:
				good, bad, msg = `[{version: "1.0", date: 2026-01-02}]`, "x", f.Key+" must be a list of {version, date, author, summary}"
			default:
				t.Fatalf("no sample value for a %T", f.In(new(site.Meta)))
			}
			d, ds := Parse("x.md", []byte(fmt.Sprintf("---\n%s: %s\n---\n", f.Key, good)), nil)
			sameMessages(t, ds, nil)
			if d == nil || !f.Given(&d.Meta) || d.Line(f.Key) != 2 {
				t.Fatalf("%s: %s is not decoded at line 2: %+v", f.Key, good, d)
			}
			_, ds = Parse("x.md", []byte(fmt.Sprintf("---\n%s: %s\n---\n", f.Key, bad)), nil)
			sameMessages(t, ds, []string{"x.md:2: " + msg})
		})
	}
}

// TestDefaults: load gives an absent classification the configuration's
// default, and keeps a given one.
func TestDefaults(t *testing.T) {
	for _, tc := range []struct {
		name    string
		classes []string
		line    string
		want    string
	}{
		{"internal", nil, "", "internal"},
		{"lowest without internal", []string{"open", "secret"}, "", "open"},
		{"given", nil, "classification: public\n", "public"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.Write(t, dir, map[string]string{"content/a.md": "---\nid: A-1\n" + tc.line + "---\n"})
			cfg := config.Default()
			if tc.classes != nil {
				cfg.Classes = tc.classes
			}
			s, _, err := WithConfig(dir, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.ByID["A-1"].Meta.Classification; got != tc.want {
				t.Errorf("classification %q, want %q", got, tc.want)
			}
		})
	}
}
