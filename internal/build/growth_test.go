package build_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/load"
	"handbook/internal/sitetest"
)

// containerTag matches the opening and closing tags of the HTML elements
// nesting makes.
var containerTag = regexp.MustCompile(`</?(blockquote|ul|ol)\b`)

// depthOf is the deepest nesting of block quotes and lists in html.
func depthOf(html []byte) int {
	depth, most := 0, 0
	for _, m := range containerTag.FindAll(html, -1) {
		if m[1] == '/' {
			depth--
		} else {
			depth++
			most = max(most, depth)
		}
	}
	return most
}

// TestNoQuadraticCorners feeds the inputs whose cost grows faster than
// their size in goldmark or in a naive build, at sizes where a quadratic
// step would take hours (so a regression cannot pass): nesting 100,000
// levels deep is flattened to load.MaxNesting with one warning at its
// line, the page's nesting stays within the cap (the cost per line grows
// with the square of it), a 100,000-character line renders whole, and
// 2,000 documents of one title give one error each, not one per pair. No
// timing is asserted: the counts hold or they do not.
func TestNoQuadraticCorners(t *testing.T) {
	t.Parallel()
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- level\n")
		}
		return b.String()
	}
	for _, tt := range []struct {
		name, body string
		line       int // of the first flattened line
	}{
		{"quotes", strings.Repeat("> ", 100_000) + "deep\n", 16},
		{"lists on a line", strings.Repeat("- ", 100_000) + "deep\n", 16},
		{"ordered lists", strings.Repeat("1. ", 100_000) + "deep\n", 16},
		{"quotes and lists", strings.Repeat("> - ", 50_000) + "deep\n", 16},
		// 4 MB: the indentation grows with the depth; past 100 columns at level 51
		{"indented lists", indented(2_000), 16 + load.MaxIndent/2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.WriteFile(t, filepath.Join(dir, "content/deep.md"), frontMatter("SMS-PROC-001", "Deep Procedure", "")+"Intro.\n\n"+tt.body)
			res, st, err := build.Check(context.Background(), build.Options{Site: dir, Today: today})
			if err != nil {
				t.Fatalf("%v\n%s", err, messages(res))
			}
			if got := messages(res); !strings.Contains(got, fmt.Sprintf("content/deep.md:%d: nested deeper than", tt.line)) {
				t.Errorf("no warning at the first deep line:\n%s", got)
			}
			if d := depthOf(st.Page("SMS-PROC-001").HTML); d > 2*load.MaxNesting || d < load.MaxNesting/2 {
				t.Errorf("the page nests %d deep, want at most %d", d, 2*load.MaxNesting)
			}
		})
	}
	t.Run("long line", func(t *testing.T) {
		dir := t.TempDir()
		line := strings.Repeat("The service desk records *every* incident [[SMS-PROC-001]]. ", 100_000/60)
		sitetest.WriteFile(t, filepath.Join(dir, "content/long.md"), frontMatter("SMS-PROC-001", "Long Procedure", "")+line+"\n")
		res, st, err := build.Check(context.Background(), build.Options{Site: dir, Today: today})
		if err != nil {
			t.Fatalf("%v\n%s", err, messages(res))
		}
		if n := strings.Count(string(st.Page("SMS-PROC-001").HTML), "<em>every</em>"); n != 100_000/60 {
			t.Errorf("%d emphasised words rendered, want %d", n, 100_000/60)
		}
	})
	t.Run("duplicate titles", func(t *testing.T) {
		dir := t.TempDir()
		const n = 2_000
		for i := range n {
			sitetest.WriteFile(t, filepath.Join(dir, fmt.Sprintf("content/d%04d.md", i)), frontMatter(fmt.Sprintf("SMS-PROC-%04d", i+1), "Same Title", "")+"Mentions Same Title.\n")
		}
		res, _, _ := build.Check(context.Background(), build.Options{Site: dir, Today: today})
		if got := strings.Count(messages(res), "duplicate title"); got != n-1 {
			t.Errorf("%d duplicate-title errors, want %d (one per duplicate)", got, n-1)
		}
	})
}
