package markdown

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// TestQuickLinkifySameHTML renders random text full of the starts of
// URLs and e-mail addresses with goldmark's GFM and with gfm (its quick
// linkify): the HTML must be the same.
func TestQuickLinkifySameHTML(t *testing.T) {
	theirs := goldmark.New(goldmark.WithExtensions(extension.GFM))
	ours := goldmark.New(goldmark.WithExtensions(gfm{}))
	pieces := []string{
		"https://example.com/a_b", "http://x.org", "ftp://files.example.com/f.txt", "www.example.com", "www.",
		"http:", "hTTp://x.org", "mail@example.com", "a.b-c@example.co.uk.", "me@x", "@example.com",
		strings.Repeat("l", 64) + "@example.com", strings.Repeat("l", 65) + "@example.com",
		"word", "fish", "hat", "when", "(", ")", "*", "_", "~", "**", "~~", "[", "](x)", "`", "&amp;", ";", ".", ",",
		" ", " ", " ", "\n", "\n\n", "- ", "| a | b |\n|---|---|\n", "é",
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for n := range 5000 {
		var b strings.Builder
		for range 1 + rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		src := []byte(b.String())
		var want, got bytes.Buffer
		if err := theirs.Convert(src, &want); err != nil {
			t.Fatal(err)
		}
		if err := ours.Convert(src, &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("text %d %q:\n got %s\nwant %s", n, src, got.String(), want.String())
		}
	}
}
