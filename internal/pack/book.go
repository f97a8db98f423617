// Package pack makes the audit pack: the handbook as one printable page
// (cover, contents with page numbers, the figures, every document with its
// control block, links between documents turned into links inside the
// book), the page numbers read back from its PDF, and the pack's zip with
// a manifest of hashes. It works on a built site folder, so that what is
// printed is what the site shows, for the same audience.
package pack

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"handbook/internal/site"
)

// Doc is one document of the book.
type Doc struct {
	ID, Title, Version, Status string
}

// Group is one level of the documentation structure (Figure 2) and its
// documents, in the order the book prints them.
type Group struct {
	Name string
	Docs []Doc
}

// Book is the handbook as one printable page.
type Book struct {
	Title, Organisation string
	// Date is the day the copy is controlled as of (YYYY-MM-DD).
	Date   string
	Groups []Group
	// SiteURL is the published handbook's absolute address, for links to
	// pages that are not in the book ("" prints them as plain text).
	SiteURL string
}

// Docs lists the book's documents in print order.
func (b Book) Docs() []Doc {
	var out []Doc
	for _, g := range b.Groups {
		out = append(out, g.Docs...)
	}
	return out
}

// Figures of the built site that the book prints on pages of their own.
var figures = []struct{ file, caption string }{
	{"scope.svg", "Figure 1 - ISO/IEC 20000:2018 scope"},
	{"structure.svg", "Figure 2 - Service management system documentation structure"},
}

//go:embed book.html
var bookHTML string

var bookTemplate = template.Must(template.New("book").Parse(bookHTML))

// bookView is what book.html shows.
type bookView struct {
	Book
	Entries  []tocGroup
	PageCSS  template.CSS
	Figures  []template.HTML
	Captions []string
	Articles []template.HTML
}

type tocGroup struct {
	Name    string
	Entries []tocEntry
}

type tocEntry struct {
	Doc
	Anchor, Page string
}

// HTML assembles the book from the built site in dir (built with base URL
// "/"). pages gives the page each document starts on, by id; without it
// (the first printing, which finds them) the contents show placeholders
// of the same width, so that the pages do not move.
func (b Book) HTML(dir string, pages map[string]int) ([]byte, error) {
	docs := b.Docs()
	inBook := make(map[string]string, len(docs)) // lower-case id -> anchor
	for _, d := range docs {
		inBook[strings.ToLower(d.ID)] = anchor(d.ID)
	}
	rw := rewriter{inBook: inBook, siteURL: b.SiteURL}
	v := bookView{Book: b}
	var css strings.Builder
	for i, d := range docs {
		art, err := rw.article(filepath.Join(dir, filepath.FromSlash(site.DocPath(d.ID)), "index.html"), d, fmt.Sprintf("p%d", i))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.ID, err)
		}
		v.Articles = append(v.Articles, art)
		fmt.Fprintf(&css, "@page p%d { @top-left { content: %s; } }\n", i, cssString(d.ID+" · v"+d.Version+" · "+d.Status))
	}
	v.PageCSS = template.CSS(css.String())
	for _, g := range b.Groups {
		tg := tocGroup{Name: g.Name}
		for _, d := range g.Docs {
			page := "000"
			if n, ok := pages[d.ID]; ok {
				page = fmt.Sprint(n)
			}
			tg.Entries = append(tg.Entries, tocEntry{Doc: d, Anchor: anchor(d.ID), Page: page})
		}
		v.Entries = append(v.Entries, tg)
	}
	for i, f := range figures {
		svg, err := rw.figure(filepath.Join(dir, f.file), fmt.Sprintf("figure%d--", i+1))
		if os.IsNotExist(err) {
			continue // a build without figures
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.file, err)
		}
		v.Figures = append(v.Figures, svg)
		v.Captions = append(v.Captions, f.caption)
	}
	var out bytes.Buffer
	if err := bookTemplate.Execute(&out, v); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// anchor is the id of a document's article in the book.
func anchor(id string) string { return "doc-" + strings.ToLower(id) }

// cssString quotes s as a CSS string: quotes, backslashes and control
// characters escaped.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			fmt.Fprintf(&b, "\\%x ", r)
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// rewriter turns a page's HTML into part of the book: ids made unique
// with a prefix, links to documents in the book turned into links inside
// it, links to the rest of the site made absolute (or dropped).
type rewriter struct {
	inBook  map[string]string
	siteURL string
}

// article reads a built document page and returns its article, with the
// named page of its running header, without the screen-only parts.
func (rw rewriter) article(path string, d Doc, page string) (template.HTML, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	root, err := html.Parse(f)
	if err != nil {
		return "", err
	}
	art := find(root, func(n *html.Node) bool { return n.Data == "article" && attr(n, "data-id") == d.ID })
	if art == nil {
		return "", fmt.Errorf("%s shows no article of the document (is layouts/doc.html overridden?)", path)
	}
	drop(art, func(n *html.Node) bool {
		c := " " + attr(n, "class") + " "
		return strings.Contains(c, " toc ") || strings.Contains(c, " relations ") || strings.Contains(c, " visually-hidden ")
	})
	prefix := anchor(d.ID) + "--"
	rw.rewrite(art, prefix)
	setAttr(art, "id", anchor(d.ID))
	setAttr(art, "style", "page: "+page)
	var b strings.Builder
	if err := html.Render(&b, art); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // the build's own output, parsed and re-rendered
}

// figure reads a drawn figure (SVG) and returns it for the book.
func (rw rewriter) figure(path, prefix string) (template.HTML, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(bytes.NewReader(b), body)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, n := range nodes {
		if n.Type != html.ElementNode {
			continue
		}
		rw.rewrite(n, prefix)
		if err := html.Render(&out, n); err != nil {
			return "", err
		}
	}
	return template.HTML(out.String()), nil
}

// rewrite prefixes the ids under n (and the references to them), and
// points links into the book.
func (rw rewriter) rewrite(n *html.Node, prefix string) {
	walk(n, func(n *html.Node) {
		for i, a := range n.Attr {
			switch a.Key {
			case "id":
				n.Attr[i].Val = prefix + a.Val
			case "aria-labelledby", "aria-describedby":
				f := strings.Fields(a.Val)
				for j := range f {
					f[j] = prefix + f[j]
				}
				n.Attr[i].Val = strings.Join(f, " ")
			case "href":
				n.Attr[i].Val = rw.link(a.Val, prefix)
			}
		}
		n.Attr = deleteEmpty(n.Attr, "href")
	})
}

// link returns where a link goes in the book: "#..." inside it, the
// published page, or "" (no link) for a page of the site the book lacks
// when the site has no absolute address.
func (rw rewriter) link(href, prefix string) string {
	if frag, ok := strings.CutPrefix(href, "#"); ok {
		return "#" + prefix + frag
	}
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return href // elsewhere: kept as it is
	}
	if id, ok := strings.CutPrefix(strings.TrimSuffix(u.Path, "/"), "/docs/"); ok && !strings.Contains(id, "/") {
		if a, ok := rw.inBook[strings.ToLower(id)]; ok {
			if u.Fragment == "" {
				return "#" + a
			}
			return "#" + a + "--" + u.Fragment
		}
	}
	if rw.siteURL == "" {
		return ""
	}
	return strings.TrimSuffix(rw.siteURL, "/") + "/" + strings.TrimPrefix(href, "/")
}

func deleteEmpty(attrs []html.Attribute, key string) []html.Attribute {
	out := attrs[:0]
	for _, a := range attrs {
		if a.Key == key && a.Val == "" {
			continue
		}
		out = append(out, a)
	}
	return out
}

func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := find(c, match); m != nil {
			return m
		}
	}
	return nil
}

// drop removes the elements under n that match.
func drop(n *html.Node, match func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && match(c) {
			n.RemoveChild(c)
		} else {
			drop(c, match)
		}
		c = next
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}
