// Package link resolves the handbook's cross-references inside the Markdown
// AST: links by document id ([t](SMS-PROC-004#anchor)), wiki links
// ([[SMS-PROC-004]]), relative links to .md files, and prose mentions of
// document titles. It is a goldmark extension (an inline parser and an AST
// transformer); it also checks anchors once every page is parsed, and builds
// the link graph (backlinks, related documents, links.json).
package link

import (
	"path"
	"strings"

	"github.com/yuin/goldmark/parser"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/site"
)

// Kind says how a reference was written.
type Kind string

// The kinds of reference, as they appear in links.json.
const (
	Explicit Kind = "explicit" // [text](SMS-PROC-004)
	Wiki     Kind = "wiki"     // [[SMS-PROC-004]]
	Relative Kind = "relative" // [text](../procedures/x.md)
	Mention  Kind = "mention"  // the target's title written in prose
	Related  Kind = "related"  // front matter related:
)

// Ref is one reference from a document to another (or to itself, for an
// in-page anchor). Line is the file line of the reference.
type Ref struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Anchor string `json:"anchor,omitempty"`
	Kind   Kind   `json:"kind"`
	Line   int    `json:"-"`
	Path   string `json:"-"` // the source file of From
}

// Index knows every link target of a build: the included documents by id,
// every document by path, the titles that prose mentions link, and the ids
// excluded from this audience (links to them become plain text).
type Index struct {
	cfg      *config.Config
	byID     map[string]*site.Document
	byPath   map[string]*site.Document
	lowerID  map[string]string
	excluded map[string]bool
	// unreadable are the ids and paths of documents whose front matter
	// could not be read: their file has the error, links to them none.
	unreadable map[string]bool
	titles     *matcher // the current and the retired documents' titles
}

// NewIndex indexes the documents of s whose ids are not in excluded: those
// of s.ByID, the first document of each id (load builds it). The maps and
// the titles' matchers are built side by side.
func NewIndex(s *site.Site, excluded map[string]bool) *Index {
	ix := &Index{
		cfg:        s.Config,
		byID:       make(map[string]*site.Document, len(s.ByID)),
		byPath:     make(map[string]*site.Document, len(s.ByID)),
		lowerID:    make(map[string]string, len(s.ByID)),
		excluded:   excluded,
		unreadable: s.Unreadable,
	}
	matched := make(chan struct{})
	go func() {
		defer close(matched)
		ix.titles = titleMatcher(s, excluded)
	}()
	for id, d := range s.ByID {
		// A relative link to an excluded document must find it, to become
		// plain text rather than an error.
		ix.byPath[d.Path] = d
		if excluded[id] {
			continue
		}
		ix.byID[id] = d
		ix.lowerID[strings.ToLower(id)] = id
	}
	<-matched
	return ix
}

// titleMatcher is the matcher of the titles of the documents of s.ByID
// not excluded: the current ones', and the retired ones'.
func titleMatcher(s *site.Site, excluded map[string]bool) *matcher {
	var current, old []*site.Document
	for id, d := range s.ByID {
		switch {
		case excluded[id]:
		case d.Meta.Status != "retired":
			current = append(current, d)
		default:
			old = append(old, d)
		}
	}
	return newMatcher(current, old)
}

// URL is the address of a document, with an optional anchor.
func (ix *Index) URL(id, anchor string) string {
	u := ix.cfg.URL(site.DocPath(id))
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}

// Doc returns an included document by id.
func (ix *Index) Doc(id string) (*site.Document, bool) {
	d, ok := ix.byID[id]
	return d, ok
}

// docContext is what the transformer needs to know about the document
// being parsed; it travels in the goldmark parser.Context.
type docContext struct {
	doc   *site.Document
	lines *diag.Lines // the body's line index, built on first use
	refs  []Ref
	errs  []*diag.Diagnostic
}

var docKey = parser.NewContextKey()

// Attach prepares a parser context for parsing doc with this extension.
func Attach(pc parser.Context, doc *site.Document) {
	pc.Set(docKey, &docContext{doc: doc})
}

// Results returns the references and problems recorded while parsing with pc.
func Results(pc parser.Context) ([]Ref, []*diag.Diagnostic) {
	dc, _ := pc.Get(docKey).(*docContext)
	if dc == nil {
		return nil, nil
	}
	return dc.refs, dc.errs
}

// target resolves a link destination written in doc. It returns ok=false
// for destinations that are not cross-references (external URLs, site
// paths, other files), which are left alone.
//
// Ids are case-sensitive, as written in front matter: a destination that
// matches id_pattern but no document is an unknown id, and one that is a
// document's id in another case is an error naming the right id. Neither
// is ever resolved silently. A relative path must match the file's name.
func (ix *Index) target(doc *site.Document, dest string) (id, anchor string, kind Kind, problem string, ok bool) {
	p, anchor, _ := strings.Cut(dest, "#")
	switch {
	case hasScheme(p) || strings.HasPrefix(p, "/"):
		return "", "", "", "", false
	case p == "":
		return doc.Meta.ID, anchor, Explicit, "", anchor != ""
	case strings.HasSuffix(strings.ToLower(p), ".md"):
		full := path.Join(path.Dir(doc.Path), p)
		if d, found := ix.byPath[full]; found {
			return d.Meta.ID, anchor, Relative, "", true
		}
		if ix.unreadable[full] { // its own error says why: left as it is
			return "", "", "", "", false
		}
		return "", "", Relative, "relative link to a missing document " + p + " (looked for " + full + ")", true
	}
	if _, found := ix.byID[p]; found {
		return p, anchor, Explicit, "", true
	}
	if ix.excluded[p] {
		return p, anchor, Explicit, "", true
	}
	if ix.unreadable[p] {
		return "", "", "", "", false
	}
	if ix.cfg.ValidID(p) {
		return "", "", Explicit, "link to unknown document id " + p + ix.idHint(p), true
	}
	if real, found := ix.lowerID[strings.ToLower(p)]; found {
		return "", "", Explicit, "link to " + p + ": ids are case-sensitive, did you mean " + real + "?", true
	}
	return "", "", "", "", false
}

func (ix *Index) idHint(id string) string {
	if real, ok := ix.lowerID[strings.ToLower(id)]; ok && real != id {
		return " (did you mean " + real + "?)"
	}
	return ""
}

// hasScheme reports whether s starts with a URL scheme such as "https:".
func hasScheme(s string) bool {
	for i, c := range s {
		switch {
		case c == ':':
			return i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}
