package analysis

import (
	"handbook/internal/search"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ca"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/ga"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/token/elision"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	// the analysers of the languages below register themselves
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ckb"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"
)

// Language analysis. Every text goes through the same steps, in this
// order, on the server, in the static index and in the browser (which
// reads the lists from meta.json; static/js/search.js):
//
//  1. words at Unicode word boundaries (fastTokenizer);
//  2. lower case;
//  3. elision: a leading article and apostrophe go ("l'incident",
//     "d’astreinte", "qu'il", "dell'impianto"), the articles of bleve's
//     elision filters (French, Italian, Catalan, Irish) for every language;
//  4. possessive: a trailing "'s" goes ("supplier's");
//  5. the document language's stop words are left out (positions still
//     count them), and its bleve stemmer gives the index term;
//  6. accents are folded (NFD, marks removed): the term, and the word the
//     vocabulary keeps, so that procedure finds procédure.
//
// A query has no language: its words are looked up in the vocabulary,
// which gives each word's stems in every language it occurs in, and it
// leaves out the stop words of every language the handbook uses.

// apostrophes are the characters that end an elided article or start a
// possessive.
const Apostrophes = "'’＇"

// DefaultLang is the language of a handbook that names none.
const DefaultLang = "en"

// languages are the bleve analysers this package uses, by BCP 47 primary
// language subtag; aliases name the same analyser.
var (
	supportedLangs = []string{"ar", "ckb", "da", "de", "en", "es", "fa", "fi", "fr", "hi", "hr", "hu", "it", "nl", "no", "pt", "ro", "ru", "sv", "tr"}
	langAliases    = map[string]string{"nb": "no", "nn": "no"}
)

// LangOf returns the analyser of a BCP 47 tag ("fr-CA" → "fr") and whether
// one exists; an empty tag is DefaultLang. A tag without an analyser is
// analysed neutrally (no stop words, no stemming).
func LangOf(tag string) (string, bool) {
	if tag == "" {
		return DefaultLang, true
	}
	primary, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(tag, "_", "-")), "-")
	if a, ok := langAliases[primary]; ok {
		primary = a
	}
	if slices.Contains(supportedLangs, primary) {
		return primary, true
	}
	return "", false
}

// ElisionArticles is the union of bleve's elision articles.
func ElisionArticles() ([]string, error) {
	cache := registry.NewCache()
	set := map[string]bool{}
	for _, name := range []string{fr.ArticlesName, it.ArticlesName, ca.ArticlesName, ga.ArticlesName} {
		m, err := cache.TokenMapNamed(name)
		if err != nil {
			return nil, err
		}
		for a := range m {
			set[a] = true
		}
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	slices.Sort(out)
	return out, nil
}

// normaliser applies steps 2 to 4 to a word.
type normaliser struct{ articles map[string]bool }

func newNormaliser() (normaliser, error) {
	as, err := ElisionArticles()
	if err != nil {
		return normaliser{}, err
	}
	n := normaliser{articles: map[string]bool{}}
	for _, a := range as {
		n.articles[a] = true
	}
	return n, nil
}

// Word lowers, un-elides and strips the possessive of a token's text.
func (n normaliser) Word(term []byte) []byte { return n.word(term, false) }

// word is Word, lowering ASCII term in place if inPlace (a copy if not).
func (n normaliser) word(term []byte, inPlace bool) []byte {
	plain := true // most words: lower-case ASCII without an apostrophe
	for _, c := range term {
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf || c == '\'' {
			plain = false
			break
		}
	}
	if plain {
		return term
	}
	term = lowerBytes(term, inPlace)
	for i := 0; i < len(term); {
		if c := term[i]; c < utf8.RuneSelf && c != '\'' { // most characters
			i++
			continue
		}
		r, size := utf8.DecodeRune(term[i:])
		if strings.ContainsRune(Apostrophes, r) {
			if n.articles[string(term[:i])] && i+size < len(term) {
				term = term[i+size:]
			}
			break
		}
		i += size
	}
	if len(term) > 1 && term[len(term)-1] == 's' {
		r, size := utf8.DecodeLastRune(term[:len(term)-1])
		if strings.ContainsRune(Apostrophes, r) && len(term)-1-size > 0 {
			term = term[:len(term)-1-size]
		}
	}
	return term
}

// lowerBytes is bleve's lower-case filter on one term; ASCII is lowered
// in place if inPlace, else in a copy if it has capitals.
func lowerBytes(term []byte, inPlace bool) []byte {
	for _, c := range term {
		if c >= utf8.RuneSelf {
			ts := lowercase.NewLowerCaseFilter().Filter(analysis.TokenStream{{Term: term}})
			return ts[0].Term
		}
	}
	out := term
	for i, c := range term {
		if c >= 'A' && c <= 'Z' {
			if !inPlace && &out[0] == &term[0] {
				out = append([]byte(nil), term...)
			}
			out[i] = c + 'a' - 'A'
		}
	}
	return out
}

// foldChain is NFD, marks removed, NFC; transformers are not safe for
// concurrent use, so each call makes its own.
func foldChain() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// fold removes accents (step 6): "procédure" → "procedure".
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			out, _, err := transform.String(foldChain(), s)
			if err != nil {
				return s
			}
			return out
		}
	}
	return s
}

// language is one analyser's stop words and stemming (step 5).
type language struct {
	name    string
	stop    analysis.TokenMap // nil: none
	filters []analysis.TokenFilter
}

// newLanguage takes bleve's analyser of name apart: its stop words, and
// the filters after them (normalisation, stemming). name "" is neutral.
func newLanguage(cache *registry.Cache, name string) (*language, error) {
	l := &language{name: name}
	if name == "" {
		return l, nil
	}
	a, err := cache.AnalyzerNamed(name)
	if err != nil {
		return nil, err
	}
	if l.stop, err = cache.TokenMapNamed("stop_" + name); err != nil {
		return nil, err
	}
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return l, nil
	}
	for _, f := range da.TokenFilters {
		switch f.(type) {
		case *lowercase.LowerCaseFilter, *elision.ElisionFilter, *en.PossessiveFilter, *stop.StopTokensFilter:
			continue
		}
		l.filters = append(l.filters, f)
	}
	return l, nil
}

// isStop reports whether a normalised word is a stop word of l.
func (l *language) isStop(word []byte) bool {
	_, ok := l.stop[string(word)]
	return ok
}

// stem is the folded index term of a normalised word that is no stop word.
func (l *language) stem(word []byte) string {
	if l.name == "en" { // bleve's porter filter, without its token stream
		return fold(stem(word))
	}
	ts := analysis.TokenStream{{Term: append([]byte(nil), word...), Type: analysis.AlphaNumeric}}
	for _, f := range l.filters {
		ts = f.Filter(ts)
	}
	if len(ts) == 0 || len(ts[0].Term) == 0 {
		return fold(string(word))
	}
	return fold(string(ts[0].Term))
}

// languages holds the analysers met, each made once.
type languages struct {
	mu    sync.Mutex
	cache *registry.Cache
	by    map[string]*language
}

func newLanguages() *languages {
	return &languages{cache: registry.NewCache(), by: map[string]*language{}}
}

// Get returns the analyser of a document's language tag (neutral if none).
func (ls *languages) Get(tag string) (*language, error) {
	name, _ := LangOf(tag)
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if l, ok := ls.by[name]; ok {
		return l, nil
	}
	l, err := newLanguage(ls.cache, name)
	if err != nil {
		return nil, err
	}
	ls.by[name] = l
	return l, nil
}

// StopWords is the union of the stop words of the languages of docs
// (DefaultLang for none), folded and sorted: what a query leaves out.
func StopWords(docs []search.Document) ([]string, error) {
	tags := map[string]bool{}
	for i := range docs {
		tags[docs[i].Lang] = true
	}
	if len(tags) == 0 {
		tags[""] = true
	}
	ls := newLanguages()
	set := map[string]bool{}
	for tag := range tags {
		l, err := ls.Get(tag)
		if err != nil {
			return nil, err
		}
		for w := range l.stop {
			set[fold(w)] = true
		}
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out, nil
}

// DocLanguages returns the analyser of each document.
func DocLanguages(docs []search.Document) ([]*language, error) {
	ls := newLanguages()
	out := make([]*language, len(docs))
	for i := range docs {
		l, err := ls.Get(docs[i].Lang)
		if err != nil {
			return nil, err
		}
		out[i] = l
	}
	return out, nil
}
