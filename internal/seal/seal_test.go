package seal

import (
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

func TestCheck(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.txt")
	sitetest.WriteFile(t, outside, "secret")
	site := t.TempDir()
	plain := filepath.Join(site, "static/plain.txt")
	sitetest.WriteFile(t, plain, "x")
	links := map[string]string{
		"static/abs-out.txt":        outside,
		"static/rel-out.txt":        "../../" + filepath.Base(filepath.Dir(outside)) + "/secret.txt",
		"static/inside.txt":         "plain.txt",
		"static/inside-abs.txt":     plain,
		"static/dangling.txt":       "nowhere.txt",
		"content/up-and-back-in.md": "../static/plain.txt",
		"static/via-link.txt":       "abs-out.txt",
	}
	for name, target := range links {
		sitetest.Symlink(t, target, filepath.Join(site, name))
	}
	for _, tt := range []struct {
		name string
		want string // "" for no error
	}{
		{"static/plain.txt", ""},
		{"static/inside.txt", ""},
		{"static/inside-abs.txt", ""},
		{"static/dangling.txt", ""},
		{"content/up-and-back-in.md", ""},
		{"static/abs-out.txt", "static/abs-out.txt: symbolic link to " + outside + ", outside the site folder"},
		{"static/rel-out.txt", "static/rel-out.txt: symbolic link to " + outside},
		{"static/via-link.txt", "static/via-link.txt: symbolic link to " + outside},
		{"static/missing.txt", ""},
	} {
		d := Check(site, filepath.Join(site, tt.name))
		switch {
		case tt.want == "" && d != nil:
			t.Errorf("%s: %v, want no error", tt.name, d)
		case tt.want != "" && (d == nil || !strings.HasPrefix(d.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.name, d, tt.want)
		}
	}
}
