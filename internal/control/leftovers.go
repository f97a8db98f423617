package control

import (
	"strings"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

// Leftovers finds the plain-text template leftovers a site lists
// (leftovers: in handbook.yaml) in the text readers see: the title and the
// body outside code, after the configured placeholders are replaced, so
// that "[Service Provider]", which is replaced, is not a leftover while a
// bare "Service Provider" is.
type Leftovers struct {
	texts    []string
	replacer *strings.Replacer
}

// NewLeftovers prepares the search for cfg's leftovers; nil when it has none.
func NewLeftovers(cfg *config.Config) *Leftovers {
	if len(cfg.Leftovers) == 0 {
		return nil
	}
	return &Leftovers{texts: cfg.Leftovers, replacer: markdown.Placeholders(cfg)}
}

// Find reports each leftover in d at its line (none when l is nil).
func (l *Leftovers) Find(d *site.Document) []*diag.Diagnostic {
	if l == nil {
		return nil
	}
	var out []*diag.Diagnostic
	scan := func(text string, line int) {
		text = l.replacer.Replace(text)
		for _, t := range l.texts {
			if containsWord(text, t) {
				out = append(out, diag.Warnf(d.Path, line, "template leftover %q (listed under leftovers: in handbook.yaml): write the real text", t))
			}
		}
	}
	scan(d.Meta.Title, d.Line("title"))
	for i, line := range prose(strings.Split(string(d.Body), "\n")) {
		scan(line, d.BodyLine+i)
	}
	return out
}

// containsWord reports whether t occurs in s not as part of a longer word
// (at the ends of t that are letters or digits).
func containsWord(s, t string) bool {
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], t)
		if i < 0 {
			return false
		}
		start, end := off+i, off+i+len(t)
		if !(wordAt(t, 0) && wordBefore(s, start)) && !(wordAt(t, len(t)-1) && wordAfter(s, end)) {
			return true
		}
		off = start + 1
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func wordAt(t string, i int) bool     { return len(t) > 0 && isWordByte(t[i]) }
func wordBefore(s string, i int) bool { return i > 0 && isWordByte(s[i-1]) }
func wordAfter(s string, i int) bool  { return i < len(s) && isWordByte(s[i]) }
