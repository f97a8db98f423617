// Package site is the data model passed between the build steps: the loaded
// documents with their front matter, and the configuration they are read
// with. It holds data only; each step (load, validate, link, render, index,
// draw, write) lives in its own package and receives a *Site explicitly.
//
// A Site is complete when load returns it, and read-only from then on:
// load builds its indexes (New: ByID, ByPath) and applies the front
// matter's defaults (classification from the configuration), so that a
// later step (validate, link, ...) depends only on load, never on another
// step having run. Fields is the one table of front-matter keys.
package site

import (
	"strings"
	"time"

	"handbook/internal/config"
)

// DateLayout is the ISO date format used in front matter and output.
const DateLayout = "2006-01-02"

// Site is a loaded handbook: its configuration, documents and data files.
type Site struct {
	Dir    string
	Config *config.Config
	// Docs are in the order of their paths. ByID holds the first
	// document of each id (validate reports the others).
	Docs []*Document
	ByID map[string]*Document
	// ByPath indexes documents by their slash path relative to the site
	// folder ("content/procedures/audit.md"), for relative links.
	ByPath map[string]*Document
	// Data holds the raw bytes of content/_data files by name ("scope.yaml").
	Data map[string][]byte
	// Unreadable holds the documents whose front matter could not be read,
	// by the id their file seems to declare and by their path, so that
	// references to them are not reported as errors of their own: the one
	// error is in the unreadable file.
	Unreadable map[string]bool
}

// New makes the site of docs (in the order of their paths), with their
// indexes, no data files and no unreadable documents.
func New(dir string, cfg *config.Config, docs []*Document) *Site {
	s := &Site{Dir: dir, Config: cfg, Docs: docs, ByID: make(map[string]*Document, len(docs)),
		ByPath: make(map[string]*Document, len(docs)), Data: map[string][]byte{}, Unreadable: map[string]bool{}}
	for _, d := range docs {
		s.ByPath[d.Path] = d
		if _, dup := s.ByID[d.Meta.ID]; !dup && d.Meta.ID != "" {
			s.ByID[d.Meta.ID] = d
		}
	}
	return s
}

// Document is one Markdown file with its front matter.
type Document struct {
	// Path is the slash path relative to the site folder, used in messages.
	Path string
	Meta Meta
	// Lines maps a front-matter key to the line it is on in the file; the
	// key "" holds the line of the opening delimiter.
	Lines map[string]int
	// Body is the Markdown after the front matter; BodyLine is the file
	// line of its first byte.
	Body     []byte
	BodyLine int
	// Sum identifies the source load made the document of: the SHA-256
	// of its path, the configuration's extra fields and the file's bytes
	// (load.SourceSum). Everything above is a function of it, of the
	// configuration (defaults) and of the build's own steps. MetaSum is
	// the SHA-256 of its path and front matter as decoded (load.MetaSum),
	// before the configuration's defaults: the same after a body edit.
	// Both are made for the build cache's keys, by a load with a memo
	// (load.WithMemo); zero otherwise.
	Sum, MetaSum [32]byte
}

// Line returns the file line of a front-matter key, or of the front matter's
// start when the key is absent.
func (d *Document) Line(key string) int {
	if l, ok := d.Lines[key]; ok {
		return l
	}
	return d.Lines[""]
}

// URLPath is the document's permanent site-relative path: "docs/<id-lower>/".
func (d *Document) URLPath() string { return DocPath(d.Meta.ID) }

// DocPath is the site-relative path of the document with that id.
func DocPath(id string) string { return "docs/" + strings.ToLower(id) + "/" }

// Meta is the front matter of a document: a field for each row of Fields,
// and the fields the configuration declares.
type Meta struct {
	ID             string
	Title          string
	Type           string
	Version        string
	Status         string
	Owner          string
	Approver       string
	Approved       Date
	Review         Date
	Classification string
	Clauses        []string
	Parent         string
	Related        []string
	Aliases        []string
	History        []Revision
	Tags           []string
	// Acknowledge: readers are asked to acknowledge each version (issue
	// 17); the configuration may ask it of whole types too.
	Acknowledge bool
	Lang        string // BCP 47 tag; "" means the handbook's language
	// Extra holds fields the configuration declares (extra_fields).
	Extra map[string]string
}

// Revision is one entry of a document's history.
type Revision struct {
	Version string
	Date    Date
	Author  string
	Summary string
	// Line is the file line of the entry (0 when unknown).
	Line int
}

// Date is a calendar date; the zero value means "absent".
type Date struct{ time.Time }

// String formats the date as YYYY-MM-DD, or "" when absent.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// Overdue reports whether a review date has passed on the given day.
func (d Date) Overdue(today time.Time) bool {
	return !d.IsZero() && d.Before(Day(today))
}

// Day truncates a time to its calendar date in UTC.
func Day(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}
