package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handbook/internal/config"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// render converts a body as the document at content/x.md, page /docs/x/.
func render(cfg *config.Config, body string) Result {
	doc := &site.Document{Path: "content/x.md", Body: []byte(body), BodyLine: 10}
	return New(cfg).Convert(doc, nil)
}

// golden renders what a result holds in a reviewable text form: the HTML,
// then the outline and problems other steps use.
func golden(res Result) []byte {
	var b bytes.Buffer
	b.Write(res.HTML)
	b.WriteString("-- headings --\n")
	for _, h := range res.Headings {
		fmt.Fprintf(&b, "h%d #%s %q line %d\n", h.Level, h.ID, h.Text, h.Line)
	}
	b.WriteString("-- sections --\n")
	for _, s := range res.Sections {
		fmt.Fprintf(&b, "#%s %q: %q\n", s.Anchor, s.Heading, s.Text)
	}
	b.WriteString("-- shortcodes --\n")
	for _, s := range res.Shortcodes {
		b.WriteString(s + "\n")
	}
	b.WriteString("-- problems --\n")
	for _, p := range res.Problems {
		b.WriteString(p.Error() + "\n")
	}
	return b.Bytes()
}

// TestGolden renders every testdata/*.md and compares it with its .golden
// file; -update rewrites them. A file named *.unsafe.md is rendered with
// unsafe_html: true.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			cfg := config.Default()
			cfg.UnsafeHTML = strings.HasSuffix(name, ".unsafe")
			got := golden(render(cfg, string(src)))
			sitetest.Golden(t, strings.TrimSuffix(f, ".md")+".golden", got, *update)
		})
	}
}

// diffLines shows the first lines that differ.
// TestHeadingIDs checks the properties the golden file shows: every id is
// unique on the page, and explicit ids are kept as written.
func TestHeadingIDs(t *testing.T) {
	src, err := os.ReadFile("testdata/headings.md")
	if err != nil {
		t.Fatal(err)
	}
	res := render(config.Default(), string(src))
	seen := map[string]bool{}
	for _, id := range Reserved {
		seen[id] = true
	}
	for _, h := range res.Headings {
		if seen[h.ID] {
			t.Errorf("heading %q: id %q is not unique on the page", h.Text, h.ID)
		}
		seen[h.ID] = true
	}
	for _, explicit := range []string{"scope", "scope-1", "explicit-id"} {
		if !slices.ContainsFunc(res.Headings, func(h Heading) bool { return h.ID == explicit }) {
			t.Errorf("explicit id %q not kept", explicit)
		}
	}
	// Rendering twice gives the same ids: they are stable.
	again := render(config.Default(), string(src))
	if !bytes.Equal(res.HTML, again.HTML) {
		t.Errorf("two renderings differ")
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"3. Roles and Responsibilities", "3-roles-and-responsibilities"},
		{"2.1. Scope of Certification", "21-scope-of-certification"},
		{"  Scope  ", "scope"},
		{"SMS Context, Requirements and Scope", "sms-context-requirements-and-scope"},
		{"Café déjà vu", "café-déjà-vu"},
		{"snake_case and-dash", "snake_case-and-dash"},
		{"!!!", ""},
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlaceholdersReplaced(t *testing.T) {
	cfg := config.Default()
	cfg.Placeholders = map[string]string{"[Service Provider]": "Example IT", "[Insert Service Provider]": "Example Services", "Insert Company Name": "Example Ltd"}
	res := render(cfg, "[Insert Service Provider] and [Service Provider] of Insert Company Name.\n\n## [Service Provider] roles\n")
	want := "<p>Example Services and Example IT of Example Ltd.</p>\n" +
		`<h2 id="example-it-roles">Example IT roles<a class="anchor" href="#example-it-roles" aria-label="Copy link to this section">#</a></h2>` + "\n"
	if string(res.HTML) != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", res.HTML, want)
	}
	if got := New(cfg).Replace("[Service Provider]"); got != "Example IT" {
		t.Errorf("Replace = %q", got)
	}
}

// TestConcurrentConvert renders on many goroutines at once with one
// Converter (run with -race).
func TestConcurrentConvert(t *testing.T) {
	c := New(config.Default())
	src, _ := os.ReadFile("testdata/headings.md")
	want := c.Convert(&site.Document{Path: "x.md", Body: src, BodyLine: 1}, nil).HTML
	done := make(chan []byte)
	for range 8 {
		go func() {
			done <- c.Convert(&site.Document{Path: "x.md", Body: src, BodyLine: 1}, nil).HTML
		}()
	}
	for range 8 {
		if got := <-done; !bytes.Equal(got, want) {
			t.Errorf("concurrent rendering differs")
		}
	}
}

// TestCollapseSpace compares collapseSpace with strings.Fields on random
// strings of spaces (ASCII and not), letters and broken UTF-8.
func TestCollapseSpace(t *testing.T) {
	parts := []string{" ", "\t", "\n", "\u00a0", "\u2003", "\u0085", "a", "bc", "é", "\xff", "\xe2\x80", "  ", "\x01", "\x7f", "a b", " é"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 10000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := collapseSpace([]byte(s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
