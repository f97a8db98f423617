package search

import (
	"bytes"
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// words splits text into the words the index knows: bleve's English
// analysis ("en": Unicode word boundaries, possessives stripped, lower
// case, English stop words removed) without its last step, the Porter
// stemmer, which stemmer applies with a cache. Keeping the surface words
// gives the vocabulary that corrects typos, and the static search looks
// words up in it instead of stemming them in JavaScript.
type words struct {
	analysis.DefaultAnalyzer
	stop analysis.TokenMap
}

func newWords() (*words, error) {
	stopWords, err := registry.NewCache().TokenMapNamed(en.StopName)
	if err != nil {
		return nil, fmt.Errorf("english stop words: %w", err)
	}
	return &words{
		DefaultAnalyzer: analysis.DefaultAnalyzer{
			Tokenizer: unicode.NewUnicodeTokenizer(),
			TokenFilters: []analysis.TokenFilter{
				en.NewPossessiveFilter(),
				lowercase.NewLowerCaseFilter(),
				stop.NewStopTokensFilter(stopWords),
			},
		},
		stop: stopWords,
	}, nil
}

// split returns the words of text (lower case, stop words removed).
func (w *words) split(text string) analysis.TokenStream {
	return w.Analyze([]byte(text))
}

// stemmer is bleve's Porter stemmer with a cache; it is not safe for
// concurrent use (each worker has its own).
type stemmer map[string]string

func (s stemmer) stem(word []byte) string {
	if st, ok := s[string(word)]; ok {
		return st
	}
	st := stem(word)
	s[string(word)] = st
	return st
}

// stem is what bleve's "en" analyzer does last to a lower-case word.
func stem(word []byte) string {
	return string(porterstemmer.StemWithoutLowerCasing(bytes.Runes(word)))
}
