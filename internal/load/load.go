// Package load reads a site folder: handbook.yaml, every Markdown document
// under content/ at any depth with its front matter, and the data files in
// content/_data/. It decodes; it does not judge (see package validate), except
// for what makes a file unreadable: bad syntax, wrong value shapes, unknown fields.
// Which keys there are and what type each has is site.Fields.
//
// The *site.Site it returns is complete and is not changed afterwards: its
// indexes are built (site.New) and the front matter's defaults applied.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/adrg/frontmatter"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/par"
	"handbook/internal/seal"
	"handbook/internal/site"
)

// ContentDir and DataDir are the folders read inside a site.
const (
	ContentDir = "content"
	DataDir    = "_data"
)

// MaxFileSize bounds what is read of one document (a guard against a
// runaway file, far above any real document).
const MaxFileSize = 64 << 20

// Site loads the site folder dir with its configuration. Documents that
// cannot be decoded are reported in the list and left out; the returned
// site holds every readable one. A fatal problem (no content folder, bad
// configuration) is returned as error.
func Site(dir string) (*site.Site, *diag.List, error) {
	cfg, err := config.Load(dir)
	if err != nil {
		return nil, nil, err
	}
	return WithConfig(dir, cfg)
}

// WithConfig loads the documents of dir with an already loaded configuration.
func WithConfig(dir string, cfg *config.Config) (*site.Site, *diag.List, error) {
	return WithMemo(dir, cfg, nil)
}

// WithMemo is WithConfig, taking what decoding a document's front matter
// gives from the memo when it remembers it for the document's bytes, and
// remembering the rest in it. memo, if not nil, is called once, after
// every file is read and its SourceSum made, so that the caller can read
// the memo meanwhile; it may return nil (no memo). The site and the
// problems are those WithConfig returns.
func WithMemo(dir string, cfg *config.Config, memo func() *Memo) (*site.Site, *diag.List, error) {
	root := filepath.Join(dir, ContentDir)
	if d := seal.Check(dir, root); d != nil {
		return nil, nil, d
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return nil, nil, fmt.Errorf("%s: no content folder (expected Markdown documents in %s)", dir, root)
	}
	list := &diag.List{}
	data := map[string][]byte{}
	files, links, err := walk(dir, root, data, list)
	if err != nil {
		return nil, nil, err
	}
	srcs := make([]source, len(files))
	par.For(len(files), func(i int) {
		srcs[i] = readSource(dir, files[i], cfg.ExtraFields, memo != nil, links[files[i]])
	})
	var m *Memo
	if memo != nil {
		m = memo()
	}
	docs := make([]*site.Document, len(files))
	par.For(len(files), func(i int) {
		doc, ds := srcs[i].document(cfg, m)
		docs[i] = doc
		list.Add(ds...)
	})
	unreadable := map[string]bool{}
	for i, d := range docs {
		if d != nil {
			continue
		}
		unreadable[srcs[i].rel] = true
		if id := declaredID(files[i]); id != "" {
			unreadable[id] = true
		}
	}
	s := site.New(dir, cfg, slices.DeleteFunc(docs, func(d *site.Document) bool { return d == nil }))
	s.Data, s.Unreadable = data, unreadable
	return s, list, nil
}

// idLine is an id in YAML (id: X), TOML (id = "X") or JSON ("id": "X").
var idLine = regexp.MustCompile(`^\s*"?id"?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*,?\s*$`)

// declaredID finds the id a file whose front matter cannot be decoded
// seems to declare, line by line in its first lines.
func declaredID(path string) string {
	data, err := readFile(path, false)
	if err != nil {
		return ""
	}
	for i, line := range strings.SplitN(string(diag.NormalizeNewlines(data)), "\n", 40) {
		if i == 39 {
			break
		}
		if m := idLine.FindStringSubmatch(line); m != nil {
			return m[1]
		}
	}
	return ""
}

// walk lists the Markdown files under root, sorted, with those that are
// symbolic links (to a file inside the site), and reads data files into
// data.
func walk(dir, root string, data map[string][]byte, list *diag.List) (files []string, links map[string]bool, err error) {
	links = map[string]bool{}
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			list.Add(diag.Errorf(relPath(dir, p), 0, "cannot read: %v", unwrapPath(err)))
			return nil
		}
		name := e.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if seal.IsLink(e) { // never followed into a folder; a file is read only inside the site
			if d := seal.CheckLink(dir, p); d != nil {
				list.Add(d)
				return nil
			}
			links[p] = true
		}
		if e.IsDir() && name == DataDir && filepath.Dir(p) == root {
			return readData(dir, p, data, list)
		}
		if !e.IsDir() && strings.EqualFold(filepath.Ext(name), ".md") {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	return files, links, err
}

func readData(dir, p string, data map[string][]byte, list *diag.List) error {
	entries, err := os.ReadDir(p)
	if err != nil {
		list.Add(diag.Errorf(relPath(dir, p), 0, "cannot read data folder: %v", unwrapPath(err)))
		return filepath.SkipDir
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if seal.IsLink(e) {
			if d := seal.CheckLink(dir, filepath.Join(p, e.Name())); d != nil {
				list.Add(d)
				continue
			}
		}
		b, err := os.ReadFile(filepath.Join(p, e.Name()))
		if err != nil {
			list.Add(diag.Errorf(relPath(dir, filepath.Join(p, e.Name())), 0, "cannot read: %v", unwrapPath(err)))
			continue
		}
		data[e.Name()] = b
	}
	return filepath.SkipDir
}

// File reads and decodes one document with the configuration's extra
// fields, and applies the configuration's defaults (see defaults). It returns
// nil and the problems when the file cannot be used.
func File(dir, path string, cfg *config.Config) (*site.Document, []*diag.Diagnostic) {
	return readSource(dir, path, nil, false, true).document(cfg, nil)
}

// source is a document's file as read: its path relative to the site
// folder, its text (see normalize) and, when summed, the SourceSum of its
// bytes; or why it is no document.
type source struct {
	rel    string
	text   []byte
	sum    [32]byte
	summed bool
	err    *diag.Diagnostic
}

// readSource reads the file path of the site folder dir, making its
// SourceSum with the extra fields if sum is set, and its text. A path
// that may be a symbolic link (link) is read if it leads inside the site
// (seal.Check); any other is not followed if it has become one since it
// was listed.
func readSource(dir, path string, extra []string, sum, link bool) source {
	s := source{rel: relPath(dir, path), summed: sum}
	if link {
		if s.err = seal.Check(dir, path); s.err != nil {
			return s
		}
	}
	data, err := readFile(path, !link)
	if err != nil {
		s.err = diag.Errorf(s.rel, 0, "cannot read: %v", unwrapPath(err))
		return s
	}
	if sum {
		s.sum = SourceSum(s.rel, data, extra)
	}
	s.text, s.err = normalize(s.rel, data)
	return s
}

// document decodes s with the configuration's extra fields, taking the
// front matter from m when m remembers it (m is used only when s is
// summed), and applies the configuration's defaults.
func (s source) document(cfg *config.Config, m *Memo) (*site.Document, []*diag.Diagnostic) {
	if s.err != nil {
		return nil, []*diag.Diagnostic{s.err}
	}
	if !s.summed {
		m = nil
	}
	doc, ds := decodeText(s.rel, s.text, s.sum, cfg.ExtraFields, m)
	if doc != nil {
		defaults(&doc.Meta, cfg)
	}
	return doc, ds
}

// defaults gives the fields a document leaves out their value from the
// configuration: the classification "internal", or the lowest one when
// the configuration has no "internal".
func defaults(m *site.Meta, cfg *config.Config) {
	if m.Classification == "" {
		m.Classification = defaultClass(cfg)
	}
}

func defaultClass(cfg *config.Config) string {
	if slices.Contains(cfg.Classes, "internal") {
		return "internal"
	}
	return cfg.Classes[0]
}

// tooLarge is the error of a file of size bytes, if it is more than
// MaxFileSize.
func tooLarge(size int64) error {
	if size > MaxFileSize {
		return fmt.Errorf("file is %d MB, more than the %d MB limit", size>>20, MaxFileSize>>20)
	}
	return nil
}

// Parse decodes a document's bytes, with extra the fields the configuration
// declares; rel is the path used in messages. It applies no defaults. The
// document's Body is the tail of data with its line breaks normalised to
// "\n" (see diag.NormalizeNewlines), so it has the lines of the file.
func Parse(rel string, data []byte, extra []string) (*site.Document, []*diag.Diagnostic) {
	return parse(rel, data, extra, nil)
}

// parse is Parse, taking the front matter's decoding from m when m has
// it for these bytes.
func parse(rel string, data []byte, extra []string, m *Memo) (*site.Document, []*diag.Diagnostic) {
	var sum [32]byte
	if m != nil {
		sum = SourceSum(rel, data, extra)
	}
	text, d := normalize(rel, data)
	if d != nil {
		return nil, []*diag.Diagnostic{d}
	}
	return decodeText(rel, text, sum, extra, m)
}

// normalize returns the text of a file's bytes data as the decoders read
// it, or the problem that makes it no document.
func normalize(rel string, data []byte) ([]byte, *diag.Diagnostic) {
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, diag.Errorf(rel, 0, "binary file, not Markdown text")
	}
	// One kind of line break from here on, so that the front-matter
	// delimiters are found and every line counted as the decoders and the
	// author's editor count them (a lone "\r" is a line break to YAML, JSON
	// and CommonMark). Line numbers stay those of the file.
	data = diag.NormalizeNewlines(data)
	if !utf8.Valid(data) {
		return nil, diag.Errorf(rel, invalidUTF8Line(data), "invalid UTF-8 text")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, diag.Errorf(rel, 0, "empty file: a document needs front matter (id, title, type, ...)")
	}
	return data, nil
}

// decodeText makes the document of text (normalize's), taking the front
// matter's decoding from m when m has it for sum, the SourceSum of the
// file's bytes.
func decodeText(rel string, data []byte, sum [32]byte, extra []string, m *Memo) (*site.Document, []*diag.Diagnostic) {
	var f *front
	if m == nil {
		f = decodeFront(rel, data, extra)
	} else {
		f = m.decode(sum, func() *front { return decodeFront(rel, data, extra).summed(rel, data) })
	}
	if !f.OK {
		return nil, f.diags()
	}
	doc := &site.Document{Path: rel, Meta: f.Meta, Lines: f.Lines, BodyLine: f.BodyLine, Sum: f.Sum, MetaSum: f.MetaSum}
	errs := f.diags()
	body, capped := data[f.BodyAt:], -1
	if !f.Flat {
		body, capped = capNesting(body)
	}
	doc.Body = body
	if capped >= 0 {
		errs = append(errs, diag.Warnf(rel, doc.BodyLine+capped,
			"nested deeper than %d block quotes or list levels, or indented more than %d columns: flattened to that depth", MaxNesting, MaxIndent))
	}
	return doc, errs
}

// decodeFront decodes the front matter of data, normalised by parse.
func decodeFront(rel string, data []byte, extra []string) *front {
	fail := func(d *diag.Diagnostic) *front { return &front{Diags: []*diag.Diagnostic{d}} }
	open := openingLine(data)
	r, at, err := parseFront(data, frontPrefix)
	if err != nil {
		first := strings.TrimSpace(lineAt(data, open))
		if slices.Contains([]string{"---", "+++", "{"}, first) {
			return fail(diag.Errorf(rel, open, "front matter opened with %q is never closed", first))
		}
		return fail(diag.Errorf(rel, open, "no front matter: a document starts with --- (YAML), +++ (TOML) or { (JSON)"))
	}
	offset := open // the first captured line is the one after the delimiter
	if r.format == "json" {
		offset = open - 1
	}
	root, err := decode(r)
	if err != nil {
		var pe *posError
		errors.As(err, &pe)
		return fail(diag.Errorf(rel, offset+max(pe.line, 1), "%s", pe.msg))
	}
	if !root.isMap {
		return fail(diag.Errorf(rel, open, "front matter must be a mapping of fields"))
	}
	md := metaDecoder{path: rel, offset: offset, extra: extra}
	meta, lines := md.decode(root)
	lines[""] = open
	// The body is data's own tail, not the copy of it in the front-matter
	// parser's buffer (66 MB alive instead of 119 MB for 10,000 documents).
	return &front{OK: true, Meta: meta, Lines: lines, BodyAt: at,
		BodyLine: 1 + bytes.Count(data[:at], []byte("\n")), Diags: md.errs}
}

// frontPrefix is how much of a file frontmatter.MustParse is given
// first: the front matter of nearly every document ends within it, and
// the parser copies all it is given, body included, through a buffer
// grown by doubling.
const frontPrefix = 2 << 10

// parseFront is frontmatter.MustParse on data with formats: the front
// matter captured, and the offset of the body. The parser is given the
// first prefix bytes of data first; a body starting before the prefix's
// end means it read whole lines only, each as in data, so the result is
// the same as data's. Otherwise it is given the whole of data.
func parseFront(data []byte, prefix int) (r raw, bodyAt int, err error) {
	if len(data) > prefix {
		rest, err := frontmatter.MustParse(bytes.NewReader(data[:prefix]), &r, formats...)
		if err == nil && len(rest) > 0 {
			return r, prefix - len(rest), nil
		}
		r = raw{}
	}
	rest, err := frontmatter.MustParse(bytes.NewReader(data), &r, formats...)
	return r, len(data) - len(rest), err
}

// openingLine is the 1-based line of the first non-blank line.
func openingLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data) - 1
		}
		if len(bytes.TrimSpace(data[:i+1])) > 0 {
			return line
		}
		data = data[i+1:]
		line++
	}
	return line
}

func lineAt(data []byte, n int) string {
	lines := bytes.SplitN(data, []byte("\n"), n+1)
	if n-1 < len(lines) {
		return string(lines[n-1])
	}
	return ""
}

func invalidUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

func relPath(dir, p string) string {
	if rel, err := filepath.Rel(dir, p); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}

// unwrapPath drops the path from an *fs.PathError: messages already start with it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
