package build_test

import (
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// TestCrawl builds the repository's handbook, and a small site under a
// base-URL subpath with aliases, and checks every page and SVG figure: each
// internal href (also SVG's xlink:href) and src resolves to a file of the output, each #fragment to an id
// on the target page, each redirect to an existing page, and no id is
// given twice on a page.
func TestCrawl(t *testing.T) {
	t.Parallel()
	t.Run("repository", func(t *testing.T) {
		_, problems := crawl(t, repoOutput(t), "/")
		report(t, problems)
	})
	t.Run("subpath with aliases", func(t *testing.T) {
		site := copySite(t)
		p := filepath.Join(site, "content/plans/risk-treatment-plan.md")
		src := readFile(t, p)
		src = strings.Replace(src, "\ntitle:", "\naliases: [/risk/treatment/, /old/rtp.html]\ntitle:", 1)
		sitetest.WriteFile(t, p, src)
		out := buildSite(t, site, build.Options{BaseURL: "/intranet/handbook/"})
		pages, problems := crawl(t, out, "/intranet/handbook/")
		report(t, problems)
		for _, want := range []string{"risk/treatment/index.html", "old/rtp.html", "docs/risk-treatment-plan/index.html"} {
			if !slices.Contains(pages, want) {
				t.Errorf("redirect page %s not written", want)
			}
		}
	})
}

var (
	tagRE2   = regexp.MustCompile(`(?s)<([a-zA-Z][a-zA-Z0-9-]*)\s([^>]*)>`)
	attrRE   = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*"([^"]*)"`)
	schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// element is a start tag with its attributes (values unescaped).
type element struct {
	tag   string
	attrs map[string]string
}

// elements lists the start tags of an HTML page. The output is written by
// html/template and goldmark, which always quote attributes with ",
// so a tag scanner is enough here.
func elements(page string) []element {
	page = commentRE.ReplaceAllString(page, "")
	var out []element
	for _, m := range tagRE2.FindAllStringSubmatch(page, -1) {
		e := element{tag: strings.ToLower(m[1]), attrs: map[string]string{}}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			e.attrs[strings.ToLower(a[1])] = html.UnescapeString(a[2])
		}
		out = append(out, e)
	}
	return out
}

var commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)

func report(t *testing.T, problems []string) {
	t.Helper()
	for _, p := range problems {
		t.Error(p)
	}
}

// TestCrawlerFindsBreakage runs the crawler over a hand-written output
// folder with one mistake of each kind, so that TestCrawl can fail.
func TestCrawlerFindsBreakage(t *testing.T) {
	t.Parallel()
	out := sitetest.New(t, map[string]string{
		"index.html": `<a href="/h/docs/a/">a</a> <a href="docs/a/#s1">s1</a> <a href="/h/missing/">m</a>` +
			` <a href="docs/a/#nope">x</a> <a href="/elsewhere/">e</a> <a href="https://example.com/x">ext</a>` +
			` <a href="#top">top</a> <p id="top"></p> <img src="/h/img/none.png"> <a href="mailto:a@b">m</a>` +
			`<!-- <a href="/h/commented/">not a link</a> -->`,
		"docs/a/index.html": `<h2 id="s1">S</h2><h2 id="s1">again</h2><a href="../../">home</a><a href="../b">b</a>`,
		"docs/b/index.html": `<meta http-equiv="refresh" content="0; url=/h/docs/gone/"><link rel="canonical" href="/h/docs/gone/">`,
		"docs/c/index.html": `<a href="">empty</a>`,
		"figure.svg":        `<svg><a xlink:href="/h/docs/a/#s2"><text>x</text></a></svg>`,
	})
	_, got := crawl(t, out, "/h/")
	want := []string{
		"address /elsewhere/ is outside the base URL /h/ (on index.html)",
		"broken anchor /h/docs/a/#s2 (no id s2 on docs/a/index.html) (on figure.svg)",
		"broken anchor docs/a/#nope (no id nope on docs/a/index.html) (on index.html)",
		"broken links to /h/docs/gone/: no docs/gone/index.html (on docs/b/index.html)",
		"broken links to /h/img/none.png: no img/none.png (on index.html)",
		"broken links to /h/missing/: no missing/index.html (on index.html)",
		"docs/a/index.html: id \"s1\" is given twice",
		"empty address (on docs/c/index.html)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("crawler found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// crawl checks every HTML page under out, whose site is published at base.
// It returns the pages' slash paths and the problems found, sorted.
func crawl(t *testing.T, out, base string) (pages, problems []string) {
	t.Helper()
	ids := map[string]map[string]bool{} // page -> ids on it
	elems := map[string][]element{}
	err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !(strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".svg")) {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		pages = append(pages, rel)
		els := elements(readFile(t, p))
		elems[rel] = els
		set := map[string]bool{}
		for _, el := range els {
			for _, k := range []string{"id", "name"} {
				id, ok := el.attrs[k]
				if !ok || (k == "name" && el.tag != "a") {
					continue
				}
				if k == "id" && set[id] {
					problems = append(problems, fmt.Sprintf("%s: id %q is given twice", rel, id))
				}
				set[id] = true
			}
		}
		ids[rel] = set
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		return nil, []string{"no pages in " + out}
	}
	broken := map[string][]string{} // problem -> pages
	for _, page := range pages {
		for _, el := range elems[page] {
			for _, ref := range references(el) {
				if problem := resolve(out, base, page, ref, ids); problem != "" && !slices.Contains(broken[problem], page) {
					broken[problem] = append(broken[problem], page)
				}
			}
		}
	}
	for p, on := range broken {
		more := ""
		if len(on) > 3 {
			more = " and " + strconv.Itoa(len(on)-3) + " more"
			on = on[:3]
		}
		problems = append(problems, p+" (on "+strings.Join(on, ", ")+more+")")
	}
	slices.Sort(problems)
	return pages, problems
}

// references lists the addresses an element points to: href, src, and the
// target of a meta refresh.
func references(el element) []string {
	var out []string
	for _, k := range []string{"href", "xlink:href", "src"} {
		if v, ok := el.attrs[k]; ok {
			out = append(out, v)
		}
	}
	if el.tag == "meta" && strings.EqualFold(el.attrs["http-equiv"], "refresh") {
		_, u, ok := strings.Cut(el.attrs["content"], "url=")
		if !ok {
			return append(out, "(meta refresh without url)")
		}
		out = append(out, u)
	}
	return out
}

// resolve checks one reference found on page; it returns "" or what is wrong.
func resolve(out, base, page, ref string, ids map[string]map[string]bool) string {
	if ref == "" {
		return "empty address"
	}
	if schemeRE.MatchString(ref) || strings.HasPrefix(ref, "//") {
		return "" // external: mailto:, https:, ...
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "bad address " + ref
	}
	target := page
	if u.Path != "" {
		// The address as the browser resolves it on the page.
		abs := (&url.URL{Path: base + page}).ResolveReference(u).Path
		if !strings.HasPrefix(abs, base) {
			return "address " + ref + " is outside the base URL " + base
		}
		target = strings.TrimPrefix(abs, base)
		if target == "" || strings.HasSuffix(target, "/") {
			target += "index.html"
		} else if fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err == nil && fi.IsDir() {
			target += "/index.html"
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
			return "broken links to " + u.Path + ": no " + target
		}
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") {
		if !ids[target][u.Fragment] {
			return "broken anchor " + ref + " (no id " + u.Fragment + " on " + target + ")"
		}
	}
	return ""
}
