package build

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	handbook "handbook"
	"handbook/internal/diag"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/sitetest"
	"handbook/internal/theme"
)

// TestSharedPartsMatchOwn renders every document page twice, once with
// the parts its layout shares with other pages (header, footer, sidebar)
// rendered for it alone and once shared as writeDocPages shares them,
// checks that the bytes are the same, and that the sidebar shows the page's
// place (checkSidebar): sharing must not lose anything a page's sidebar
// depends on. The large site checks that pages do share: one sidebar per
// type for the documents the sidebar does not list.
func TestSharedPartsMatchOwn(t *testing.T) {
	for _, c := range []struct {
		name string
		site string
		// sidebars is how many sidebars the document pages need; 0 is one
		// per page.
		sidebars int
	}{
		{"repository", "../..", 0},
		// 5 policies listed in the sidebar (one each), 305 procedures
		// that are not (one for all).
		{"large", largeSite(t, 5, 305), 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := renderState(t, c.site)
			kids := st.Children()
			site, parts := st.SiteView(), render.NewParts(st.Theme)
			for _, d := range st.Docs {
				own, err := st.Theme.RenderBytes("doc", st.DocPage(d, kids))
				if err != nil {
					t.Fatal(err)
				}
				p := st.DocPage(d, kids)
				p.Share(site, parts)
				shared, err := st.Theme.RenderBytes("doc", p)
				if err != nil {
					t.Fatal(err)
				}
				if string(own) != string(shared) {
					t.Fatalf("%s: the page with shared parts differs from the page rendered alone", d.Meta.ID)
				}
				checkSidebar(t, st, d, string(shared))
			}
			want := c.sidebars
			if want == 0 {
				want = len(st.Docs)
			}
			if n := parts.Count("_nav.html"); n != want {
				t.Errorf("%d documents had %d sidebars rendered, want %d", len(st.Docs), n, want)
			}
		})
	}
}

var (
	openGroupRE = regexp.MustCompile(`<details open><summary>([^<]*) <span>`)
	currentRE   = regexp.MustCompile(`<a href="([^"]*)" aria-current="page">`)
)

// checkSidebar checks a document page's place in its sidebar: its type's
// group is the one open (where it is a group), and the sidebar marks the document as the current
// page wherever it lists it, and nothing else.
func checkSidebar(t *testing.T, st *state, d *site.Document, page string) {
	t.Helper()
	start := strings.Index(page, `<nav class="sidebar"`)
	end := start + strings.Index(page[max(start, 0):], "</nav>")
	if start < 0 || end < start {
		t.Fatalf("%s: no sidebar", d.Meta.ID)
	}
	nav := page[start:end]
	// A type too big to list is a link to its list page, not a group.
	label := render.TypeLabel(d.Meta.Type)
	var want []string
	if strings.Contains(nav, "<summary>"+label+" <span>") {
		want = []string{label}
	}
	var open []string
	for _, m := range openGroupRE.FindAllStringSubmatch(nav, -1) {
		open = append(open, m[1])
	}
	if !slices.Equal(open, want) {
		t.Errorf("%s: open groups %q, want %q", d.Meta.ID, open, want)
	}
	current := currentRE.FindAllStringSubmatch(nav, -1)
	if listed := strings.Contains(nav, `href="`+st.Config.URL(d.URLPath())+`"`); listed != (len(current) > 0) {
		t.Errorf("%s: listed in the sidebar %v, but marked current %d times", d.Meta.ID, listed, len(current))
	}
	for _, c := range current {
		if c[1] != st.Config.URL(d.URLPath()) {
			t.Errorf("%s: the sidebar marks %s as the current page", d.Meta.ID, c[1])
		}
	}
}

// renderState checks a site and prepares it for rendering pages, as
// Build does before its generators run.
func renderState(t testing.TB, dir string) *state {
	t.Helper()
	_, st, err := check(context.Background(), Options{Site: dir, NoSearch: true, NoFigures: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Theme, err = theme.Load(handbook.Theme, "", st.Funcs(), &diag.List{}); err != nil {
		t.Fatal(err)
	}
	st.Nav = st.MakeNav()
	st.logged.finish() // no register runs here: the log's embed stays missing
	return st
}

// largeSite writes a site with policies and procedures, too many for the
// sidebar to list all of them (navInline).
func largeSite(t *testing.T, policies, procedures int) string {
	t.Helper()
	dir := t.TempDir()
	write := func(typ, prefix string, n int) {
		for i := 1; i <= n; i++ {
			id := fmt.Sprintf("%s-%03d", prefix, i)
			src := fmt.Sprintf("---\nid: %s\ntitle: %s %d\ntype: %s\nversion: \"1.0\"\nstatus: approved\n"+
				"owner: Service Manager\napprover: CEO\napproved: 2026-01-01\nreview: 2099-01-01\nclauses: [\"8.1\"]\n---\n\nText.\n",
				id, typ, i, typ)
			sitetest.WriteFile(t, filepath.Join(dir, "content", typ, id+".md"), src)
		}
	}
	write("policy", "SMS-POL", policies)
	write("procedure", "SMS-PROC", procedures)
	return dir
}
