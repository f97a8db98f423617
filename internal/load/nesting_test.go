package load

import (
	"bytes"
	"strings"
	"testing"

	"handbook/internal/diag"
)

func TestCapNesting(t *testing.T) {
	deepQuote := strings.Repeat("> ", 40) + "text\n"
	deepList := strings.Repeat("- ", 40) + "text\n"
	deepIndent := strings.Repeat(" ", 300) + "- text\n"
	for _, tt := range []struct {
		name, in, want string
		first          int
	}{
		{"plain", "# Title\n\nSome *text*.\n", "# Title\n\nSome *text*.\n", -1},
		{"at the limit", strings.Repeat("> ", 32) + "x\n", strings.Repeat("> ", 32) + "x\n", -1},
		{"quotes", "a\n" + deepQuote, "a\n" + strings.Repeat("> ", 32) + "text\n", 1},
		{"lists", deepList + "b\n", strings.Repeat("- ", 32) + "text\nb\n", 0},
		{"ordered", strings.Repeat("1. ", 40) + "x", strings.Repeat("1. ", 32) + "x", 0},
		{"indent", deepIndent, strings.Repeat(" ", 100) + "- text\n", 0},
		{"tabs", strings.Repeat("\t", 40) + "x\n", strings.Repeat("\t", 25) + "x\n", 0},
		{"mixed", strings.Repeat("> - ", 20) + "x\n", strings.Repeat("> - ", 16) + "x\n", 0},
		{"fenced code kept", "```\n" + deepIndent + "```\n" + deepIndent, "```\n" + deepIndent + "```\n" + strings.Repeat(" ", 100) + "- text\n", 3},
		{"tilde fence in a quote", "> ~~~\n> " + deepQuote + "> ~~~\n", "> ~~~\n> " + deepQuote + "> ~~~\n", -1},
		{"thematic break", "- - -\n* * *\n", "- - -\n* * *\n", -1},
		{"no newline at end", deepQuote[:len(deepQuote)-1], strings.Repeat("> ", 32) + "text", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, first := capNesting([]byte(tt.in))
			if string(got) != tt.want || first != tt.first {
				t.Errorf("capNesting(%q)\n = %q, %d\nwant %q, %d", tt.in, got, first, tt.want, tt.first)
			}
			if bytes.Count(got, []byte("\n")) != strings.Count(tt.in, "\n") {
				t.Errorf("the number of lines changed")
			}
		})
	}
}

// TestParseWarnsOfDeepNesting: the warning is at the document's line of
// the first flattened line.
func TestParseWarnsOfDeepNesting(t *testing.T) {
	src := "---\nid: SMS-PROC-001\ntitle: Deep\n---\n\nIntro.\n\n" + strings.Repeat("> ", 100_000) + "deep\n"
	doc, ds := Parse("content/deep.md", []byte(src), nil)
	if doc == nil || len(ds) != 1 {
		t.Fatalf("Parse: %v %v", doc, ds)
	}
	if got := ds[0].Error(); ds[0].Severity != diag.Warning || !strings.HasPrefix(got, "content/deep.md:8: nested deeper than 32") {
		t.Errorf("got %q", got)
	}
	if n := bytes.Count(doc.Body, []byte(">")); n != MaxNesting {
		t.Errorf("%d > markers left, want %d", n, MaxNesting)
	}
}
