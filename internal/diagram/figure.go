package diagram

// Figure is a drawable graph together with its text alternative.
type Figure struct {
	// Name is the shortcode argument ("scope", "structure").
	Name string
	// Title is the accessible name, also the SVG's <title>.
	Title string
	Graph *Graph
	// Outline is the text alternative: the figure's boxes as a nested list
	// with the same structure and links.
	Outline []*Item
}

// Item is one box of a figure in its text alternative.
type Item struct {
	Label string
	URL   string // where the box links to; "" for a box without a link
	// Gap marks a process that no approved document addresses.
	Gap bool
	// Note is a short qualifier shown after the label (a type, a status).
	Note     string
	Clauses  []Link
	Docs     []Link
	Children []*Item
}

// Link is a labelled address.
type Link struct {
	Text, URL string
	// Title is extra text for the link's tooltip (a clause title).
	Title string
}
