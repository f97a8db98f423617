package markdown

import (
	"strconv"
	"strings"
	"testing"
	"unicode"

	"handbook/internal/config"
)

// TestGitHubAnchors renders headings and compares their ids with the
// anchors GitHub gives the same Markdown.
func TestGitHubAnchors(t *testing.T) {
	tests := []struct{ heading, want string }{
		{"Introduction", "introduction"},
		{"3. Roles and Responsibilities", "3-roles-and-responsibilities"},
		{"_Best practices for a strong community_", "best-practices-for-a-strong-community"},
		{"*Emphasis*", "emphasis"},
		{"__Strong__ words", "strong-words"},
		{"**Bold** and *it*", "bold-and-it"},
		{"~~Old~~ new", "old-new"},
		{"`code` span", "code-span"},
		{"Using `snake_case` names", "using-snake_case-names"},
		{"`<script>` tags", "script-tags"},
		{"[Link text](https://example.com) here", "link-text-here"},
		{"See <https://example.com>", "see-httpsexamplecom"},
		{"Image ![alt text](x.png) here", "image--here"},
		{"HTML <em>inline</em> tag", "html-inline-tag"},
		{"Tabs\there", "tabshere"},
		{"Hello, World!", "hello-world"},
		{"What's new?", "whats-new"},
		{"Q&A", "qa"},
		{"R&amp;D", "rd"},
		{"C++ & C#", "c--c"},
		{"Escaped \\*stars\\*", "escaped-stars"},
		{"Café", "café"},
		{"Ünïcode Überschrift", "ünïcode-überschrift"},
		{"Über & Straße", "über--straße"},
		{"Привет мир", "привет-мир"},
		{"日本語の見出し", "日本語の見出し"},
		{"Emoji 🎉 party", "emoji--party"},
		{"snake_case_heading", "snake_case_heading"},
		{"kebab-case-heading", "kebab-case-heading"},
		{"Version 2.1.0", "version-210"},
		{"Multiple   spaces", "multiple---spaces"},
		{"Trailing hashes ##", "trailing-hashes"},
		{"50% off", "50-off"},
		{"a -- b", "a----b"},
		{"a --- b", "a-----b"},
		{"Wait...", "wait"},
		{"The “smart” quotes", "the-smart-quotes"},
		{"(Parenthesised) [brackets]", "parenthesised-brackets"},
		{"Title: subtitle", "title-subtitle"},
		{"ALL CAPS", "all-caps"},
		{"Ends with dash -", "ends-with-dash--"},
		{"1) Numbered", "1-numbered"},
		{"Explicit wins {#my-id}", "my-id"},
		{"_Emphasis_ wins not {#_kept_}", "_kept_"},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			res := render(config.Default(), "## "+tt.heading+"\n")
			if len(res.Headings) != 1 {
				t.Fatalf("%d headings, want 1", len(res.Headings))
			}
			if got := res.Headings[0].ID; got != tt.want {
				t.Errorf("id %q, want %q (GitHub's)", got, tt.want)
			}
			if !strings.Contains(string(res.HTML), `id="`+tt.want+`"`) {
				t.Errorf("HTML lacks id %q:\n%s", tt.want, res.HTML)
			}
		})
	}
}

// TestDuplicateAnchors checks GitHub's numbering of repeated headings, its
// interplay with explicit ids, and that 20,000 identical headings are
// numbered -1 to -19999 in order (the numbering is linear: each base
// resumes where it stopped).
func TestDuplicateAnchors(t *testing.T) {
	res := render(config.Default(), "## Scope\n\n## Scope {#scope-2}\n\n## Scope\n\n## Scope\n\n## Scope-1\n")
	var got []string
	for _, h := range res.Headings {
		got = append(got, h.ID)
	}
	if want := "scope scope-2 scope-1 scope-3 scope-1-1"; strings.Join(got, " ") != want {
		t.Errorf("ids %q, want %q", strings.Join(got, " "), want)
	}

	const n = 20000
	res = render(config.Default(), strings.Repeat("## Same\n\n", n))
	if len(res.Headings) != n {
		t.Fatalf("%d headings, want %d", len(res.Headings), n)
	}
	for i, h := range res.Headings {
		want := "same"
		if i > 0 {
			want += "-" + strconv.Itoa(i)
		}
		if h.ID != want {
			t.Fatalf("heading %d: id %q, want %q", i, h.ID, want)
		}
	}
}

// TestGitHubAnchorAsToLower checks GitHubAnchor's rune-by-rune lowering
// against the whole string lowered first, on ASCII, other scripts, runes
// whose lower case is ASCII (the Kelvin sign, dotted I), and bytes that
// are not UTF-8.
func TestGitHubAnchorAsToLower(t *testing.T) {
	ref := func(text string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(text)) {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc):
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	for _, in := range []string{
		"", "  ", "3. Roles and Responsibilities", "_Best practices_", " A-Z a_z 0-9 !\"#$%&'()*+,./:;<=>?@[\\]^`{|}~\t\x7f ",
		"Übersicht der Änderungen", "ΣΊΣΥΦΟΣ Ελληνικά", "\u212a\u0130\u1e9e", "Café · naïve — “quoted”", "日本語 見出し", "a\xffb\xc3(c", "Ⅻ ① ٣",
		"\u00a0spaced\u2003out\u3000",
	} {
		if got, want := GitHubAnchor(in), ref(in); got != want {
			t.Errorf("GitHubAnchor(%q) = %q, want %q", in, got, want)
		}
	}
}
