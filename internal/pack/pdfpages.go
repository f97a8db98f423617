package pack

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// OutlinePages returns the page (1-based) that each top-level entry of a
// PDF's outline points to, in outline order. It reads the PDF files that
// Chromium writes (Skia: PDF 1.4, a classic cross-reference table, the
// outline's entries with /Dest arrays), and says so when a file is not
// of that kind.
func OutlinePages(pdf []byte) ([]int, error) {
	r, err := newPDFReader(pdf)
	if err != nil {
		return nil, err
	}
	root, err := r.ref(r.trailer, "Root")
	if err != nil {
		return nil, fmt.Errorf("trailer: %w", err)
	}
	catalog := r.object(root)
	pagesRef, err := r.ref(catalog, "Pages")
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	pageNo := map[int]int{}
	if err := r.pages(pagesRef, pageNo, 0); err != nil {
		return nil, err
	}
	outlines, err := r.ref(catalog, "Outlines")
	if err != nil {
		return nil, nil // no outline
	}
	var out []int
	seen := map[int]bool{}
	item, err := r.ref(r.object(outlines), "First")
	for err == nil && !seen[item] {
		seen[item] = true
		obj := r.object(item)
		m := destRe.FindSubmatch(obj)
		if m == nil {
			return nil, fmt.Errorf("outline entry %d has no /Dest to a page", item)
		}
		page, _ := strconv.Atoi(string(m[1]))
		n, ok := pageNo[page]
		if !ok {
			return nil, fmt.Errorf("outline entry %d points to object %d, not a page", item, page)
		}
		out = append(out, n)
		item, err = r.ref(obj, "Next")
	}
	return out, nil
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	sectionRe   = regexp.MustCompile(`^(\d+) (\d+)\s*\n`)
	kidsRe      = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	refRe       = regexp.MustCompile(`(\d+) 0 R`)
	destRe      = regexp.MustCompile(`/Dest\s*\[\s*(\d+) 0 R`)
	pagesTypeRe = regexp.MustCompile(`/Type\s*/Pages\b`)
	// literalRe matches a literal string (escaped parentheses inside), left
	// out before looking for keys, so that a title cannot look like one.
	literalRe = regexp.MustCompile(`\((?:\\.|[^\\()])*\)`)
)

// pdfReader finds the objects of a PDF through its cross-reference table.
type pdfReader struct {
	data    []byte
	offsets map[int]int // object number -> byte offset
	trailer []byte
}

func newPDFReader(data []byte) (*pdfReader, error) {
	m := startxrefRe.FindSubmatch(data[max(0, len(data)-64):])
	if m == nil {
		return nil, errors.New("not a complete PDF file (no startxref at its end)")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at >= len(data) || !bytes.HasPrefix(data[at:], []byte("xref")) {
		return nil, errors.New("the PDF has no classic cross-reference table (a PDF 1.5 stream?); only Chromium's PDF files are read")
	}
	r := &pdfReader{data: data, offsets: map[int]int{}}
	rest := bytes.TrimLeft(data[at+len("xref"):], "\r\n ")
	for {
		sec := sectionRe.FindSubmatch(rest)
		if sec == nil {
			break
		}
		first, _ := strconv.Atoi(string(sec[1]))
		count, _ := strconv.Atoi(string(sec[2]))
		rest = rest[len(sec[0]):]
		if len(rest) < 20*count {
			return nil, errors.New("the cross-reference table is cut short")
		}
		for i := range count {
			e := rest[20*i : 20*i+20]
			if e[17] == 'n' {
				off, _ := strconv.Atoi(string(e[:10]))
				r.offsets[first+i] = off
			}
		}
		rest = rest[20*count:]
	}
	t, ok := bytes.CutPrefix(bytes.TrimLeft(rest, "\r\n "), []byte("trailer"))
	if !ok {
		return nil, errors.New("no trailer after the cross-reference table")
	}
	r.trailer = t
	return r, nil
}

// object returns the dictionary text of object n (up to its stream or
// its end), literal strings blanked out; nil when there is no object n.
func (r *pdfReader) object(n int) []byte {
	off, ok := r.offsets[n]
	if !ok || off >= len(r.data) {
		return nil
	}
	b := r.data[off:]
	if i := bytes.Index(b, []byte("endobj")); i >= 0 {
		b = b[:i]
	}
	if i := bytes.Index(b, []byte("stream")); i >= 0 {
		b = b[:i]
	}
	return literalRe.ReplaceAll(b, []byte("()"))
}

// ref returns the object number of `/key N 0 R` in a dictionary's text.
func (r *pdfReader) ref(dict []byte, key string) (int, error) {
	m := regexp.MustCompile(`/` + key + `\s+(\d+) 0 R`).FindSubmatch(dict)
	if m == nil {
		return 0, fmt.Errorf("no /%s", key)
	}
	return strconv.Atoi(string(m[1]))
}

// pages numbers the leaves of the page tree under node in order.
func (r *pdfReader) pages(node int, pageNo map[int]int, depth int) error {
	if depth > 32 {
		return errors.New("the page tree is too deep (a cycle?)")
	}
	obj := r.object(node)
	if obj == nil {
		return fmt.Errorf("page tree object %d is missing", node)
	}
	if !pagesTypeRe.Match(obj) {
		pageNo[node] = len(pageNo) + 1
		return nil
	}
	kids := kidsRe.FindSubmatch(obj)
	if kids == nil {
		return fmt.Errorf("page tree node %d has no /Kids", node)
	}
	for _, k := range refRe.FindAllSubmatch(kids[1], -1) {
		n, _ := strconv.Atoi(string(k[1]))
		if err := r.pages(n, pageNo, depth+1); err != nil {
			return err
		}
	}
	return nil
}
