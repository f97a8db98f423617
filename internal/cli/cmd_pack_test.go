package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"handbook/internal/build"
	"handbook/internal/chromium"
	"handbook/internal/pack"
	"handbook/internal/register"
	"handbook/internal/sitetest"
)

// runPackCommand runs `handbook pack args...` in process with the variables in env.
func runPackCommand(env map[string]string, args ...string) (status int, stdout, stderr string) {
	return runCommand("pack", env, args...)
}

// browserEnv skips the test without Chromium (unless
// HANDBOOK_REQUIRE_BROWSER is set) and returns the variables that find it.
func browserEnv(t *testing.T) map[string]string {
	t.Helper()
	if testing.Short() {
		t.Skip("prints through Chromium; skipped in -short mode")
	}
	if _, err := chromium.Find(os.Getenv); err != nil {
		if os.Getenv("HANDBOOK_REQUIRE_BROWSER") != "" {
			t.Fatalf("%v, and HANDBOOK_REQUIRE_BROWSER is set", err)
		}
		t.Skipf("skipped: %v (set HANDBOOK_REQUIRE_BROWSER=1 to make this an error)", err)
	}
	return map[string]string{"PATH": os.Getenv("PATH"), chromium.EnvPath: os.Getenv(chromium.EnvPath)}
}

// TestPackUsage: mistakes are usage errors (exit 2), found before any
// browser is looked for (PATH is empty), and no file is written.
func TestPackUsage(t *testing.T) {
	t.Parallel() // its own output folder; reads the repository
	out := filepath.Join(t.TempDir(), "pack.zip")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown audience", []string{"-s", repoSite, "-o", out, "--audience", "staf"}, `unknown audience "staf"`},
		{"inside content", []string{"-s", repoSite, "-o", filepath.Join(repoSite, "content", "policies", "pack.zip")}, "inside the site's content/ folder"},
		{"content itself", []string{"-s", repoSite, "-o", filepath.Join(repoSite, "content")}, "inside the site's content/ folder"},
		{"argument", []string{"-s", repoSite, "-o", out, "SMS-POL-001"}, `unexpected argument "SMS-POL-001"`},
		{"no site", []string{"-s", filepath.Join(t.TempDir(), "nope"), "-o", out}, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _, stderr := runPackCommand(map[string]string{"PATH": t.TempDir()}, tt.args...)
			if st != ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", st, stderr, ExitUsage, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
}

// TestPackWithoutChromium: no browser is a clear error naming the package
// to install, exit status 1, and no file.
func TestPackWithoutChromium(t *testing.T) {
	t.Parallel() // its own output folder
	out := filepath.Join(t.TempDir(), "pack.zip")
	st, _, stderr := runPackCommand(map[string]string{"PATH": t.TempDir()}, "-s", repoSite, "-o", out)
	if st != ExitContent {
		t.Errorf("exit status %d, want %d", st, ExitContent)
	}
	for _, want := range []string{"Chromium is not installed", "apt-get install chromium", chromium.EnvPath, "No pack was written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

// TestPackDocumentFailsToPrint: a site whose layout shows one document
// without its article cannot be packed; the error names the document and
// no file is written (the previous pack stays as it was).
func TestPackDocumentFailsToPrint(t *testing.T) {
	t.Parallel() // its own site, output folder and browser
	env := browserEnv(t)
	site := serveSite(t)
	sitetest.WriteFile(t, filepath.Join(site, "layouts", "doc.html"), `{{define "main"}}{{with .Doc}}`+
		`{{if eq .Meta.ID "SMS-PROC-002"}}<p>This layout loses the document.</p>`+
		`{{else}}<article class="doc" data-id="{{.Meta.ID}}"><h1>{{.Meta.Title}}</h1>{{.Body}}</article>{{end}}{{end}}{{end}}`)
	out := filepath.Join(t.TempDir(), "pack.zip")
	sitetest.WriteFile(t, out, "the previous pack")
	st, _, stderr := runPackCommand(env, "-s", site, "-o", out, "--quiet")
	if st != ExitContent || !strings.Contains(stderr, "printing SMS-PROC-002") || !strings.Contains(stderr, "No pack written") {
		t.Errorf("exit %d, stderr %q; want %d naming SMS-PROC-002", st, stderr, ExitContent)
	}
	if b, _ := os.ReadFile(out); string(b) != "the previous pack" {
		t.Errorf("%s was changed", out)
	}
}

// TestPack packs a small handbook (the shared site audit-pack: a
// document of each level, a confidential plan and a draft procedure) for
// staff, approved documents only, with the real browser, and opens what
// the auditor gets: the zip and its manifest, the handbook PDF (pages,
// outline, contents, text, links), the documents' PDFs and the workbook.
// It needs poppler-utils (pdfinfo, pdftotext, pdftohtml). The
// repository's handbook (42 documents) packed the same way took 26 CPU
// seconds, this site takes a few; what is checked is the same. (TestPDF
// prints a document of the repository's.)
func TestPack(t *testing.T) {
	t.Parallel() // its own site, output folder and browser
	env := browserEnv(t)
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdftohtml"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("HANDBOOK_REQUIRE_BROWSER") != "" {
				t.Fatalf("%s (poppler-utils) is not installed, and HANDBOOK_REQUIRE_BROWSER is set", tool)
			}
			t.Skipf("skipped: %s (poppler-utils) is not installed", tool)
		}
	}
	site := sitetest.FromTxtar(t, sitetest.Shared(t, "audit-pack"))
	dir := t.TempDir()
	out := filepath.Join(dir, "pack.zip")
	st, stdout, stderr := runPackCommand(env, "-s", site, "-o", out, "--audience", "staff", "--approved-only")
	if st != ExitOK {
		t.Fatalf("exit status %d; stderr:\n%s", st, stderr)
	}
	if !strings.Contains(stdout, "Wrote "+out) {
		t.Errorf("stdout %q does not report the file", stdout)
	}
	files := unzip(t, out)
	checkPackManifest(t, files)

	// Six documents: less the confidential plan (staff) and the draft
	// password-reset procedure.
	wantDocs := 4
	var docPDFs []string
	for name := range files {
		if strings.HasPrefix(name, "SMS-") && strings.HasSuffix(name, ".pdf") {
			docPDFs = append(docPDFs, name)
		}
	}
	if len(docPDFs) != wantDocs || files["SMS-PROC-004-v2.0.pdf"] == nil {
		t.Errorf("%d document PDFs (want %d, SMS-PROC-004-v2.0.pdf among them): %v", len(docPDFs), wantDocs, docPDFs)
	}
	for name := range files {
		if strings.Contains(name, "SMS-PLN-005") || strings.Contains(name, "SMS-PROC-012") {
			t.Errorf("the pack holds %s, which a staff pack of approved documents may not", name)
		}
	}
	for _, name := range []string{pack.HandbookPDF, pack.CoveragePDF, pack.CoverageXLSX, pack.LogCSV, pack.LogXLSX} {
		if files[name] == nil {
			t.Errorf("the pack lacks %s", name)
		}
	}

	// A document's PDF lists its links' targets by the site's addresses,
	// not by the port of the server that printed it.
	one := filepath.Join(dir, "SMS-PROC-004.pdf")
	sitetest.WriteFile(t, one, string(files["SMS-PROC-004-v2.0.pdf"]))
	if text := run(t, "pdftotext", one, "-"); !strings.Contains(text, "Links in this document") ||
		strings.Contains(text, "127.0.0.1") || !strings.Contains(text, "/docs/sms-prc-002/") {
		t.Errorf("SMS-PROC-004's PDF does not list its links by the site's paths:\n%s", text)
	}

	book := filepath.Join(dir, pack.HandbookPDF)
	sitetest.WriteFile(t, book, string(files[pack.HandbookPDF]))
	pages := pdfPages(t, book)
	if pages < wantDocs+4 { // cover, contents, two figures, a page at least per document
		t.Errorf("handbook.pdf has %d pages, fewer than its %d documents and front matter", pages, wantDocs)
	}
	outline, links := pdfOutlineAndLinks(t, book)
	if len(outline) != wantDocs || outline[0].title != "Service Management Policy" {
		t.Errorf("the outline has %d top-level entries (want %d, the policy first): %v", len(outline), wantDocs, outline)
	}
	text := run(t, "pdftotext", "-layout", book, "-")
	for _, want := range []string{
		"Controlled copy as of", "printed copies are uncontrolled", // the cover
		"Contents", "Figure 1 - ISO/IEC 20000:2018 scope", "Figure 2 - Service management system documentation structure",
		"SMS-PROC-004 · v2.0 · approved", // a running header
		"Major Incident Procedure",       // a document's text
	} {
		if !strings.Contains(text, want) {
			t.Errorf("handbook.pdf's text lacks %q", want)
		}
	}
	// Nothing of the confidential plan reaches a staff pack; the draft
	// procedure is not printed nor logged (Figures 1 and 2 still show it,
	// marked as a draft, as part of the structure).
	if strings.Contains(text, "SMS-PLN-005") {
		t.Error("handbook.pdf mentions SMS-PLN-005, a confidential document, in a staff pack")
	}
	for _, left := range []string{"SMS-PLN-005", "SMS-PROC-012"} {
		if bytes.Contains(files[pack.LogCSV], []byte(left)) || bytes.Contains(files[pack.ManifestName], []byte(left)) {
			t.Errorf("log.csv or MANIFEST.txt lists %s, which a staff pack of approved documents leaves out", left)
		}
	}
	// The contents give each document's first page, as the outline does.
	for _, o := range outline[:3] {
		if !regexp.MustCompile(regexp.QuoteMeta(o.title) + `[ .]+` + strconv.Itoa(o.page) + `\n`).MatchString(text) {
			t.Errorf("the contents do not list %q on page %d", o.title, o.page)
		}
	}
	internal := 0
	for _, l := range links {
		n, ok := strings.CutPrefix(l, "#")
		if !ok {
			if strings.Contains(l, "127.0.0.1") {
				t.Errorf("a link points to the printing server: %s", l)
			}
			continue
		}
		internal++
		if p, err := strconv.Atoi(n); err != nil || p < 1 || p > pages {
			t.Errorf("internal link %s does not resolve to a page of %d", l, pages)
		}
	}
	if internal < wantDocs {
		t.Errorf("%d links inside the PDF; want the contents' %d at least", internal, wantDocs)
	}

	f, err := excelize.OpenReader(bytes.NewReader(files[pack.LogXLSX]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(register.LogSheet)
	if len(rows) != wantDocs+1 {
		t.Fatalf("log.xlsx has %d rows, want a header and %d documents", len(rows), wantDocs)
	}
	if rows[1][0] != "SMS-POL-001" || rows[1][11] != "/docs/sms-pol-001/" {
		t.Errorf("log.xlsx starts with %q at %q; want the policy (structure order) at its site path", rows[1][0], rows[1][11])
	}
}

func unzip(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// checkPackManifest: MANIFEST.txt names the source revision and has the
// right SHA-256 for every other file of the pack (pack.Verify).
func checkPackManifest(t *testing.T, files map[string][]byte) {
	t.Helper()
	manifest := string(files[pack.ManifestName])
	if !regexp.MustCompile(`(?m)^Source revision: \S+`).MatchString(manifest) {
		t.Errorf("MANIFEST.txt has no source revision:\n%s", manifest)
	}
	if err := pack.Verify(files); err != nil {
		t.Error(err)
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(run(t, "pdfinfo", path))
	if m == nil {
		t.Fatalf("pdfinfo gives no page count for %s", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

type outlineEntry struct {
	title string
	page  int
}

// pdfOutlineAndLinks reads a PDF's top-level outline entries and its
// links with pdftohtml's XML: a link inside the file is "#PAGE".
func pdfOutlineAndLinks(t *testing.T, path string) ([]outlineEntry, []string) {
	t.Helper()
	x := run(t, "pdftohtml", "-xml", "-i", "-stdout", "-q", path)
	var top []outlineEntry
	depth := 0
	tok := regexp.MustCompile(`<outline>|</outline>|<item page="(\d+)">([^<]*)</item>`)
	for _, m := range tok.FindAllStringSubmatch(x, -1) {
		switch m[0] {
		case "<outline>":
			depth++
		case "</outline>":
			depth--
		default:
			if depth == 1 {
				p, _ := strconv.Atoi(m[1])
				top = append(top, outlineEntry{m[2], p})
			}
		}
	}
	var links []string
	base := strings.TrimSuffix(filepath.Base(path), ".pdf") + ".html"
	for _, m := range regexp.MustCompile(`<a href="([^"]*)"`).FindAllStringSubmatch(x, -1) {
		links = append(links, strings.TrimPrefix(m[1], base))
	}
	return top, links
}

// TestPackBookLinksResolve assembles the repository handbook's book (no
// browser): its ids are unique, and every link inside it has a target,
// so that Chromium can make each one a link inside the PDF.
func TestPackBookLinksResolve(t *testing.T) {
	t.Parallel() // its own output folder; reads the repository
	dir := t.TempDir()
	opts := build.Options{Site: repoSite, Out: filepath.Join(dir, "public"), BaseURL: "/", NoSearch: true}
	_, st, err := build.BuildState(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	in := packInput(context.Background(), st, repoSite, false)
	page, err := in.Book.HTML(opts.Out, nil)
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ids, hrefs := map[string]int{}, []string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			switch {
			case a.Key == "id":
				ids[a.Val]++
			case a.Key == "href" && strings.HasPrefix(a.Val, "#"):
				hrefs = append(hrefs, a.Val[1:])
			case a.Key == "href" && n.Data == "a" && strings.HasPrefix(a.Val, "/"):
				t.Errorf("a link to %s: no page of the site is in the PDF", a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is used %d times", id, n)
		}
	}
	for _, h := range hrefs {
		if ids[h] == 0 {
			t.Errorf("link #%s has no target in the book", h)
		}
	}
	if len(hrefs) < 2*len(in.Book.Docs()) { // the contents, and links between documents
		t.Errorf("only %d links inside the book", len(hrefs))
	}
}
