package build_test

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// uriRE is a URL as RFC 3986 allows it: unreserved and reserved characters
// and well-formed percent escapes. The W3C validator (vnu) reports anything
// else in an href or src, such as the spaces of an unencoded data: URL.
var uriRE = regexp.MustCompile(`^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$`)

// cssDataRE finds the data: URLs of a style sheet.
var cssDataRE = regexp.MustCompile(`url\("(data:[^"]*)"\)`)

// TestDataURLsAreEncoded stands in for the part of the W3C validator the
// handbook once failed on every page (vnu is not packaged for Debian, so
// CI cannot run it): every data: URL of every page, SVG figure and style
// sheet of the repository's handbook is percent-encoded, and a region of a
// page (a figure that scrolls) has an accessible name.
func TestDataURLsAreEncoded(t *testing.T) {
	t.Parallel()
	out := repoOutput(t)
	checked := 0
	err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		switch filepath.Ext(p) {
		case ".css":
			for _, m := range cssDataRE.FindAllStringSubmatch(readFile(t, p), -1) {
				checked++
				if !uriRE.MatchString(m[1]) {
					t.Errorf("%s: data: URL is not percent-encoded: %.80s", rel, m[1])
				}
			}
		case ".html", ".svg":
			for _, el := range elements(readFile(t, p)) {
				for _, k := range []string{"href", "src", "xlink:href"} {
					if v := el.attrs[k]; strings.HasPrefix(v, "data:") {
						checked++
						if !uriRE.MatchString(v) {
							t.Errorf("%s: <%s %s> is not percent-encoded: %.80s", rel, el.tag, k, v)
						}
					}
				}
				if el.attrs["role"] == "region" && el.attrs["aria-label"] == "" && el.attrs["aria-labelledby"] == "" {
					t.Errorf("%s: a <%s role=region> has no accessible name", rel, el.tag)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 2 {
		t.Errorf("only %d data: URLs checked; the style sheet alone has two", checked)
	}
}

func TestURIPattern(t *testing.T) {
	t.Parallel()
	for v, ok := range map[string]bool{
		"data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%3E": true,
		"data:image/svg+xml,%3Csvg xmlns='x'%3E":                            false,
		"data:text/plain,100%":                                              false,
		`data:image/svg+xml,<svg>`:                                          false,
	} {
		if uriRE.MatchString(v) != ok {
			t.Errorf("uriRE.MatchString(%q) = %v, want %v", v, !ok, ok)
		}
	}
}
