package validate

import (
	"bytes"
	"regexp"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/site"
)

// toolkitPlaceholder matches the placeholders of document toolkits:
// bracketed "[Organization Name]", "[Insert ...]", "[Service Provider]",
// "[All]", and the bare "Insert Company Name".
var toolkitPlaceholder = regexp.MustCompile(`\[\s*(?:Insert [^\]\n]{1,60}|Organi[sz]ation Name|Company Name|Service Provider(?:\.\.)?|All|all)\s*\]|\[\s*Service Provider\.\.|Insert Company Name`)

// placeholders reports toolkit placeholders that handbook.yaml does not
// replace: an error in an approved document, a warning in a draft.
func placeholders(d *site.Document, cfg *config.Config) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	report := diag.Errorf
	if d.Meta.Status != "approved" {
		report = diag.Warnf
	}
	scan := func(line []byte, at int) {
		if !mayHavePlaceholder(line) {
			return
		}
		for _, loc := range toolkitPlaceholder.FindAllIndex(line, -1) {
			if !replaced(cfg, line, loc) {
				out = append(out, report(d.Path, at, "placeholder %q is not replaced (map it under placeholders: in handbook.yaml)", line[loc[0]:loc[1]]))
			}
		}
	}
	// The title is rendered with placeholders replaced, like the body.
	scan([]byte(d.Meta.Title), d.Line("title"))
	// The quick test of the whole body passes when that of one of its
	// lines does (it sees the same bytes, and more after a bracket): most
	// bodies have no line to look at (0.04 s of CPU at 10,000 documents).
	if !mayHavePlaceholder(d.Body) {
		return out
	}
	for i, line := range bytes.Split(d.Body, []byte("\n")) {
		scan(line, d.BodyLine+i)
	}
	return out
}

// mayHavePlaceholder is a quick test that toolkitPlaceholder may match
// line: every match is "Insert Company Name" or starts with "[", spaces,
// and the first word of a bracketed placeholder (placeholderStarts). It
// spares the regular expression all but the lines with such a bracket
// (a link's text, "[Availability Management](...)", passed a test of the
// first letter alone: 0.15 s of a 10,000-document build).
func mayHavePlaceholder(line []byte) bool {
	if bytes.Contains(line, []byte("Insert Company Name")) {
		return true
	}
	for i := bytes.IndexByte(line, '['); i >= 0; {
		rest := bytes.TrimLeft(line[i+1:], " \t\n\f\r\v") // at least \s
		for _, p := range placeholderStarts {
			if bytes.HasPrefix(rest, p) {
				return true
			}
		}
		j := bytes.IndexByte(line[i+1:], '[')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// placeholderStarts are the beginnings of toolkitPlaceholder's bracketed
// alternatives.
var placeholderStarts = [][]byte{[]byte("Insert "), []byte("Organi"), []byte("Company Name"),
	[]byte("Service Provider"), []byte("All"), []byte("all")}

// replaced reports whether a configured placeholder covers the match.
func replaced(cfg *config.Config, line []byte, loc []int) bool {
	for k, v := range cfg.Placeholders {
		if v == "" {
			continue
		}
		for off := 0; ; {
			i := bytes.Index(line[off:], []byte(k))
			if i < 0 {
				break
			}
			start := off + i
			if start <= loc[0] && start+len(k) >= loc[1] {
				return true
			}
			off = start + 1
		}
	}
	return false
}
