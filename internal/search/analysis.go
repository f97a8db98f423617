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
			Tokenizer: fastTokenizer{slow: unicode.NewUnicodeTokenizer()},
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

// fastTokenizer splits text at word boundaries as bleve's Unicode
// tokenizer does (UAX #29, Unicode 8.0), but without its general
// machinery when the text holds only ASCII (no "_") and the typographic
// quotes and dashes of Markdown prose: letters and digits join, and so do
// letters around ":", ".", "'" or "’" and digits around ",", ";", "." or
// "'". Other text goes to bleve's tokenizer. Tokenising is most of the
// index's analysis; TestFastTokenizer holds the two to the same answers.
type fastTokenizer struct{ slow analysis.Tokenizer }

// Word break classes of the fast path.
const (
	wbOther = iota
	wbLetter
	wbDigit
	wbMidLetter    // ":"
	wbMidNum       // "," ";"
	wbMidNumLetter // "." "'" "‘" "’"
	wbUnknown      // anything the fast path does not know
)

// wordBreakClass classifies the character at b[i] and returns its length.
func wordBreakClass(b []byte, i int) (int, int) {
	c := b[i]
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return wbLetter, 1
	case c >= '0' && c <= '9':
		return wbDigit, 1
	case c == ':':
		return wbMidLetter, 1
	case c == ',' || c == ';':
		return wbMidNum, 1
	case c == '.' || c == '\'':
		return wbMidNumLetter, 1
	case c == '_':
		return wbUnknown, 1
	case c < 0x80:
		return wbOther, 1
	case c == 0xC2 && i+1 < len(b) && b[i+1] == 0xA0: // no-break space
		return wbOther, 2
	case c == 0xE2 && i+2 < len(b) && b[i+1] == 0x80:
		switch b[i+2] {
		case 0x98, 0x99: // ‘ ’
			return wbMidNumLetter, 3
		case 0x93, 0x94, 0x9C, 0x9D, 0xA6: // – — “ ” …
			return wbOther, 3
		}
	}
	return wbUnknown, 1
}

func (t fastTokenizer) Tokenize(input []byte) analysis.TokenStream {
	for i := 0; i < len(input); {
		c, w := wordBreakClass(input, i)
		if c == wbUnknown {
			return t.slow.Tokenize(input)
		}
		i += w
	}
	var out analysis.TokenStream
	pos := 0
	for i := 0; i < len(input); {
		c, w := wordBreakClass(input, i)
		if c != wbLetter && c != wbDigit {
			i += w
			continue
		}
		start, last, letters := i, c, c == wbLetter
		for i += w; i < len(input); {
			c2, w2 := wordBreakClass(input, i)
			if c2 == wbLetter || c2 == wbDigit {
				last, letters = c2, letters || c2 == wbLetter
				i += w2
				continue
			}
			if i+w2 < len(input) {
				c3, w3 := wordBreakClass(input, i+w2)
				if last == wbLetter && c3 == wbLetter && (c2 == wbMidLetter || c2 == wbMidNumLetter) ||
					last == wbDigit && c3 == wbDigit && (c2 == wbMidNum || c2 == wbMidNumLetter) {
					i += w2 + w3
					continue
				}
			}
			break
		}
		pos++
		typ := analysis.Numeric
		if letters {
			typ = analysis.AlphaNumeric
		}
		out = append(out, &analysis.Token{Term: input[start:i], Start: start, End: i, Position: pos, Type: typ})
	}
	return out
}
