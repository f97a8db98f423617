package index

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"handbook/internal/search"
	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// docTerms is what the static index takes from the analysis of one
// document: each field's terms with their counts and its length, and the
// vocabulary's words the document uses with their occurrences. A Memo
// keeps it (encode, decodeDocTerms), so that an unchanged document is not
// analysed again.
type docTerms struct {
	title, tags fieldTerms
	sections    []sectionTerms
	vocab       []vocabCount
}

type sectionTerms struct{ heading, text fieldTerms }

// fieldTerms are the terms of a field: bleve's field length and each
// term's count.
type fieldTerms struct {
	length uint32
	terms  []termCount
}

type termCount struct {
	term string
	n    uint32
}

type vocabCount struct {
	key analysis.VocabKey
	n   uint32
}

// docTermsOf takes the terms of a and, with vocab, its vocabulary. The
// terms of all its fields are made in one slice.
func docTermsOf(a *analysis.Analysed, vocab bool) docTerms {
	return docTermsIn(a, vocab, nil)
}

// docTermsIn is docTermsOf making the terms in room, if not nil: the
// result's terms are valid until room is used again.
func docTermsIn(a *analysis.Analysed, vocab bool, room *termRoom) docTerms {
	n := len(a.Title.Terms) + len(a.Tags.Terms)
	for i := range a.Sections {
		n += len(a.Sections[i].Heading.Terms) + len(a.Sections[i].Text.Terms)
	}
	var pool []termCount
	if room != nil {
		room.terms = slices.Grow(room.terms[:0], n)[:n]
		pool = room.terms
	} else {
		pool = make([]termCount, n)
	}
	termsOf := func(f *analysis.TermField) fieldTerms {
		ft := fieldTerms{length: uint32(f.Length), terms: pool[:len(f.Terms):len(f.Terms)]}
		pool = pool[len(f.Terms):]
		for i, t := range f.Terms {
			ft.terms[i] = termCount{t.Stem, uint32(t.N)}
		}
		return ft
	}
	t := docTerms{title: termsOf(&a.Title), tags: termsOf(&a.Tags), sections: make([]sectionTerms, len(a.Sections))}
	for i := range a.Sections {
		t.sections[i] = sectionTerms{termsOf(&a.Sections[i].Heading), termsOf(&a.Sections[i].Text)}
	}
	if !vocab {
		return t
	}
	t.vocab = make([]vocabCount, len(a.Vocab))
	for i, v := range a.Vocab {
		t.vocab[i] = vocabCount{v.Key, uint32(v.N)}
	}
	return t
}

// termRoom is room for the terms of a document (docTermsIn), kept for
// the next one.
type termRoom struct{ terms []termCount }

// encode writes t as a table of its strings (terms, words, stems: their
// number, each one's length, their bytes end to end), the number of terms
// of all fields, then the fields and the vocabulary, referring to the
// strings by index, all as varints. Decoding then allocates a few times
// per document, not once per term.
func (t *docTerms) encode() []byte {
	terms := len(t.title.terms) + len(t.tags.terms)
	for i := range t.sections {
		terms += len(t.sections[i].heading.terms) + len(t.sections[i].text.terms)
	}
	// at most this many strings: the table and its index never grow
	strs := terms + 2*len(t.vocab)
	body := format.Encoder{B: make([]byte, 0, 2*strs+8)}
	table := make([]string, 0, strs)
	index := make(map[string]uint32, strs)
	ref := func(s string) {
		i, ok := index[s]
		if !ok {
			i = uint32(len(table))
			index[s] = i
			table = append(table, s)
		}
		body.Uint(i)
	}
	field := func(f *fieldTerms) {
		body.Uint(f.length)
		body.Uint(uint32(len(f.terms)))
		for _, tc := range f.terms {
			ref(tc.term)
			body.Uint(tc.n)
		}
	}
	field(&t.title)
	field(&t.tags)
	body.Uint(uint32(len(t.sections)))
	for i := range t.sections {
		field(&t.sections[i].heading)
		field(&t.sections[i].text)
	}
	body.Uint(uint32(len(t.vocab)))
	for _, v := range t.vocab {
		ref(v.key.Word)
		ref(v.key.Stem)
		body.Uint(v.n)
	}
	size := len(body.B) + 5*len(table) + 10
	for _, s := range table {
		size += len(s)
	}
	e := format.Encoder{B: make([]byte, 0, size)}
	e.Uint(uint32(len(table)))
	for _, s := range table {
		e.Uint(uint32(len(s)))
	}
	for _, s := range table {
		e.B = append(e.B, s...)
	}
	e.Uint(uint32(terms))
	return append(e.B, body.B...)
}

var errDocTerms = errors.New("damaged document terms")

// decodeDocTerms reads what encode wrote; any inconsistency is an error.
func decodeDocTerms(b []byte) (docTerms, error) {
	d := &format.Decoder{B: b}
	var t docTerms
	// every string and count takes a byte at least: no list is longer
	// than what is left
	count := func() int {
		n := int(d.Uint())
		if n > len(d.B) {
			d.Err, d.B, n = errDocTerms, nil, 0
		}
		return n
	}
	lens := make([]int, count())
	size := 0
	for i := range lens {
		lens[i] = count()
		size += lens[i]
	}
	if size > len(d.B) {
		return docTerms{}, errDocTerms
	}
	all := string(d.B[:size])
	d.B = d.B[size:]
	table := make([]string, len(lens))
	for i, n := range lens {
		table[i], all = all[:n], all[n:]
	}
	pool := make([]termCount, count()) // the terms of every field

	ref := func() string {
		i := int(d.Uint())
		if i >= len(table) {
			d.Err, d.B = errDocTerms, nil
			return ""
		}
		return table[i]
	}
	field := func(f *fieldTerms) {
		f.length = d.Uint()
		n := count()
		if n > len(pool) {
			d.Err, d.B, n = errDocTerms, nil, 0
		}
		f.terms, pool = pool[:n:n], pool[n:]
		for i := range f.terms {
			f.terms[i].term = ref()
			f.terms[i].n = d.Uint()
		}
	}
	field(&t.title)
	field(&t.tags)
	t.sections = make([]sectionTerms, count())
	for i := range t.sections {
		field(&t.sections[i].heading)
		field(&t.sections[i].text)
	}
	t.vocab = make([]vocabCount, count())
	for i := range t.vocab {
		t.vocab[i].key = analysis.VocabKey{Word: ref(), Stem: ref()}
		t.vocab[i].n = d.Uint()
	}
	if d.Err == nil && len(d.B) > 0 {
		d.Err = errDocTerms
	}
	if d.Err != nil {
		return docTerms{}, errDocTerms
	}
	return t, nil
}

// analyseStatic analyses docs for the static index alone, on all cores a
// window of documents at a time, and gives each document's terms to
// visit, in order, while the next window is analysed. With a memo, a
// document's terms are taken from it by its sums when it has them, and
// put in it when not. It returns the vocabulary: each word and stem, and
// its occurrences.
func analyseStatic(ctx context.Context, docs []search.Document, full func(int) *search.Document, sums []docSums, memo Memo, visit func(d int, t *docTerms)) (map[analysis.VocabKey]int, error) {
	langs, err := analysis.DocLanguages(docs)
	if err != nil {
		return nil, err
	}
	as, err := analysis.NewAnalysers(runtime.GOMAXPROCS(0), true)
	if err != nil {
		return nil, err
	}
	vocab := map[analysis.VocabKey]int{}
	// a document's terms, and the room they are in unless decoded: the
	// room goes back to rooms once they are visited
	type inRoom struct {
		terms docTerms
		room  *termRoom
	}
	var rooms sync.Pool
	windows, visited := make(chan []inRoom, 1), make(chan struct{})
	go func() {
		defer close(visited)
		n := 0
		for win := range windows {
			for i := range win {
				visit(n+i, &win[i].terms)
				if win[i].room != nil {
					rooms.Put(win[i].room) // visit keeps none of the terms
				}
				for _, v := range win[i].terms.vocab {
					vocab[v.key] += int(v.n)
				}
			}
			n += len(win)
		}
	}()
	inWindows(ctx, len(docs), as, windows, func(a *analysis.Analyser, d int) inRoom {
		if memo != nil {
			if b, ok := memo.Get(sums[d].analysis); ok {
				if t, err := decodeDocTerms(b); err == nil {
					return inRoom{t, nil}
				}
			}
		}
		res := a.Document(full(d), langs[d])
		room, _ := rooms.Get().(*termRoom)
		if room == nil {
			room = new(termRoom)
		}
		// without a memo, the vocabulary is counted by the analysers
		// (AddVocabTotals), not through each document's
		t := docTermsIn(&res, memo != nil, room)
		if memo != nil {
			memo.Put(sums[d].analysis, t.encode())
		}
		return inRoom{t, room}
	})
	<-visited
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	if memo == nil {
		for _, a := range as {
			a.AddVocabTotals(vocab)
		}
	}
	return vocab, nil
}
