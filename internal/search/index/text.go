package index

import (
	"slices"

	"handbook/internal/par"
	"handbook/internal/search"
)

// withText is docs with their texts where Write reads them without
// asking (out.Text): every one, asked for first, unless Write has a Docs
// memo (without IndexDir) and the documents' Sums. full gives document i
// with its text, asking out.Text for it if need be.
func withText(docs []search.Document, out Output) ([]search.Document, func(i int) *search.Document) {
	switch {
	case out.Text == nil:
	case out.Docs == nil || out.IndexDir != "" || len(out.Sums) != len(docs):
		docs = slices.Clone(docs)
		par.For(len(docs), func(i int) { docs[i].Sections = out.Text(i) })
	default:
		return docs, func(i int) *search.Document {
			d := docs[i]
			d.Sections = out.Text(i)
			return &d
		}
	}
	return docs, func(i int) *search.Document { return &docs[i] }
}
