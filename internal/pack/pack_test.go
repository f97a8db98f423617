package pack

import (
	"archive/zip"
	"bytes"
	"io"
	"maps"
	"strings"
	"testing"
	"time"

	"handbook/internal/sitetest"
)

// builtSite writes testdata/built-site.txtar, a minimal built site: two
// document pages and Figure 2.
func builtSite(t *testing.T) string {
	t.Helper()
	return sitetest.FromTxtar(t, "testdata/built-site.txtar")
}

func testBook(siteURL string) Book {
	return Book{Title: "Handbook", Organisation: "Example Ltd", Date: "2026-06-01", SiteURL: siteURL, Groups: []Group{
		{Name: "Policy", Docs: []Doc{{ID: "SMS-POL-001", Title: "Service Management Policy", Version: "2.0", Status: "approved"}}},
		{Name: "Procedures", Docs: []Doc{{ID: "SMS-PROC-004", Title: `Major "Incident" Procedure`, Version: "1.3", Status: "draft"}}},
	}}
}

// TestBookHTML: the book holds the cover, the contents in order, the
// figure, and each article with its ids made unique, links between its
// documents inside the book, links to the rest of the site absolute (or
// dropped without a published address), and screen-only parts gone.
func TestBookHTML(t *testing.T) {
	dir := builtSite(t)
	for _, tt := range []struct {
		name, siteURL string
		want, not     []string
	}{
		{"no address", "", []string{
			"Controlled copy as of 2026-06-01 — printed copies are uncontrolled.",
			`<a href="#doc-sms-pol-001">Service Management Policy</a>`,
			`<span class="toc-page" data-doc="SMS-PROC-004">000</span>`,
			`<article class="doc" data-id="SMS-POL-001" id="doc-sms-pol-001" style="page: p0">`,
			`<h2 id="doc-sms-pol-001--purpose">`,
			`<a href="#doc-sms-proc-004--steps">the steps</a>`,
			`<a href="#doc-sms-pol-001--purpose">above</a>`,
			`<a>a record left out</a>`,
			`<a href="https://example.org/x">`,
			`<a href="#doc-sms-pol-001">the policy</a>`,
			`aria-labelledby="doc-sms-pol-001--doc-control-title"`,
			`<a>8.1</a>`,
			`<title id="figure2--structure.title">`,
			`aria-labelledby="figure2--structure.title"`,
			`<a xlink:href="#doc-sms-proc-004">`,
			`@page p1 { @top-left { content: "SMS-PROC-004 · v1.3 · draft"; } }`,
		}, []string{"On this page", "Document control", "breadcrumbs", "Figure 1 -"}},
		{"published", "https://sms.example.org/", []string{
			`<a href="https://sms.example.org/docs/sms-rec-900/">a record left out</a>`,
			`<a href="https://sms.example.org/clauses/#clause-8.1">8.1</a>`,
		}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := testBook(tt.siteURL).HTML(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the book lacks %s", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("the book has %s", n)
				}
			}
			if strings.Index(got, `data-id="SMS-POL-001"`) > strings.Index(got, `data-id="SMS-PROC-004"`) {
				t.Error("the documents are not in the book's order")
			}
		})
	}
	b, err := testBook("").HTML(dir, map[string]int{"SMS-POL-001": 4, "SMS-PROC-004": 17})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`data-doc="SMS-PROC-004">17</span>`)) {
		t.Error("the contents do not show the page numbers given")
	}
}

// TestBookMissingPage: a document whose page is not in the built site is
// named in the error.
func TestBookMissingPage(t *testing.T) {
	book := testBook("")
	book.Groups[1].Docs = append(book.Groups[1].Docs, Doc{ID: "SMS-PROC-404", Version: "1.0", Status: "approved"})
	if _, err := book.HTML(builtSite(t), nil); err == nil || !strings.Contains(err.Error(), "SMS-PROC-404") {
		t.Errorf("error %v; want one naming SMS-PROC-404", err)
	}
}

func TestCSSString(t *testing.T) {
	for in, want := range map[string]string{
		`SMS-POL-001 · v2.0 · approved`: `"SMS-POL-001 · v2.0 · approved"`,
		`a"b\c`:                         `"a\22 b\5c c"`,
		"line\nbreak":                   `"line\a break"`,
	} {
		if got := cssString(in); got != want {
			t.Errorf("cssString(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestZipAndManifest: the same files give the same zip; every entry has
// the fixed time; the manifest's hashes are those of the entries.
func TestZipAndManifest(t *testing.T) {
	files := map[string][]byte{"b.pdf": []byte("%PDF-b"), "a.xlsx": []byte("PK a"), "log.csv": []byte("id\r\n")}
	files[ManifestName] = Manifest([][2]string{{"Source revision", "abc123"}}, files)
	when := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	z1, err := Zip(files, when)
	if err != nil {
		t.Fatal(err)
	}
	z2, _ := Zip(files, when)
	if !bytes.Equal(z1, z2) {
		t.Fatal("two zips of the same files differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(z1), int64(len(z1)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	got := map[string][]byte{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(when) {
			t.Errorf("%s is dated %v, want %v", f.Name, f.Modified, when)
		}
		r, _ := f.Open()
		got[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	if strings.Join(names, " ") != "MANIFEST.txt a.xlsx b.pdf log.csv" {
		t.Errorf("entries %v, want sorted", names)
	}
	if err := Verify(got); err != nil {
		t.Error(err)
	}
}

// TestVerify: a file changed, missing or unlisted is found.
func TestVerify(t *testing.T) {
	files := map[string][]byte{"a.pdf": []byte("a"), "b.csv": []byte("b")}
	files[ManifestName] = Manifest([][2]string{{"Source revision", "abc"}}, files)
	if err := Verify(files); err != nil {
		t.Fatalf("a pack as made does not verify: %v", err)
	}
	changed := maps.Clone(files)
	changed["a.pdf"] = []byte("A")
	missing := maps.Clone(files)
	delete(missing, "b.csv")
	extra := maps.Clone(files)
	extra["c.txt"] = nil
	for name, tt := range map[string]struct {
		files map[string][]byte
		want  string
	}{"changed": {changed, "a.pdf is missing or has another SHA-256"}, "missing": {missing, "b.csv is missing"}, "unlisted": {extra, "does not list c.txt"}} {
		if err := Verify(tt.files); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Verify gives %v, want %q", name, err, tt.want)
		}
	}
}

func TestOutlinePagesRejectsOtherFiles(t *testing.T) {
	for _, in := range []string{"", "not a pdf", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF\n"} {
		if _, err := OutlinePages([]byte(in)); err == nil {
			t.Errorf("OutlinePages(%q) gave no error", in)
		}
	}
}
