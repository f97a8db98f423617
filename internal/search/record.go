package search

import (
	"strconv"
	"strings"
)

// Document is what the build gives the index: one handbook document with
// its sections. Each section becomes one record, so that a hit points at
// the exact section.
type Document struct {
	ID       string // "SMS-PROC-004"
	Title    string
	Type     string // "procedure"
	Status   string
	Owner    string
	Clauses  []string // clauses of the standard: "8.6.1"
	Tags     []string
	URL      string // the document's address, without anchor
	Lang     string // BCP 47 tag: its analyser (LangOf); "" is DefaultLang
	Sections []Section
}

// Section is a part of a document from one heading to the next; the text
// before the first heading has no anchor and no heading.
type Section struct {
	Anchor  string
	Heading string
	Text    string
}

// Href is the address of section i of d.
func (d *Document) Href(i int) string {
	if a := d.Sections[i].Anchor; a != "" {
		return d.URL + "#" + a
	}
	return d.URL
}

// TypeInfo names a document type for facets and filters.
type TypeInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// CompareClauses orders clause numbers numerically: 4.1 < 4.2 < 4.10.
func CompareClauses(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		if errx != nil || erry != nil {
			if c := strings.Compare(as[i], bs[i]); c != 0 {
				return c
			}
			continue
		}
		if x != y {
			return x - y
		}
	}
	return len(as) - len(bs)
}

// ResultsMarker is where the results go in the built /search/ page: the
// theme's layouts/search.html writes it (as the page's Main.Slot), the
// server puts its results there, and without a server the page's script
// does (static/js/search.js renders the same markup).
const ResultsMarker = "<!--handbook:search-results-->"
