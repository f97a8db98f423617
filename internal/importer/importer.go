// Package importer brings an existing handbook into a site: Word .docx
// documents (through pandoc) and Markdown sites (Hugo, Jekyll, MkDocs or
// plain folders). Each source becomes a document with complete front
// matter and the next free id of its type; what the source does not say is
// a TODO comment in the front matter and a line in the Summary, never a
// silent guess. Existing files are never overwritten.
//
// The work runs in three steps: read the sources into Docs (docx.go,
// markdown.go), plan them (ids, files, links, aliases; plan.go), and write
// them (this file). The Summary (summary.go) records every step.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"handbook/internal/config"
	"handbook/internal/load"
)

// Flavours are the kinds of Markdown site Options.From accepts.
var Flavours = []string{"hugo", "jekyll", "mkdocs", "plain"}

// Options says what to import and how to fill what the sources leave out.
type Options struct {
	Site    string   // the handbook site folder written into
	From    string   // "docx", or one of Flavours
	Sources []string // .docx files (From "docx"), or one site folder
	Into    string   // folder under content/ for the documents; "" chooses one per type (docx) or content/ itself (sites)

	Owner        string    // owner of documents whose source names none
	Approver     string    // approver of documents whose source names none
	ReviewMonths int       // months from approval to the next review, when the source gives no review date
	Type         string    // type of documents whose title names none
	Today        time.Time // decides overdue reviews (SOURCE_DATE_EPOCH in the command)
	Pandoc       string    // the pandoc command; "" finds "pandoc" on PATH
}

// UsageError is a mistake in what was asked: an unknown flavour, a source
// that does not exist, a site folder that is not a site.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Doc is one document read from a source, before it is planned and written.
type Doc struct {
	Source    string // the source file, as given or relative to the source folder
	SourceRel string // what links name it by: a site page's slash path under the content root, a Word file's name
	Title     string
	Type      string
	ID        string
	Version   string
	Status    string
	Owner     string
	Approver  string
	Approved  string // YYYY-MM-DD
	Review    string // YYYY-MM-DD
	Class     string
	Clauses   []string
	Parent    string
	Related   []string
	Aliases   []string
	Tags      []string
	History   []Revision
	Body      string
	Draft     bool // the source says it is a draft
	Weight    int  // order among its folder's documents (weight, nav_order, MkDocs nav)
	HasWeight bool
	Images    []Image      // files for static/, with the links to them already in Body
	Folder    string       // slash folder under content/ chosen for the file
	FileName  string       // file name under Folder
	OldURL    string       // the page's address on the old site, kept as an alias
	bodyLine  int          // the source line of the body's first line
	rewritten []LinkReport // links rewritten while reading
	left      []LinkReport // links left while reading
	todo      []string     // TODO comments for the front matter
	guesses   []Guess
	needs     []string // what a person must do, beyond the TODOs
	placehold []Placeholder
}

// Revision is one row of a document's history; Date is YYYY-MM-DD or "".
type Revision struct{ Version, Date, Author, Summary string }

// Image is a file extracted from a source, written under static/.
type Image struct {
	Path string // slash path under static/
	Data []byte
}

// todof records a field the source does not give: a TODO comment in the
// front matter and a line in the summary.
func (d *Doc) todof(format string, args ...any) {
	d.todo = append(d.todo, fmt.Sprintf(format, args...))
}

// guess records a field value that was inferred, and from what.
func (d *Doc) guess(field, value, from string) {
	d.guesses = append(d.guesses, Guess{Field: field, Value: value, From: from})
}

// Run imports the sources into the site. It returns the summary of what was
// done; problems with single sources are in the summary and the import goes
// on. The error is a *UsageError, or a failure that stopped the import
// (pandoc missing, the site unreadable).
func Run(ctx context.Context, opts Options) (*Summary, error) {
	cfg, err := config.Load(opts.Site)
	if err != nil {
		return nil, err
	}
	if into := filepath.ToSlash(opts.Into); path.IsAbs(into) || slices.Contains(strings.Split(into, "/"), "..") {
		return nil, &UsageError{fmt.Sprintf("--into %q must be a folder inside content/ (no .. and not absolute)", opts.Into)}
	}
	if opts.Type != "" && !slices.Contains(cfg.Types, opts.Type) {
		return nil, &UsageError{fmt.Sprintf("unknown type %q (known: %s)", opts.Type, strings.Join(cfg.Types, ", "))}
	}
	existing, _, err := load.WithConfig(opts.Site, cfg)
	if err != nil {
		return nil, err
	}
	sum := &Summary{}
	var docs []*Doc
	switch opts.From {
	case "docx":
		docs, err = readDocxFiles(ctx, opts, cfg.Classes, sum)
	default:
		if !slices.Contains(Flavours, opts.From) {
			return nil, &UsageError{fmt.Sprintf("unknown --from %q (known: docx, %s)", opts.From, strings.Join(Flavours, ", "))}
		}
		docs, err = readSite(opts, cfg, sum)
	}
	if err != nil {
		return sum, err
	}
	p := newPlan(opts, cfg, existing, sum)
	docs = p.run(docs)
	write(opts, docs, sum)
	sum.finish()
	return sum, nil
}

// write writes each planned document and its images, never overwriting a
// file; a document whose file exists is skipped and reported.
func write(opts Options, docs []*Doc, sum *Summary) {
	for _, d := range docs {
		rel := filepath.ToSlash(filepath.Join(load.ContentDir, d.Folder, d.FileName))
		path := filepath.Join(opts.Site, filepath.FromSlash(rel))
		if err := writeNew(path, []byte(d.Markdown())); err != nil {
			sum.problem(d.Source, 0, "not imported: %v", err)
			continue
		}
		for _, img := range d.Images {
			ip := filepath.Join(opts.Site, "static", filepath.FromSlash(img.Path))
			if err := writeNew(ip, img.Data); err != nil {
				sum.problem(d.Source, 0, "image not written: %v", err)
			}
		}
		sum.addDoc(d, rel)
	}
}

// writeNew creates path (and its folders) with data; an existing file is
// an error, never overwritten.
func writeNew(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists (never overwritten)", path)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}
