package analysis

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// Words splits text into the words the index knows (lang.go): Unicode
// word boundaries, then lower case, elision and possessive (tokens), and
// for queries and highlighting also accents folded and the stop words of
// the handbook's languages left out (split). The stemmers are not applied
// here: the vocabulary gives each word's stems, so the static search
// looks words up in it instead of stemming them in JavaScript.
type Words struct {
	tokenizer fastTokenizer
	norm      normaliser
	Stop      map[string]bool // folded
}

// NewWords splits with the given (folded) stop words.
func NewWords(stop []string) (*Words, error) {
	n, err := newNormaliser()
	if err != nil {
		return nil, err
	}
	w := &Words{tokenizer: fastTokenizer{slow: unicode.NewUnicodeTokenizer()}, norm: n, Stop: map[string]bool{}}
	for _, s := range stop {
		w.Stop[s] = true
	}
	return w, nil
}

// normalised calls fn with the normalised words of text (not folded,
// stop words kept) and their positions: what a language's analyser
// indexes. It copies text into *buf and lowers the words there: a term
// fn is given is valid until fn returns.
func (w *Words) normalised(text string, buf *[]byte, fn func(term []byte, pos int)) {
	*buf = append((*buf)[:0], text...)
	w.tokenizer.each(*buf, func(term []byte, _, _, pos int, _ analysis.TokenType) {
		fn(w.norm.word(term, true), pos)
	})
}

// Split returns the words of text as the vocabulary has them (folded),
// stop words removed.
func (w *Words) Split(text string) analysis.TokenStream {
	var out analysis.TokenStream
	w.Each(text, func(term []byte, start, end, pos int) {
		out = append(out, &analysis.Token{Term: term, Start: start, End: end, Position: pos})
	})
	return out
}

// Each calls fn with each word split returns, without making the stream.
func (w *Words) Each(text string, fn func(term []byte, start, end, pos int)) {
	w.tokenizer.each([]byte(text), func(term []byte, start, end, pos int, _ analysis.TokenType) {
		term = w.norm.Word(term)
		if !isASCII(term) {
			term = []byte(fold(string(term)))
		}
		if !w.Stop[string(term)] {
			fn(term, start, end, pos)
		}
	})
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Stemmer caches each language's words with what the analysis makes of
// them, and counts the words of the vocabulary; it is not safe for
// concurrent use (each worker has its own).
type Stemmer struct {
	words map[*language]*wordTable
	vocab map[VocabKey]*vocabCell
	stems map[string]*stemCell
}

// NewStemmer returns an empty Stemmer.
func NewStemmer() *Stemmer {
	return &Stemmer{words: map[*language]*wordTable{}, vocab: map[VocabKey]*vocabCell{}, stems: map[string]*stemCell{}}
}

// wordTable is a language's words with what the analysis makes of them
// (all), and the last word looked up in each slot of recent, a slot being
// a function of a word's length and a few of its bytes: the frequent
// words of a text are found there, in a few bytes the processor keeps at
// hand, rather than in all's hash table, hundreds of thousands of words
// of which few are in the processor's cache.
type wordTable struct {
	all    map[string]*stemmed
	recent [RecentSlots]*stemmed
}

// RecentSlots is the size of a table of recent keys (wordTable's recent
// words, the static index's recent terms), RecentSlot a key's slot in it.
const (
	recentBits  = 12
	RecentSlots = 1 << recentBits
)

// RecentSlot is key's slot in a table of RecentSlots recent keys: a hash
// of its length and five of its bytes, so cheap that a frequent key is
// found there sooner than in a map.
func RecentSlot[K ~string | ~[]byte](key K) int {
	n := len(key)
	if n == 0 {
		return 0
	}
	h := uint32(n) | uint32(key[0])<<8 | uint32(key[n/2])<<16 | uint32(key[n-1])<<24
	h ^= uint32(key[n/3]) | uint32(key[(2*n)/3])<<8
	return int((h * 0x9E3779B1) >> (32 - recentBits)) // Fibonacci hashing
}

// stemmed is what the analysis makes of a normalised word of a language:
// whether it is a stop word, and its word of the vocabulary (folded form
// and stem) and its stem, each shared by the words that have it.
type stemmed struct {
	word  string // the normalised word
	stop  bool
	vocab *vocabCell
	stem  *stemCell
}

// vocabCell counts a word of the vocabulary in the document analysed,
// and in all the documents analysed before it (total).
type vocabCell struct {
	key      VocabKey
	n, total int
}

// stemCell is an index term and where the field being filled counts it
// (TermField.add): the field's serial and the term's slot in it.
type stemCell struct {
	stem   string
	bytes  []byte // stem, shared by bleve's terms (made for them): never changed
	serial int
	slot   int
}

// Stem returns the folded word and stem of a normalised word of l.
func (s *Stemmer) Stem(l *language, word []byte) VocabKey {
	return s.lookup(s.wordsOf(l), l, word).vocab.key
}

// wordsOf is the table of l's words lookup takes, made on first use.
func (s *Stemmer) wordsOf(l *language) *wordTable {
	t := s.words[l]
	if t == nil {
		t = &wordTable{all: map[string]*stemmed{}}
		s.words[l] = t
	}
	return t
}

// lookup returns what the analysis makes of a normalised word of l, made
// once per word: a word's stem is a function of its language and itself.
// t is wordsOf(l), taken once per text by a caller with many words.
func (s *Stemmer) lookup(t *wordTable, l *language, word []byte) *stemmed {
	slot := &t.recent[RecentSlot(word)]
	if w := *slot; w != nil && w.word == string(word) {
		return w
	}
	w, ok := t.all[string(word)]
	if !ok {
		w = s.made(l, string(word))
		t.all[w.word] = w
	}
	*slot = w
	return w
}

// made is what the analysis makes of word, a normalised word of l new to
// the table.
func (s *Stemmer) made(l *language, word string) *stemmed {
	k := VocabKey{fold(word), l.stem([]byte(word))}
	vc := s.vocab[k]
	if vc == nil {
		vc = &vocabCell{key: k}
		s.vocab[k] = vc
	}
	sc := s.stems[k.Stem]
	if sc == nil {
		sc = &stemCell{stem: k.Stem}
		s.stems[k.Stem] = sc
	}
	return &stemmed{word: word, stop: l.isStop([]byte(word)), vocab: vc, stem: sc}
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

// asciiClass is the word break class of each ASCII character.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			t[c] = wbLetter
		case c >= '0' && c <= '9':
			t[c] = wbDigit
		case c == ':':
			t[c] = wbMidLetter
		case c == ',' || c == ';':
			t[c] = wbMidNum
		case c == '.' || c == '\'':
			t[c] = wbMidNumLetter
		case c == '_':
			t[c] = wbUnknown
		default:
			t[c] = wbOther
		}
	}
	return t
}()

// wordBreakClass classifies the character at b[i] and returns its length.
func wordBreakClass(b []byte, i int) (int, int) {
	c := b[i]
	switch {
	case c < utf8.RuneSelf:
		return int(asciiClass[c]), 1
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
	var out analysis.TokenStream
	t.each(input, func(term []byte, start, end, pos int, typ analysis.TokenType) {
		out = append(out, &analysis.Token{Term: term, Start: start, End: end, Position: pos, Type: typ})
	})
	return out
}

// each calls fn with each word of input, its byte offsets and position
// (from 1), as Tokenize returns them; the fast path allocates nothing.
func (t fastTokenizer) each(input []byte, fn func(term []byte, start, end, pos int, typ analysis.TokenType)) {
	for i := 0; i < len(input); {
		if c := input[i]; c < utf8.RuneSelf && c != '_' { // most text
			i++
			continue
		}
		c, w := wordBreakClass(input, i)
		if c == wbUnknown {
			for _, tk := range t.slow.Tokenize(input) {
				fn(tk.Term, tk.Start, tk.End, tk.Position, tk.Type)
			}
			return
		}
		i += w
	}
	pos := 0
	for i := 0; i < len(input); {
		if b := input[i]; b < utf8.RuneSelf && asciiClass[b] == wbOther { // spaces, punctuation
			i++
			continue
		}
		c, w := wordBreakClass(input, i)
		if c != wbLetter && c != wbDigit {
			i += w
			continue
		}
		start, last, letters := i, c, c == wbLetter
		for i += w; i < len(input); {
			if b := input[i]; b < utf8.RuneSelf && asciiClass[b] == wbLetter { // most of a word
				last, letters = wbLetter, true
				i++
				continue
			}
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
		fn(input[start:i], start, i, pos, typ)
	}
}

// titleKeyPrefix starts the key of a title in the term shards: the
// title's words as the vocabulary has them, one space apart. Such a key
// can be no stem (words hold no spaces).
const titleKeyPrefix = "="

// TitleKey is the key of a title (or of a query, to find the title it is).
func TitleKey(w *Words, text string) string {
	var b strings.Builder
	for _, t := range w.Split(text) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(t.Term)
	}
	if b.Len() == 0 {
		return ""
	}
	return titleKeyPrefix + b.String()
}
