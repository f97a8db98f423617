package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"handbook/internal/markdown"
	"handbook/internal/scaffold"
)

// readDocxFiles reads each .docx source; one that cannot be read is a
// problem in the summary and the others go on. Only a missing pandoc stops
// the import.
func readDocxFiles(ctx context.Context, opts Options, classes []string, sum *Summary) ([]*Doc, error) {
	var docs []*Doc
	for _, src := range wordFiles(opts.Sources, sum) {
		d, err := readDocx(ctx, opts.Pandoc, src, classes)
		if errors.Is(err, ErrNoPandoc) {
			return nil, err
		}
		if err != nil {
			sum.problem(src, 0, "%v", err)
			continue
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// wordFiles lists the sources, each folder replaced by the .docx and .doc
// files in it.
func wordFiles(sources []string, sum *Summary) []string {
	var out []string
	for _, s := range sources {
		entries, err := os.ReadDir(s)
		if err != nil {
			out = append(out, s) // a file, or a folder whose problem readDocx reports
			continue
		}
		n := len(out)
		for _, e := range entries {
			if ext := strings.ToLower(filepath.Ext(e.Name())); !e.IsDir() && (ext == ".docx" || ext == ".doc") && !strings.HasPrefix(e.Name(), "~$") {
				out = append(out, filepath.Join(s, e.Name()))
			}
		}
		if len(out) == n {
			sum.problem(s, 0, "no Word documents (.docx) in this folder")
		}
	}
	return out
}

// readDocx reads one Word document through pandoc into a Doc.
func readDocx(ctx context.Context, pandoc, src string, classes []string) (*Doc, error) {
	if err := checkDocx(src); err != nil {
		return nil, err
	}
	media, err := os.MkdirTemp("", "handbook-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(media)
	out, err := runPandoc(ctx, pandoc, nil, "--from=docx", "--to=json", "--track-changes=accept", "--extract-media="+media, src)
	if err != nil {
		return nil, fmt.Errorf("not a readable .docx (corrupt, or saved by a program pandoc cannot read): %w", err)
	}
	var pd pandocDoc
	if err := json.Unmarshal(out, &pd); err != nil {
		return nil, fmt.Errorf("pandoc's output: %w", err)
	}
	// SourceRel lets the other imported documents' links to this file
	// ("Access Control Policy.docx") find it.
	d := &Doc{Source: src, SourceRel: filepath.Base(src)}
	d.Title = stringify(content(pd.Meta["title"]))
	if word, err := headingNumbers(src); err == nil {
		numberHeadings(d, pd.Blocks, word)
	}
	body := splitDocx(d, pd.Blocks, classes)
	completeFromHistory(d)
	if d.Title == "" {
		d.Title = titleFromFile(src)
		d.guess("title", d.Title, "the file name: the document has no Title paragraph")
	}
	if d.Images, err = extractImages(body, media, scaffold.Slug(d.Title)); err != nil {
		return nil, err
	}
	body = unwrapFigures(body)
	promoteHeaderRows(body)
	flattenTables(d, body)
	headings, sections := anchorHeadings(body)
	internalLinks(d, body, headings, sections)
	data, err := encodeBlocks(&pd, body)
	if err != nil {
		return nil, err
	}
	md, err := runPandoc(ctx, pandoc, data, "--from=json", "--to=gfm", "--wrap=none")
	if err != nil {
		return nil, err
	}
	d.Body = unescapePlaceholders(string(md))
	return d, nil
}

// checkDocx refuses what pandoc cannot read, saying what to do: an old
// .doc, a password-protected .docx (an encrypted OLE file, not a zip), a
// file that is not a zip archive.
func checkDocx(src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ole := bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	switch ext := strings.ToLower(filepath.Ext(src)); {
	case ext == ".doc":
		return errors.New("an old binary Word document (.doc): open it in Word or LibreOffice, save it as .docx, and import that")
	case ext != ".docx":
		return fmt.Errorf("not a .docx file (give Word .docx documents, or --from hugo|jekyll|mkdocs|plain for a Markdown site)")
	case ole:
		return errors.New("password-protected (encrypted) .docx, or a .doc renamed: remove the password in Word (File > Info > Protect Document) and save it as .docx")
	case !bytes.HasPrefix(head, []byte("PK")):
		return errors.New("not a readable .docx: the file is corrupt (not a zip archive)")
	}
	return nil
}

// skipSections are headings of the parts of a toolkit document the front
// matter replaces: its table of contents and document control.
var skipSections = []string{
	"contents", "table of contents", "document control", "document information", "document details",
	"revision history", "version history", "document history", "change history", "version control",
	"amendment history", "document revision history", "approval", "approvals", "document approval",
}

// splitDocx reads the document-control and revision-history tables into d
// and returns the body: without the cover page (everything before the
// first heading), the table of contents and the document-control sections.
func splitDocx(d *Doc, blocks []any, classes []string) []any {
	var body []any
	dropped := 0
	skipLevel := 0 // inside a skipped section of this level; 0 outside
	started := false
	for _, b := range blocks {
		level, text, isHeader := header(b)
		if isHeader {
			if skip := isSkipSection(text); skip || (skipLevel > 0 && level > skipLevel) {
				if skip {
					skipLevel = level
				}
				dropped++
				continue
			}
			skipLevel = 0
			started = true
		}
		if tag(b) == "Table" && (!started || skipLevel > 0) {
			if readControlTable(d, tableRows(b), classes) {
				continue
			}
		}
		if !started || skipLevel > 0 || isTOC(b) {
			dropped++
			continue
		}
		body = append(body, b)
	}
	if dropped > 0 {
		d.guess("body", "from the first heading on", fmt.Sprintf("the cover page, table of contents and document control (%d blocks) dropped", dropped))
	}
	return body
}

func isSkipSection(text string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimLeft(text, "0123456789. "), " :"))
	for _, s := range skipSections {
		if t == s {
			return true
		}
	}
	return false
}

// readControlTable reads a document-control or revision-history table
// into d; it reports false for any other table.
func readControlTable(d *Doc, rows [][]string, classes []string) bool {
	if revs, ok := revisionRows(rows); ok {
		applyHistory(d, revs)
		return true
	}
	if pairs, ok := controlPairs(rows); ok {
		applyControl(d, pairs, classes)
		return true
	}
	return false
}

// isTOC reports a paragraph of a Word table of contents: only links to the
// document's own _Toc bookmarks.
func isTOC(b any) bool {
	if t := tag(b); t != "Para" && t != "Plain" {
		return false
	}
	links, toc := 0, 0
	walkTag(content(b), "Link", 3, func(_ map[string]any, c []any) {
		links++
		if target := items(c[2]); len(target) == 2 {
			if u, _ := target[0].(string); strings.HasPrefix(u, "#_Toc") {
				toc++
			}
		}
	})
	return links > 0 && links == toc
}

// extractImages moves the images pandoc extracted into the document's
// static folder (images/<slug>/) and points their links there, relative
// to the page (/docs/<id>/) so that any base_url works. Sizes pandoc read
// are dropped: they would make the GFM writer emit raw HTML.
func extractImages(body []any, media, slug string) ([]Image, error) {
	var imgs []Image
	seen := map[string]string{}
	var failed error
	walkTag(body, "Image", 3, func(_ map[string]any, c []any) {
		target := items(c[2])
		if len(target) != 2 {
			return
		}
		src, _ := target[0].(string)
		if !strings.HasPrefix(filepath.Clean(src), filepath.Clean(media)+string(filepath.Separator)) {
			return // an image linked, not embedded: its address stays
		}
		dest, ok := seen[src]
		if !ok {
			data, err := os.ReadFile(src)
			if err != nil {
				failed = errors.Join(failed, fmt.Errorf("image %s: cannot read what pandoc extracted", path.Base(src)))
				return
			}
			dest = fmt.Sprintf("images/%s/image%d%s", slug, len(imgs)+1, strings.ToLower(path.Ext(filepath.ToSlash(src))))
			seen[src] = dest
			imgs = append(imgs, Image{Path: dest, Data: data})
		}
		target[0] = "../../" + dest
		c[0] = emptyAttr()
	})
	return imgs, failed
}

// unwrapFigures replaces each Figure block (pandoc 3 makes one of an image
// with a caption) by its content and its caption's paragraphs, which the
// GFM writer would otherwise write as raw HTML.
func unwrapFigures(blocks []any) []any {
	var out []any
	for _, b := range blocks {
		c := items(content(b))
		if tag(b) != "Figure" || len(c) != 3 {
			out = append(out, b)
			continue
		}
		out = append(out, items(c[2])...)
		if caption := items(c[1]); len(caption) == 2 {
			out = append(out, items(caption[1])...)
		}
	}
	return out
}

// promoteHeaderRows makes the first row of a table without a header row
// its header: Word marks no header row unless asked, and a GitHub table
// with an empty header row reads badly.
func promoteHeaderRows(body []any) {
	walkTag(body, "Table", 6, func(_ map[string]any, c []any) {
		head, bodies := items(c[3]), items(c[4])
		if len(head) != 2 || len(items(head[1])) > 0 || len(bodies) == 0 {
			return
		}
		first := items(bodies[0])
		if len(first) != 4 || len(items(first[3])) < 2 {
			return
		}
		rows := items(first[3])
		head[1] = []any{rows[0]}
		first[3] = rows[1:]
	})
}

// headingNumber is a heading's leading number, as in "2.1. Scope".
var headingNumber = regexp.MustCompile(`^\d+(?:\.\d+)*\.?\s+`)

// anchorHeadings moves each heading one level down (the title is the
// page's only h1) and gives it a stable anchor: its text without the
// number, so that links survive a renumbering ("2.1. Scope of
// Certification" -> {#scope-of-certification}). It returns the anchor of
// each heading by the id pandoc gave it, and the anchor of the section
// each block is in.
func anchorHeadings(body []any) (byID map[string]string, sections []string) {
	used := map[string]int{}
	byID = map[string]string{}
	sections = make([]string, len(body))
	section := ""
	for i, b := range body {
		level, text, ok := header(b)
		if !ok {
			sections[i] = section
			continue
		}
		c := items(content(b))
		c[0] = float64(min(level+1, 6))
		anchor := markdown.Slug(headingNumber.ReplaceAllString(text, ""))
		if anchor == "" {
			continue
		}
		used[anchor]++
		if n := used[anchor]; n > 1 {
			anchor += "-" + strconv.Itoa(n)
		}
		if attr := items(c[1]); len(attr) == 3 {
			if id, _ := attr[0].(string); id != "" {
				byID[id] = anchor
			}
			attr[0] = ""
		}
		c[2] = append(items(c[2]), map[string]any{"t": "Space"}, map[string]any{"t": "RawInline", "c": []any{"markdown", "{#" + anchor + "}"}})
		section = anchor
		sections[i] = section
	}
	return byID, sections
}

// internalLinks points the document's links to its own headings and
// bookmarks at the headings' new anchors (a bookmark's link goes to its
// section), and turns links to bookmarks that are gone into text. Word
// bookmarks themselves are dropped: raw HTML anchors would litter the page.
func internalLinks(d *Doc, body []any, headings map[string]string, sections []string) {
	bookmarks := map[string]string{} // bookmark id -> its section's anchor
	for i, b := range body {
		section := sections[i]
		walkTag(b, "Span", 2, func(_ map[string]any, c []any) {
			if attr := items(c[0]); len(attr) == 3 {
				if id, _ := attr[0].(string); id != "" && section != "" {
					bookmarks[id] = section
				}
				c[0] = emptyAttr()
			}
		})
	}
	walkTag(body, "Link", 3, func(e map[string]any, c []any) {
		if len(items(c[2])) != 2 {
			return
		}
		target := items(c[2])
		u, _ := target[0].(string)
		id, ok := strings.CutPrefix(u, "#")
		if !ok {
			return
		}
		switch {
		case headings[id] != "":
			target[0] = "#" + headings[id]
		case bookmarks[id] != "":
			target[0] = "#" + bookmarks[id]
			d.rewritten = append(d.rewritten, LinkReport{At: d.Source, Target: u, To: "#" + bookmarks[id]})
		default:
			e["t"], e["c"] = "Span", []any{emptyAttr(), c[1]}
			d.left = append(d.left, LinkReport{At: d.Source, Target: u, Why: "a bookmark that is not in the document: kept as text"})
		}
	})
}

// escapedPlaceholder is a placeholder the GFM writer escaped: \[Organization Name\].
var escapedPlaceholder = regexp.MustCompile(`\\\[([^\[\]\n\\]{1,60})\\\]`)

// unescapePlaceholders writes placeholders as they were in the document,
// so that handbook.yaml's placeholders find them.
func unescapePlaceholders(md string) string {
	return escapedPlaceholder.ReplaceAllString(md, "[$1]")
}

// titleFromFile makes a title of a file name: "information-security_policy.docx" -> "information security policy".
func titleFromFile(src string) string {
	name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	return strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }), " ")
}
