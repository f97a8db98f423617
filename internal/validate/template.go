package validate

import (
	"regexp"
	"strings"
)

// templateText matches the bracketed instructions templates leave for
// their authors: "[job title]", "[Insert the date]", "[REPLACE WITH the
// owner]", "<insert name here>". A bracket of words (letters, spaces,
// ' / - . …) of 2 to 40 characters; an instruction (insert, replace, enter,
// ...) up to 80; angle brackets only around an instruction.
var templateText = regexp.MustCompile(`(?i)` +
	`\[\s*(?:insert|replace|enter|add|type|specify|fill in|your|name of)\b[^\[\]\n]{0,80}\]` +
	`|\[[\p{L}][\p{L}' /.…-]{1,39}\]` +
	`|<\s*(?:insert|replace|enter|add|type|specify|fill in)\b[^<>\n]{0,80}>`)

// notTemplate are bracketed words of ordinary prose.
var notTemplate = map[string]bool{"sic": true, "sic!": true, "emphasis added": true, "citation needed": true}

// TemplateText finds the template text in s, a run of prose outside code
// that the configured placeholders were already replaced in: the start and
// end of each. The toolkit placeholders ("[Organization Name]", "[Insert
// ...]") are left out: Site reports them, as errors in approved documents.
func TemplateText(s string) [][2]int {
	if !strings.ContainsAny(s, "[<") {
		return nil
	}
	var out [][2]int
	for _, loc := range templateText.FindAllStringIndex(s, -1) {
		m := s[loc[0]:loc[1]]
		inner := strings.ToLower(strings.TrimSpace(m[1 : len(m)-1]))
		nested := loc[0] > 0 && s[loc[0]-1] == '[' || loc[1] < len(s) && s[loc[1]] == ']' // [[wiki]]
		if nested || notTemplate[inner] || toolkitPlaceholder.MatchString(m) {
			continue
		}
		out = append(out, [2]int{loc[0], loc[1]})
	}
	return out
}
