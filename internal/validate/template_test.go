package validate

import (
	"slices"
	"testing"
)

// TestTemplateText finds template text and leaves prose, and the toolkit
// placeholders that Site reports, alone.
func TestTemplateText(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"The [job title] signs.", []string{"[job title]"}},
		{"By [Date of approval] at the latest.", []string{"[Date of approval]"}},
		{"[REPLACE WITH the owner's role]", []string{"[REPLACE WITH the owner's role]"}},
		{"[Enter 3 names]", []string{"[Enter 3 names]"}},
		{"Send it to <insert name here>.", []string{"<insert name here>"}},
		{"<Replace with the team>", []string{"<Replace with the team>"}},
		{"[Insert the review frequency]", nil}, // a toolkit placeholder: Site reports it
		{"[Organization Name] and [All]", nil}, // likewise
		{"[sic] and [Emphasis added]", nil},
		{"[x], [1], [ ], [a1b2]", nil},
		{"[[SMS-POL-001]] and [[wiki page]]", nil},
		{"<div> and <b>bold</b>", nil},
		{"[a long bracket that goes on for far too many words to be a field]", nil},
		{"no brackets", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, loc := range TemplateText(tt.text) {
			got = append(got, tt.text[loc[0]:loc[1]])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: found %q, want %q", tt.text, got, tt.want)
		}
	}
}
