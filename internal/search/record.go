package search

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
