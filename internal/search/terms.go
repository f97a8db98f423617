package search

import (
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// termField is a text field of a record whose terms this package has
// already counted: bleve's builder takes them as they are (Analyze does
// nothing), which spares it a second tokenisation.
type termField struct {
	name   string
	length int // terms in the field (bleve's field length: the norm)
	freqs  index.TokenFrequencies
}

var _ document.Field = (*termField)(nil)

func (f *termField) Size() int                { return 64 + 48*len(f.freqs) }
func (f *termField) Name() string             { return f.name }
func (f *termField) Value() []byte            { return nil }
func (f *termField) ArrayPositions() []uint64 { return nil }
func (f *termField) EncodedFieldType() byte   { return 't' }
func (f *termField) Analyze()                 {}
func (f *termField) Options() index.FieldIndexingOptions {
	if f.name == fieldText {
		return index.IndexField // its phrases are found by pairs (pairs.go)
	}
	return index.IndexField | index.IncludeTermVectors
}
func (f *termField) AnalyzedLength() int                              { return f.length }
func (f *termField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
func (f *termField) NumPlainTextBytes() uint64                        { return 0 }

// add counts one occurrence of term at a position (bleve's: the word's
// place in the text, stop words included, so that phrases skip them).
func (f *termField) add(term string, pos int, slab *[]index.TokenLocation) {
	f.length++
	if f.freqs == nil {
		f.freqs = index.TokenFrequencies{}
	}
	tf, ok := f.freqs[term]
	if !ok {
		tf = &index.TokenFreq{Term: []byte(term)}
		f.freqs[term] = tf
	}
	tf.SetFrequency(tf.Frequency() + 1)
	if f.name == fieldText {
		return
	}
	if len(*slab) == cap(*slab) {
		*slab = make([]index.TokenLocation, 0, 256)
	}
	*slab = append(*slab, index.TokenLocation{Field: f.name, Position: pos})
	tf.Locations = append(tf.Locations, &(*slab)[len(*slab)-1])
}

// analysed is a document turned into index terms.
type analysed struct {
	title, tags termField // the same for every section
	sections    []analysedSection
}

type analysedSection struct {
	heading, text termField
	pairs         []uint32 // the text's pairs (pairs.go)
}

// vocabKey is a word of the vocabulary (folded) and one of its stems.
type vocabKey struct{ word, stem string }

// analyser turns documents into terms, each with its language's analyser;
// one per worker.
type analyser struct {
	words *words
	stems stemmer
	vocab map[vocabKey]int // occurrences
	slab  []index.TokenLocation
}

// terms adds the terms of text in language l to f, their positions after
// offset, and returns the position after the last word.
func (a *analyser) terms(l *language, text string, f *termField, offset int) int {
	return a.termsPairs(l, text, f, offset, nil)
}

// termsPairs is terms, also collecting the pairs of the text.
func (a *analyser) termsPairs(l *language, text string, f *termField, offset int, pairs *pairSet) int {
	end := offset
	for _, t := range a.words.tokens(text) {
		if l.isStop(t.Term) {
			continue
		}
		k := a.stems.stem(l, t.Term)
		a.vocab[k]++
		st := k.stem
		f.add(st, offset+t.Position, &a.slab)
		if pairs != nil {
			pairs.add(st, t.Position)
		}
		end = offset + t.Position
	}
	return end
}

// tagGap separates the positions of two tags so that no phrase spans both.
const tagGap = 10

// document analyses d, whose language is l.
func (a *analyser) document(d *Document, l *language) analysed {
	res := analysed{title: termField{name: fieldTitle}, tags: termField{name: fieldTags}}
	a.terms(l, d.Title, &res.title, 0)
	pos := 0
	for _, t := range d.Tags {
		pos = a.terms(l, t, &res.tags, pos) + tagGap
	}
	res.sections = make([]analysedSection, len(d.Sections))
	for i, s := range d.Sections {
		r := &res.sections[i]
		r.heading.name, r.text.name = fieldHeading, fieldText
		a.terms(l, s.Heading, &r.heading, 0)
		var pairs pairSet
		a.termsPairs(l, s.Text, &r.text, 0, &pairs)
		r.pairs = pairs.sorted()
	}
	return res
}
