package analysis

import (
	"slices"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"handbook/internal/search"
	"handbook/internal/search/format"
)

// TermField is a text field of a record whose terms this package has
// already counted: bleve's builder takes them as they are (Analyze does
// nothing), which spares it a second tokenisation.
type TermField struct {
	name   string
	Length int    // terms in the field (bleve's field length: the norm)
	Terms  []Term // each term once, in the order met
	// Freqs are the terms as bleve takes them, with their locations; nil
	// when the analyser counts only.
	Freqs index.TokenFrequencies
	// serial numbers the field among those its analyser filled (add).
	serial int
}

// Term is an index term of a field and its occurrences.
type Term struct {
	Stem string
	N    int
	freq *index.TokenFreq // bleve's, unless the analyser counts only
}

var _ document.Field = (*TermField)(nil)

func (f *TermField) Size() int                { return 64 + 48*len(f.Freqs) }
func (f *TermField) Name() string             { return f.name }
func (f *TermField) Value() []byte            { return nil }
func (f *TermField) ArrayPositions() []uint64 { return nil }
func (f *TermField) EncodedFieldType() byte   { return 't' }
func (f *TermField) Analyze()                 {}
func (f *TermField) Options() index.FieldIndexingOptions {
	if f.name == format.FieldText {
		return index.IndexField // its phrases are found by pairs (pairs.go)
	}
	return index.IndexField | index.IncludeTermVectors
}
func (f *TermField) AnalyzedLength() int                              { return f.Length }
func (f *TermField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.Freqs }
func (f *TermField) NumPlainTextBytes() uint64                        { return 0 }

// add counts one occurrence of the stem sc at a position (bleve's: the
// word's place in the text, stop words included, so that phrases skip
// them), with its location unless a counts only. A field is filled in
// one go: the stem's cell remembers its slot in the field being filled,
// so that a word met again costs no map lookup; a field added to again
// after another (which Document never does) searches its terms.
func (f *TermField) add(sc *stemCell, pos int, a *Analyser) {
	f.Length++
	if f.serial == 0 {
		a.serial++
		f.serial = a.serial
	}
	if sc.serial != f.serial {
		sc.serial, sc.slot = f.serial, f.slotOf(sc, a)
	}
	t := &f.Terms[sc.slot]
	t.N++
	if a.CountsOnly {
		return
	}
	t.freq.SetFrequency(t.N)
	if f.name == format.FieldText {
		return
	}
	if len(a.slab) == cap(a.slab) {
		a.slab = make([]index.TokenLocation, 0, 256)
	}
	a.slab = append(a.slab, index.TokenLocation{Field: f.name, Position: pos})
	t.freq.Locations = append(t.freq.Locations, &a.slab[len(a.slab)-1])
}

// slotOf returns the slot of sc's stem in f's terms, adding it if new.
func (f *TermField) slotOf(sc *stemCell, a *Analyser) int {
	if f.serial != a.serial { // a field filled before: rare
		for i := range f.Terms {
			if f.Terms[i].Stem == sc.stem {
				return i
			}
		}
	}
	t := Term{Stem: sc.stem}
	if !a.CountsOnly {
		if len(a.freqSlab) == cap(a.freqSlab) {
			a.freqSlab = make([]index.TokenFreq, 0, 256)
		}
		if sc.bytes == nil {
			sc.bytes = []byte(sc.stem)
		}
		a.freqSlab = append(a.freqSlab, index.TokenFreq{Term: sc.bytes})
		t.freq = &a.freqSlab[len(a.freqSlab)-1]
		if f.Freqs == nil {
			f.Freqs = index.TokenFrequencies{}
		}
		f.Freqs[sc.stem] = t.freq
	}
	f.Terms = append(f.Terms, t)
	return len(f.Terms) - 1
}

// Analysed is a document turned into index terms.
type Analysed struct {
	Title, Tags TermField // the same for every section
	Sections    []analysedSection
	Vocab       []VocabCount // the words of the vocabulary it uses
}

type analysedSection struct {
	Heading, Text TermField
	Pairs         []uint32 // the text's pairs (pairs.go)
}

// VocabKey is a word of the vocabulary (folded) and one of its stems.
type VocabKey struct{ Word, Stem string }

// VocabCount is a word of the vocabulary and its occurrences.
type VocabCount struct {
	Key VocabKey
	N   int
}

// Analyser turns documents into terms, each with its language's analyser;
// one per worker.
type Analyser struct {
	Words *Words
	Stems *Stemmer
	// CountsOnly leaves out what bleve's index needs and the static
	// index does not: the terms' positions and the text's pairs.
	CountsOnly bool
	// slab and freqSlab hold the terms' locations and frequencies, a
	// few allocations for many (the Analysed results point into them).
	slab     []index.TokenLocation
	freqSlab []index.TokenFreq
	serial   int    // of the last field filled (TermField.add)
	text     []byte // the text being analysed (Words.normalised)
	// termRoom (termsUsed of it taken), sectionRoom and vocabRoom are
	// what a CountsOnly analyser's results are made in, kept for the next
	// document (Document).
	termRoom    []Term
	termsUsed   int
	sectionRoom []analysedSection
	vocabRoom   []VocabCount
	used        []*vocabCell // the vocabulary's words of the document
}

// NewAnalyser returns an analyser splitting with w; countsOnly sets its
// CountsOnly.
func NewAnalyser(w *Words, countsOnly bool) *Analyser {
	return &Analyser{Words: w, Stems: NewStemmer(), CountsOnly: countsOnly}
}

// NewAnalysers makes n analysers, one per worker, sharing their Words;
// countsOnly sets their CountsOnly.
func NewAnalysers(n int, countsOnly bool) ([]*Analyser, error) {
	w, err := NewWords(nil)
	if err != nil {
		return nil, err
	}
	as := make([]*Analyser, n)
	for i := range as {
		as[i] = NewAnalyser(w, countsOnly)
	}
	return as, nil
}

// terms adds the terms of text in language l to f, their positions after
// offset, and returns the position after the last word.
func (a *Analyser) terms(l *language, text string, f *TermField, offset int) int {
	return a.termsPairs(l, text, f, offset, nil)
}

// termsPairs is terms, also collecting the pairs of the text.
func (a *Analyser) termsPairs(l *language, text string, f *TermField, offset int, pairs *format.PairSet) int {
	end := offset
	if f.Terms == nil { // about the terms of a text: appends rarely grow it
		f.Terms = a.termsFor(len(text)/termBytes + 1)
	}
	words := a.Stems.wordsOf(l)
	a.Words.normalised(text, &a.text, func(term []byte, pos int) {
		w := a.Stems.lookup(words, l, term)
		if w.stop {
			return
		}
		if w.vocab.n == 0 {
			a.used = append(a.used, w.vocab)
		}
		w.vocab.n++
		f.add(w.stem, offset+pos, a)
		if pairs != nil {
			pairs.Add(w.stem.stem, pos)
		}
		end = offset + pos
	})
	return end
}

// termsFor returns an empty list of terms with room for n, a CountsOnly
// analyser's in its room for the document's terms.
func (a *Analyser) termsFor(n int) []Term {
	if !a.CountsOnly {
		return make([]Term, 0, n)
	}
	if a.termsUsed+n > len(a.termRoom) { // the fields before keep the old room
		a.termRoom = make([]Term, max(2*len(a.termRoom), n, 1024))
		a.termsUsed = 0
	}
	t := a.termRoom[a.termsUsed : a.termsUsed : a.termsUsed+n]
	a.termsUsed += n
	return t
}

// vocab returns the vocabulary's words counted since the last call, and
// sets their counts back to zero.
func (a *Analyser) vocab() []VocabCount {
	var out []VocabCount
	if a.CountsOnly {
		a.vocabRoom = slices.Grow(a.vocabRoom[:0], len(a.used))[:len(a.used)]
		out = a.vocabRoom
	} else {
		out = make([]VocabCount, len(a.used))
	}
	for i, c := range a.used {
		out[i] = VocabCount{c.key, c.n}
		c.total += c.n
		c.n = 0
	}
	a.used = a.used[:0]
	return out
}

// AddVocabTotals adds to m the occurrences of each word of the
// vocabulary in all the documents a analysed: the sum of their Vocab
// counts, without going through each document's.
func (a *Analyser) AddVocabTotals(m map[VocabKey]int) {
	for k, c := range a.Stems.vocab {
		if c.total > 0 {
			m[k] += c.total
		}
	}
}

// termBytes is about the bytes of text per distinct term of a section
// of handbook prose.
const termBytes = 12

// tagGap separates the positions of two tags so that no phrase spans both.
const TagGap = 10

// Document analyses d, whose language is l. A CountsOnly analyser makes
// the result in room it keeps for the next document: it is valid until
// the analyser's next Document (the static index copies the counts out
// at once); spared, the allocation of every document's terms.
func (a *Analyser) Document(d *search.Document, l *language) Analysed {
	res := Analysed{Title: TermField{name: format.FieldTitle}, Tags: TermField{name: format.FieldTags}}
	a.termsUsed = 0
	a.terms(l, d.Title, &res.Title, 0)
	pos := 0
	for _, t := range d.Tags {
		pos = a.terms(l, t, &res.Tags, pos) + TagGap
	}
	if a.CountsOnly {
		a.sectionRoom = slices.Grow(a.sectionRoom[:0], len(d.Sections))[:len(d.Sections)]
		res.Sections = a.sectionRoom
	} else {
		res.Sections = make([]analysedSection, len(d.Sections))
	}
	for i, s := range d.Sections {
		r := &res.Sections[i]
		*r = analysedSection{Heading: TermField{name: format.FieldHeading}, Text: TermField{name: format.FieldText}}
		a.terms(l, s.Heading, &r.Heading, 0)
		if a.CountsOnly {
			a.terms(l, s.Text, &r.Text, 0)
			continue
		}
		var pairs format.PairSet
		a.termsPairs(l, s.Text, &r.Text, 0, &pairs)
		r.Pairs = pairs.Sorted()
	}
	res.Vocab = a.vocab()
	return res
}
