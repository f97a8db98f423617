package importer

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Summary is the record of an import: every document written, every link
// rewritten or left, every placeholder, every guess and what it came from,
// and everything that needs a person. `handbook check` run right after an
// import reports nothing the summary does not name.
type Summary struct {
	Documents      []DocReport   `json:"documents"`
	LinksRewritten []LinkReport  `json:"links_rewritten"`
	LinksLeft      []LinkReport  `json:"links_left"`
	Placeholders   []Placeholder `json:"placeholders"`
	// Notes are remarks at a source position that need a person
	// (shortcodes, Liquid tags, an alias given up), the import went on.
	Notes []Note `json:"notes"`
	// Problems are sources, or parts of them, that could not be imported.
	Problems []Note `json:"problems"`
}

// DocReport is one document written.
type DocReport struct {
	Source  string   `json:"source"`
	Path    string   `json:"path"` // the file written, relative to the site
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Title   string   `json:"title"`
	Status  string   `json:"status"`
	Guessed []Guess  `json:"guessed"`
	TODO    []string `json:"todo"`  // TODO comments in its front matter
	Needs   []string `json:"needs"` // what check will warn about, and why
}

// Guess is a field value inferred from the source, and from what.
type Guess struct {
	Field string `json:"field"`
	Value string `json:"value"`
	From  string `json:"from"`
}

// LinkReport is a link in a source: rewritten to an id, or left as it was.
type LinkReport struct {
	At     string `json:"at"` // source path:line
	Target string `json:"target"`
	To     string `json:"to,omitempty"`
	Why    string `json:"why,omitempty"`
}

// Placeholder is a toolkit placeholder found in a document, left as it is.
type Placeholder struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Count    int    `json:"count"`
	Replaced bool   `json:"replaced"` // handbook.yaml's placeholders replace it
	Checked  bool   `json:"checked"`  // check reports it while it is not replaced
}

// Note is a message at a source position ("path:line" or "path").
type Note struct {
	At      string `json:"at"`
	Message string `json:"message"`
}

func at(path string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", path, line)
	}
	return path
}

func (s *Summary) problem(path string, line int, format string, args ...any) {
	s.Problems = append(s.Problems, Note{at(path, line), fmt.Sprintf(format, args...)})
}

func (s *Summary) note(path string, line int, format string, args ...any) {
	s.Notes = append(s.Notes, Note{at(path, line), fmt.Sprintf(format, args...)})
}

func (s *Summary) addDoc(d *Doc, path string) {
	s.Documents = append(s.Documents, DocReport{
		Source: d.Source, Path: path, ID: d.ID, Type: d.Type, Title: d.Title, Status: d.Status,
		Guessed: d.guesses, TODO: d.todo, Needs: d.needs,
	})
	s.Placeholders = append(s.Placeholders, d.placehold...)
	s.LinksRewritten = append(s.LinksRewritten, d.rewritten...)
	s.LinksLeft = append(s.LinksLeft, d.left...)
}

// finish sorts what was collected, so that the summary is the same from
// run to run, and makes empty lists empty (not null) in JSON.
func (s *Summary) finish() {
	byAt := func(a, b LinkReport) int { return cmp.Or(cmpAt(a.At, b.At), strings.Compare(a.Target, b.Target)) }
	slices.SortStableFunc(s.LinksRewritten, byAt)
	slices.SortStableFunc(s.LinksLeft, byAt)
	notes := func(a, b Note) int { return cmp.Or(cmpAt(a.At, b.At), strings.Compare(a.Message, b.Message)) }
	slices.SortStableFunc(s.Notes, notes)
	slices.SortStableFunc(s.Problems, notes)
	s.LinksRewritten, s.LinksLeft = nonNil(s.LinksRewritten), nonNil(s.LinksLeft)
	s.Notes, s.Problems = nonNil(s.Notes), nonNil(s.Problems)
	s.Documents, s.Placeholders = nonNil(s.Documents), nonNil(s.Placeholders)
	for i := range s.Documents {
		d := &s.Documents[i]
		d.Guessed = nonNil(d.Guessed)
		d.TODO = nonNil(d.TODO)
		d.Needs = nonNil(d.Needs)
	}
}

// nonNil makes a nil list empty, so that JSON shows [] rather than null.
func nonNil[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// cmpAt orders "path:line" positions by path, then by line as a number.
func cmpAt(a, b string) int {
	pa, la := splitAt(a)
	pb, lb := splitAt(b)
	return cmp.Or(strings.Compare(pa, pb), cmp.Compare(la, lb))
}

func splitAt(s string) (string, int) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0
	}
	n := 0
	for _, r := range s[i+1:] {
		if r < '0' || r > '9' {
			return s, 0
		}
		n = n*10 + int(r-'0')
	}
	return s[:i], n
}

// WriteJSON writes the summary as indented JSON.
func (s *Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// WriteText writes the summary for people: the documents with their ids,
// then links, placeholders, notes and problems.
func (s *Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Imported %s.\n", count(len(s.Documents), "document"))
	for _, d := range s.Documents {
		fmt.Fprintf(w, "\n%s  %s  %s (%s)\n  from %s\n  %q\n", d.ID, d.Type, d.Path, d.Status, d.Source, d.Title)
		for _, g := range d.Guessed {
			fmt.Fprintf(w, "  guessed %s: %s (from %s)\n", g.Field, g.Value, g.From)
		}
		for _, t := range d.TODO {
			fmt.Fprintf(w, "  TODO %s\n", t)
		}
		for _, n := range d.Needs {
			fmt.Fprintf(w, "  check will warn: %s\n", n)
		}
	}
	fmt.Fprintf(w, "\nLinks: %d rewritten to ids, %d left as they were.\n", len(s.LinksRewritten), len(s.LinksLeft))
	for _, l := range s.LinksRewritten {
		fmt.Fprintf(w, "  %s: %s -> %s\n", l.At, l.Target, l.To)
	}
	for _, l := range s.LinksLeft {
		fmt.Fprintf(w, "  %s: %s left (%s)\n", l.At, l.Target, l.Why)
	}
	if len(s.Placeholders) > 0 {
		fmt.Fprintf(w, "\nPlaceholders, left as they are:\n")
		for _, p := range s.Placeholders {
			state := "not replaced: map it under placeholders: in handbook.yaml"
			switch {
			case p.Replaced:
				state = "replaced by handbook.yaml's placeholders"
			case !p.Checked:
				state = "not a placeholder check knows: if it is one, map it under placeholders: in handbook.yaml"
			}
			fmt.Fprintf(w, "  %s: %s ×%d (%s)\n", p.ID, p.Text, p.Count, state)
		}
	}
	writeNotes(w, "Needs a person", s.Notes)
	writeNotes(w, "Not imported", s.Problems)
}

func writeNotes(w io.Writer, title string, notes []Note) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	for _, n := range notes {
		fmt.Fprintf(w, "  %s: %s\n", n.At, n.Message)
	}
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
