package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// TestTimeElementsNameTheirDate: the pages' <time> elements carry no
// datetime attribute (it repeated the text on every history row, log row
// and review), so the text itself must be a valid date string, which HTML
// then takes as the machine-readable date. Every <time> of every page of a
// site with history, approvals and reviews is checked.
func TestTimeElementsNameTheirDate(t *testing.T) {
	t.Parallel()
	site := sitetest.FromTxtar(t, sitetest.Shared(t, "process-children"))
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	seen := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, tm := range timeElements(b) {
			seen++
			if tm.datetime != "" {
				continue // a machine-readable value of its own
			}
			if _, err := time.Parse(time.DateOnly, tm.text); err != nil {
				rel, _ := filepath.Rel(out, p)
				t.Errorf("%s: <time>%s</time> has no datetime and its text is no date", rel, tm.text)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("the site's pages show no <time> element; the test checks nothing")
	}
}

type timeElement struct{ datetime, text string }

// timeElements returns the <time> elements of an HTML page, with their
// datetime attribute and text, as a browser tokenizes them.
func timeElements(page []byte) []timeElement {
	var found []timeElement
	z := html.NewTokenizer(bytes.NewReader(page))
	var cur *timeElement
	for {
		switch z.Next() {
		case html.ErrorToken:
			return found
		case html.StartTagToken:
			tok := z.Token()
			if tok.Data == "time" {
				cur = &timeElement{}
				for _, a := range tok.Attr {
					if a.Key == "datetime" {
						cur.datetime = a.Val
					}
				}
			}
		case html.TextToken:
			if cur != nil {
				cur.text += string(z.Text())
			}
		case html.EndTagToken:
			if cur != nil && z.Token().Data == "time" {
				found = append(found, *cur)
				cur = nil
			}
		}
	}
}
