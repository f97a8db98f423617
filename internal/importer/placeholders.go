package importer

import (
	"regexp"
	"strings"
)

// bracketed matches a toolkit-style placeholder: a short bracketed phrase
// starting with a capital letter or "all" ("[Organization Name]",
// "[Insert Date]", "[all]"), not a link's text, a task box or a footnote.
var bracketed = regexp.MustCompile(`\[\s*(?:[A-Z][^\[\]\n]{1,60}|all)\s*\]([(\[:]?)`)

// barePlaceholder matches the toolkit placeholders without brackets (and
// one never closed) that check also reports.
var barePlaceholder = regexp.MustCompile(`Insert Company Name|\[\s*Service Provider\.\.`)

// checkedPlaceholder matches the placeholders `handbook check` reports when
// handbook.yaml does not replace them (internal/validate's
// toolkitPlaceholder): only these keep an imported document a draft.
var checkedPlaceholder = regexp.MustCompile(`^(?:\[\s*(?:Insert [^\]\n]{1,60}|Organi[sz]ation Name|Company Name|Service Provider(?:\.\.)?|All|all)\s*\]|\[\s*Service Provider\.\.|Insert Company Name)$`)

// findPlaceholders returns each placeholder occurrence in text outside
// code: bracketed phrases, and the keys of handbook.yaml's placeholders.
func findPlaceholders(text string, known map[string]string) []string {
	var out []string
	for _, line := range proseLines(text) {
		covered := make([]bool, len(line))
		for k := range known {
			for off := 0; ; {
				i := strings.Index(line[off:], k)
				if i < 0 {
					break
				}
				out = append(out, k)
				for j := off + i; j < off+i+len(k); j++ {
					covered[j] = true
				}
				off += i + len(k)
			}
		}
		for _, m := range barePlaceholder.FindAllStringIndex(line, -1) {
			if !covered[m[0]] {
				out = append(out, line[m[0]:m[1]])
			}
		}
		for _, m := range bracketed.FindAllStringSubmatchIndex(line, -1) {
			if m[3] > m[2] || covered[m[0]] || (m[0] > 0 && strings.ContainsRune("!][", rune(line[m[0]-1]))) {
				continue // a link, a link's label, an image, a wiki link, or a reference definition
			}
			out = append(out, line[m[0]:m[2]])
		}
	}
	return out
}

// proseLines returns the lines of Markdown text outside fenced code, with
// inline code spans blanked.
func proseLines(text string) []string {
	var out []string
	fence := ""
	for _, line := range strings.Split(text, "\n") {
		trim := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
			out = append(out, "")
			continue
		}
		if f := fenceOf(trim); f != "" {
			fence = f
			out = append(out, "")
			continue
		}
		out = append(out, blankCode(line))
	}
	return out
}

// fenceOf returns the fence a line opens (``` or ~~~), or "".
func fenceOf(trim string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(trim, f) {
			return f
		}
	}
	return ""
}

// blankCode replaces inline code spans with spaces, keeping offsets.
func blankCode(line string) string {
	if !strings.Contains(line, "`") {
		return line
	}
	b := []byte(line)
	in := false
	for i, c := range b {
		if c == '`' {
			in = !in
			b[i] = ' '
			continue
		}
		if in {
			b[i] = ' '
		}
	}
	return string(b)
}
