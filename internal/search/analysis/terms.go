package analysis

import (
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
	Length int // terms in the field (bleve's field length: the norm)
	Freqs  index.TokenFrequencies
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

// add counts one occurrence of term at a position (bleve's: the word's
// place in the text, stop words included, so that phrases skip them),
// kept in slab unless slab is nil.
func (f *TermField) add(term string, pos int, slab *[]index.TokenLocation) {
	f.Length++
	if f.Freqs == nil {
		f.Freqs = index.TokenFrequencies{}
	}
	tf, ok := f.Freqs[term]
	if !ok {
		tf = &index.TokenFreq{Term: []byte(term)}
		f.Freqs[term] = tf
	}
	tf.SetFrequency(tf.Frequency() + 1)
	if f.name == format.FieldText || slab == nil {
		return
	}
	if len(*slab) == cap(*slab) {
		*slab = make([]index.TokenLocation, 0, 256)
	}
	*slab = append(*slab, index.TokenLocation{Field: f.name, Position: pos})
	tf.Locations = append(tf.Locations, &(*slab)[len(*slab)-1])
}

// Analysed is a document turned into index terms.
type Analysed struct {
	Title, Tags TermField // the same for every section
	Sections    []analysedSection
}

type analysedSection struct {
	Heading, Text TermField
	Pairs         []uint32 // the text's pairs (pairs.go)
}

// VocabKey is a word of the vocabulary (folded) and one of its stems.
type VocabKey struct{ Word, Stem string }

// Analyser turns documents into terms, each with its language's analyser;
// one per worker.
type Analyser struct {
	Words *Words
	Stems Stemmer
	Vocab map[VocabKey]int // occurrences
	// CountsOnly leaves out what bleve's index needs and the static
	// index does not: the terms' positions and the text's pairs.
	CountsOnly bool
	slab       []index.TokenLocation
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
		as[i] = &Analyser{Words: w, Stems: Stemmer{}, Vocab: map[VocabKey]int{}, CountsOnly: countsOnly}
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
	for _, t := range a.Words.tokens(text) {
		if l.isStop(t.Term) {
			continue
		}
		k := a.Stems.Stem(l, t.Term)
		a.Vocab[k]++
		st := k.Stem
		slab := &a.slab
		if a.CountsOnly {
			slab = nil
		}
		f.add(st, offset+t.Position, slab)
		if pairs != nil {
			pairs.Add(st, t.Position)
		}
		end = offset + t.Position
	}
	return end
}

// tagGap separates the positions of two tags so that no phrase spans both.
const TagGap = 10

// Document analyses d, whose language is l.
func (a *Analyser) Document(d *search.Document, l *language) Analysed {
	res := Analysed{Title: TermField{name: format.FieldTitle}, Tags: TermField{name: format.FieldTags}}
	a.terms(l, d.Title, &res.Title, 0)
	pos := 0
	for _, t := range d.Tags {
		pos = a.terms(l, t, &res.Tags, pos) + TagGap
	}
	res.Sections = make([]analysedSection, len(d.Sections))
	for i, s := range d.Sections {
		r := &res.Sections[i]
		r.Heading.name, r.Text.name = format.FieldHeading, format.FieldText
		a.terms(l, s.Heading, &r.Heading, 0)
		if a.CountsOnly {
			a.terms(l, s.Text, &r.Text, 0)
			continue
		}
		var pairs format.PairSet
		a.termsPairs(l, s.Text, &r.Text, 0, &pairs)
		r.Pairs = pairs.Sorted()
	}
	return res
}
