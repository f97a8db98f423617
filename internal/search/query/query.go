package query

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// QueryError is a query the index cannot answer; its message says why in
// words a reader understands (HTTP 400).
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

func QueryErrorf(format string, args ...any) error {
	return &QueryError{fmt.Sprintf(format, args...)}
}

// lexicon answers what the query parser needs to know of the index.
type lexicon interface {
	// stems returns a word's stems and whether the index has the word.
	stems(word string) ([]string, bool)
	corrections(word string) []string
	expand(prefix string) []string
	hasID(id string) bool
}

// leaf is one term in one field.
type leaf struct {
	field string
	term  string
	boost float64
	word  int // the group (word of the query) it came from
}

// group is a list of leaves. The parser makes one per word of the query:
// its stem (or the stems of its corrections or completions) in each text
// field, and for an id or a clause number the exact keyword. The query
// regroups them by field (fieldGroups).
type group []leaf

// phrase is a quoted phrase: at each position the stems it may have there
// ("" where a stop word was).
type phrase [][]string

// plan is a parsed query.
type plan struct {
	groups  []group
	phrases []phrase // filters: every phrase must occur in one field
	// required are the groups of quoted words: each must match (a quoted
	// single word is only that, no phrase)
	required []int
	types    []string // filter: any of these types
	clause   string   // filter: this clause or one below it
	// stems to highlight
	marks map[string]bool
	// words the index does not have: corrected (typos), or not (unknown)
	typos, unknown []string
}

var (
	idLike     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$`)
	clauseLike = regexp.MustCompile(`^[0-9]+(\.[0-9]+)+$`)
)

// parse reads a query: words (any of them; more matches rank higher),
// "quoted phrases" (must occur), prefix* (at least minPrefix letters),
// type:NAME and clause:NUMBER filters.
func parse(q string, w *analysis.Words, lex lexicon) (*plan, error) {
	if len(q) > format.MaxQueryBytes {
		return nil, QueryErrorf("The query is too long: at most %d characters, please.", format.MaxQueryBytes)
	}
	if !utf8.ValidString(q) {
		return nil, QueryErrorf("The query is not valid UTF-8 text.")
	}
	p := &plan{marks: map[string]bool{}}
	seen := map[string]int{}
	bare, phrases := splitPhrases(q)
	for _, ph := range phrases {
		if err := p.addPhrase(ph, w, lex, seen); err != nil {
			return nil, err
		}
	}
	for _, tok := range strings.Fields(bare) {
		if err := p.addToken(tok, w, lex, seen); err != nil {
			return nil, err
		}
	}
	if len(p.groups)+len(p.phrases) > format.MaxWords {
		return nil, QueryErrorf("The query has too many words: at most %d, please.", format.MaxWords)
	}
	if len(p.groups) == 0 {
		return nil, QueryErrorf("Nothing to search for: type a word that is not a common word such as \"the\" or \"how\".")
	}
	return p, nil
}

// splitPhrases separates "quoted phrases" from the rest; an unclosed
// quote runs to the end (as it does while someone is typing).
func splitPhrases(q string) (string, []string) {
	var bare strings.Builder
	var phrases []string
	for {
		i := strings.IndexAny(q, `"“”`)
		if i < 0 {
			bare.WriteString(q)
			return bare.String(), phrases
		}
		bare.WriteString(q[:i] + " ")
		_, size := utf8.DecodeRuneInString(q[i:])
		q = q[i+size:]
		j := strings.IndexAny(q, `"“”`)
		if j < 0 {
			return bare.String(), append(phrases, q)
		}
		phrases = append(phrases, q[:j])
		_, size = utf8.DecodeRuneInString(q[j:])
		q = q[j+size:]
	}
}

func (p *plan) addToken(tok string, w *analysis.Words, lex lexicon, seen map[string]int) error {
	if name, val, ok := strings.Cut(tok, ":"); ok && val != "" {
		switch strings.ToLower(name) {
		case "type":
			p.types = append(p.types, strings.ToLower(val))
			return nil
		case "clause":
			if !clauseLike.MatchString(val) && !isDigits(val) {
				return QueryErrorf("%q is not a clause number (such as 8.6 or 8.6.1).", val)
			}
			p.clause = val
			return nil
		}
	}
	if strings.HasSuffix(tok, "*") {
		return p.addPrefix(tok, w, lex, seen)
	}
	if idLike.MatchString(tok) && lex.hasID(strings.ToLower(tok)) {
		p.groups = append(p.groups, group{{field: format.FieldID, term: strings.ToLower(tok), boost: format.BoostID}})
		return nil
	}
	for _, t := range w.Split(tok) {
		p.addWord(string(t.Term), lex, seen)
	}
	return nil
}

func (p *plan) addPrefix(tok string, w *analysis.Words, lex lexicon, seen map[string]int) error {
	toks := w.Split(strings.TrimRight(tok, "*"))
	// the letters before the star (stop words are fine here: "ma*")
	prefix := strings.ToLower(strings.TrimRight(tok, "*"))
	if len(toks) > 0 {
		prefix = string(toks[len(toks)-1].Term)
		for _, t := range toks[:len(toks)-1] {
			p.addWord(string(t.Term), lex, seen)
		}
	}
	if utf8.RuneCountInString(prefix) < format.MinPrefix || !isWord(prefix) {
		return QueryErrorf("Put at least %d letters before a *, as in incid*.", format.MinPrefix)
	}
	if _, dup := seen["*"+prefix]; dup {
		return nil
	}
	seen["*"+prefix] = len(p.groups)
	p.groups = append(p.groups, p.textGroup(lex.expand(prefix), format.BoostPrefix))
	return nil
}

// addWord adds the group of one word, once, and returns its index.
func (p *plan) addWord(word string, lex lexicon, seen map[string]int) int {
	sts, known := lex.stems(word)
	key := strings.Join(sts, " ")
	if i, dup := seen[key]; dup {
		return i
	}
	seen[key] = len(p.groups)
	g := group(nil)
	switch {
	case known:
		g = p.textGroup(sts, 1)
	case len(lex.corrections(word)) > 0:
		g = p.textGroup(lex.corrections(word), format.BoostTypo)
		p.typos = append(p.typos, word)
	default:
		g = p.textGroup(sts, 1) // matches nothing, but counts
		p.unknown = append(p.unknown, word)
	}
	if clauseLike.MatchString(word) {
		g = append(g, leaf{field: format.FieldClause, term: word, boost: format.BoostClause})
	}
	p.groups = append(p.groups, g)
	return len(p.groups) - 1
}

// textGroup is the group of stems in the text fields.
func (p *plan) textGroup(stems []string, boost float64) group {
	var g group
	for _, st := range stems {
		p.marks[st] = true
		g = append(g,
			leaf{field: format.FieldTitle, term: st, boost: format.BoostTitle * boost},
			leaf{field: format.FieldHeading, term: st, boost: format.BoostHeading * boost},
			leaf{field: format.FieldText, term: st, boost: format.BoostText * boost},
			leaf{field: format.FieldTags, term: st, boost: format.BoostTags * boost})
	}
	return g
}

func (p *plan) addPhrase(text string, w *analysis.Words, lex lexicon, seen map[string]int) error {
	toks := w.Split(text)
	if len(toks) == 0 {
		return nil
	}
	var ph phrase
	last := toks[0].Position - 1
	for _, t := range toks {
		for ; last+1 < t.Position; last++ {
			ph = append(ph, []string{""})
		}
		last = t.Position
		word := string(t.Term)
		alts, known := lex.stems(word)
		if !known {
			if c := lex.corrections(word); len(c) > 0 {
				alts = c
			}
		}
		ph = append(ph, alts)
		if g := p.addWord(word, lex, seen); !slices.Contains(p.required, g) {
			p.required = append(p.required, g)
		}
	}
	if len(ph) > 1 { // a quoted word is a word that must be there
		p.phrases = append(p.phrases, ph)
	}
	return nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// isWord reports whether s has no wildcard or other query syntax left.
func isWord(s string) bool { return !strings.ContainsAny(s, "*?") }

// fieldGroups regroups the words' leaves by field, fields in the order
// they first appear, leaves in the order of the words. Scored as nested
// disjunctions, a record then gains by the share of the query's words each
// field has (a heading with both words beats one with either) and by the
// share of fields that have any; grouped by word, a word found in the
// title, the tags and a heading at once outweighed everything else.
func (p *plan) fieldGroups() []group {
	var fields []string
	by := map[string]group{}
	for wi, g := range p.groups {
		for _, l := range g {
			l.word = wi
			if _, ok := by[l.field]; !ok {
				fields = append(fields, l.field)
			}
			by[l.field] = append(by[l.field], l)
		}
	}
	out := make([]group, len(fields))
	for i, f := range fields {
		out[i] = by[f]
	}
	return out
}
