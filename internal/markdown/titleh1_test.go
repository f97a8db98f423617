package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"handbook/internal/config"
	"handbook/internal/site"
)

// TestTitleHeading: a leading H1 repeating the title is not rendered; other
// H1s stay, and no search section is headed by the title.
func TestTitleHeading(t *testing.T) {
	tests := []struct {
		name, body string
		headings   string // "level:id ..." of the rendered headings
		sections   string // "anchor=heading|..." of the search sections
		titleID    string // the removed H1's id, which the title takes
	}{
		{"title repeated", "# Major Incident Procedure\n\nText.\n\n## 1. Purpose\n", "2:1-purpose", "=|1-purpose=1. Purpose", "major-incident-procedure"},
		{"case, punctuation and spaces ignored", "#  major-incident   procedure!\n\n## Scope\n", "2:scope", "scope=Scope", "major-incident---procedure"},
		{"after a paragraph", "Intro.\n\n# Major Incident Procedure\n\n## Scope\n", "2:scope", "=|scope=Scope", "major-incident-procedure"},
		{"another H1 stays", "# Incident Handling\n\n## Scope\n", "1:incident-handling 2:scope", "incident-handling=Incident Handling|scope=Scope", ""},
		{"only the first heading", "## Scope\n\n# Major Incident Procedure\n", "2:scope 1:major-incident-procedure", "scope=Scope|major-incident-procedure=", ""},
		{"H1 sections after the title", "# Major Incident Procedure\n\n# Scope\n\nA.\n\n# Roles\n\n## Lead\n", "1:scope 1:roles 2:lead", "scope=Scope|roles=Roles|lead=Lead", "major-incident-procedure"},
		{"GitHub numbering kept", "# Major Incident Procedure\n\n## Major Incident Procedure\n", "2:major-incident-procedure-1", "major-incident-procedure-1=", "major-incident-procedure"},
		{"a title H2 is not removed", "## Major Incident Procedure\n\nText.\n", "2:major-incident-procedure", "major-incident-procedure=", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &site.Document{Path: "content/x.md", Body: []byte(tt.body), BodyLine: 10}
			doc.Meta.Title = "Major Incident Procedure"
			res := New(config.Default()).Convert(doc, nil)
			var heads, secs []string
			for _, h := range res.Headings {
				heads = append(heads, string(rune('0'+h.Level))+":"+h.ID)
			}
			for _, s := range res.Sections {
				secs = append(secs, s.Anchor+"="+s.Heading)
			}
			if res.TitleID != tt.titleID {
				t.Errorf("TitleID %q, want %q", res.TitleID, tt.titleID)
			}
			if got := strings.Join(heads, " "); got != tt.headings {
				t.Errorf("headings %q, want %q", got, tt.headings)
			}
			if got := strings.Join(secs, "|"); got != tt.sections {
				t.Errorf("sections %q, want %q", got, tt.sections)
			}
			if strings.Count(string(res.HTML), "<h1") != strings.Count(tt.headings, "1:") {
				t.Errorf("HTML has %d h1, want %d:\n%s", strings.Count(string(res.HTML), "<h1"), strings.Count(tt.headings, "1:"), res.HTML)
			}
		})
	}
}

// TestSameTitle compares SameTitle with its definition (the letters and
// digits, lower case, equal) on random strings of letters of both cases,
// digits, punctuation, spaces, non-ASCII letters and broken UTF-8.
func TestSameTitle(t *testing.T) {
	key := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	parts := []string{"a", "A", "b", "B", "1", " ", "-", ".", "é", "É", "ß", "Σ", "σ", "ς", "\xff", "\u00a0", "٣", "İ", "K"}
	rng := rand.New(rand.NewPCG(11, 12))
	same := 0
	for range 50000 {
		var a, b strings.Builder
		for range rng.IntN(5) {
			a.WriteString(parts[rng.IntN(len(parts))])
		}
		for range rng.IntN(5) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		want := key(a.String()) == key(b.String())
		if got := SameTitle(a.String(), b.String()); got != want {
			t.Fatalf("SameTitle(%q, %q) = %v, want %v", a.String(), b.String(), got, want)
		}
		if want {
			same++
		}
	}
	if same < 1000 {
		t.Errorf("only %d pairs are the same title: the test tries too few", same)
	}
}
