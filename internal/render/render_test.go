package render

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/parser"

	handbook "handbook"
	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/load"
	"handbook/internal/markdown"
	"handbook/internal/register"
	"handbook/internal/site"
	"handbook/internal/sitetest"
	"handbook/internal/theme"
	"handbook/internal/validate"
)

var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// snapshot loads, validates and converts the shared fixture
// process-children as package build does, and returns the snapshot its
// pages are made from.
func snapshot(t *testing.T) *Snapshot {
	t.Helper()
	dir := sitetest.FromTxtar(t, sitetest.Shared(t, "process-children"))
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, list, err := load.WithConfig(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	list.Merge(validate.Site(s, today))
	if errs, _ := list.Count(); errs > 0 {
		t.Fatal(list.All())
	}
	ix := link.NewIndex(s, nil)
	conv := markdown.New(cfg, ix.Extension())
	snap := &Snapshot{Config: cfg, Index: ix, Docs: s.Docs, Pages: map[string]*markdown.Result{}, Today: today}
	var refs []link.Ref
	for _, d := range s.Docs {
		var pc parser.Context
		res := conv.Convert(d, func(p parser.Context) { pc = p; link.Attach(p, d) })
		r, _ := link.Results(pc)
		refs = append(refs, r...)
		snap.Pages[d.Meta.ID] = &res
	}
	snap.Graph = link.NewGraph(ix, s.Docs, refs)
	if snap.Theme, err = theme.Load(handbook.Theme, "", snap.Funcs(), &diag.List{}); err != nil {
		t.Fatal(err)
	}
	snap.Nav = snap.MakeNav()
	return snap
}

// TestSnapshotIsReadOnly makes every kind of page of a snapshot and checks
// that the snapshot's documents and rendered bodies are as they were: the
// package's contract.
func TestSnapshotIsReadOnly(t *testing.T) {
	snap := snapshot(t)
	docs := make([]site.Document, len(snap.Docs))
	for i, d := range snap.Docs {
		docs[i] = *d
	}
	html := map[string][]byte{}
	for id, p := range snap.Pages {
		html[id] = bytes.Clone(p.HTML)
	}

	kids := snap.Children()
	for _, d := range snap.Docs {
		if _, err := snap.Render("doc", snap.DocPage(d, kids)); err != nil {
			t.Fatal(err)
		}
	}
	log, err := snap.Log(register.Rows(snap.Docs, func(d *site.Document) string { return d.URLPath() }))
	if err != nil {
		t.Fatal(err)
	}
	for kind, main := range map[string]any{"home": snap.Home(), "log": log, "clauses": snap.Clauses(),
		"reviews": snap.Reviews(), "search": snap.Search(nil)} {
		p := snap.NewPage(kind, kind, kind+"/")
		p.Main = main
		if _, err := snap.Render(kind, p); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}

	for i, d := range snap.Docs {
		if !reflect.DeepEqual(*d, docs[i]) {
			t.Errorf("%s changed while its pages were made", d.Meta.ID)
		}
		if !bytes.Equal(snap.Pages[d.Meta.ID].HTML, html[d.Meta.ID]) {
			t.Errorf("%s: rendered body changed while its pages were made", d.Meta.ID)
		}
	}
}

// TestDocPage: a document page's view holds its place in the structure,
// its table of contents and the documents referring to it.
func TestDocPage(t *testing.T) {
	snap := snapshot(t)
	kids := snap.Children()
	d, _ := snap.Index.Doc("SMS-PROC-001")
	page := snap.DocPage(d, kids)
	v := page.Doc
	if v.Parent == nil || v.Parent.ID != "SMS-PRC-001" || v.Next == nil || v.Next.ID != "SMS-PROC-002" || v.Prev != nil {
		t.Errorf("parent %v, previous %v, next %v", v.Parent, v.Prev, v.Next)
	}
	if !v.DueSoon || v.Overdue {
		t.Errorf("review 2026-06-10 on %s: due soon %v, overdue %v", today.Format(time.DateOnly), v.DueSoon, v.Overdue)
	}
	if got := v.Updated.String(); got != "2026-01-01" {
		t.Errorf("updated %s, want the history's 2026-01-01", got)
	}
	if v.Parent.Link == "" || len(page.CrumbLinks) != 1 || v.Clauses[0].Link == "" {
		t.Errorf("links not rendered once for the page: parent %q, crumbs %q, clause %q", v.Parent.Link, page.CrumbLinks, v.Clauses[0].Link)
	}
	p, _ := snap.Index.Doc("SMS-PRC-001")
	pv := snap.DocPage(p, kids).Doc
	if refs := refIDs(pv.ReferencedBy); !slices.Equal(refs, []string{"SMS-PROC-001"}) {
		t.Errorf("SMS-PRC-001 referenced by %v", refs)
	}
	if refs := refIDs(pv.Children); !slices.Equal(refs, []string{"SMS-PROC-001", "SMS-PROC-002", "SMS-PROC-003"}) {
		t.Errorf("SMS-PRC-001's children %v", refs)
	}
	for _, r := range slices.Concat(pv.Children, pv.ReferencedBy) {
		if want := `<a href="` + r.URL + `"><span class="doc-id">` + r.ID + `</span> ` + r.Title + `</a>`; string(r.Link) != want {
			t.Errorf("%s: link %q, want %q", r.ID, r.Link, want)
		}
	}
	var heads []string
	for _, h := range pv.TOC {
		heads = append(heads, h.Text)
		for _, sub := range h.Sub {
			heads = append(heads, sub.Text)
		}
	}
	if !slices.Equal(heads, []string{"Scope", "Detail"}) {
		t.Errorf("contents %q, want the H2 and H3 below the title", heads)
	}
}

func refIDs(refs []DocRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

func TestTypeLabel(t *testing.T) {
	for in, want := range map[string]string{"": "", "policy": "Policies", "procedure": "Procedures",
		"process": "Processes", "record": "Records"} {
		if got := TypeLabel(in); got != want {
			t.Errorf("TypeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTOC: two levels, H2 and H3, or H1 and H2 when the body has H1s;
// each lower heading under the upper one before it, if any.
func TestTOC(t *testing.T) {
	h := func(level int, id string) markdown.Heading { return markdown.Heading{Level: level, ID: id} }
	e := func(top markdown.Heading, sub ...markdown.Heading) TOCEntry {
		entry := TOCEntry{Level: top.Level, ID: top.ID}
		for _, h := range sub {
			entry.Sub = append(entry.Sub, TOCEntry{Level: h.Level, ID: h.ID})
		}
		return entry
	}
	for _, c := range []struct {
		in   []markdown.Heading
		want []TOCEntry
	}{
		{[]markdown.Heading{h(2, "a"), h(3, "b"), h(4, "c"), h(3, "d"), h(2, "e")}, []TOCEntry{e(h(2, "a"), h(3, "b"), h(3, "d")), e(h(2, "e"))}},
		{[]markdown.Heading{h(1, "a"), h(2, "b"), h(3, "c"), h(1, "d")}, []TOCEntry{e(h(1, "a"), h(2, "b")), e(h(1, "d"))}},
		// H2s before the first H1 have no heading to be under.
		{[]markdown.Heading{h(2, "a"), h(1, "b"), h(2, "c")}, []TOCEntry{e(h(2, "a")), e(h(1, "b"), h(2, "c"))}},
		{[]markdown.Heading{h(3, "a"), h(3, "b")}, []TOCEntry{e(h(3, "a")), e(h(3, "b"))}},
		{[]markdown.Heading{h(4, "a"), h(5, "b")}, nil},
		{nil, nil},
	} {
		if got := toc(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("toc(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestDocLinksFromLayout: the links a document page shows to other
// documents and clauses, rendered once per document or clause
// (DocRef.Link, Page.CrumbLinks, ClauseRef.Link), come from the site's
// own _doclink.html, _crumb.html and _clause.html where it has them,
// and an error in one is the page's error, not a page with its links
// left out.
func TestDocLinksFromLayout(t *testing.T) {
	snap := snapshot(t)
	kids := snap.Children()
	d, _ := snap.Index.Doc("SMS-PROC-001")
	mine := `<a class="mine" href="{{.URL}}">{{.Title}}</a>`
	for _, c := range []struct{ file, layout, want, err string }{
		{"_doclink.html", mine, `<dt>Part of</dt><dd><a class="mine" href="/docs/sms-prc-001/">Change Process</a></dd>`, ""},
		{"_crumb.html", mine, `<li><a class="mine" href="/docs/sms-prc-001/">Change Process</a></li>`, ""},
		{"_clause.html", `<a class="mine" href="{{.URL}}">{{.Number}}</a>`, `<li><a class="mine" href="/clauses/#clause-8.1">8.1</a></li>`, ""},
		{"_doclink.html", `{{.Missing}}`, "", "layouts/_doclink.html:1"},
		{"_clause.html", `{{.Missing}}`, "", "layouts/_clause.html:1"},
		{"_crumb.html", `{{.Missing}}`, "", "layouts/_crumb.html:1"},
	} {
		dir := t.TempDir()
		sitetest.WriteFile(t, dir+"/layouts/"+c.file, c.layout)
		var err error
		if snap.Theme, err = theme.Load(handbook.Theme, dir, snap.Funcs(), &diag.List{}); err != nil {
			t.Fatal(err)
		}
		html, err := snap.Render("doc", snap.DocPage(d, kids))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %s: error %v, want one at %s", c.file, c.layout, err, c.err)
			}
			continue
		}
		if err != nil || !bytes.Contains(html, []byte(c.want)) {
			t.Errorf("%s %s: error %v; page lacks %s", c.file, c.layout, err, c.want)
		}
	}
}

// TestDocViewText: the view's ready-made text is what the layouts would
// make of Meta themselves, on every page of the snapshot.
func TestDocViewText(t *testing.T) {
	snap := snapshot(t)
	kids := snap.Children()
	for _, d := range snap.Docs {
		v, m := snap.DocPage(d, kids).Doc, d.Meta
		got := []string{v.ReviewDate, v.ApprovedDate, v.UpdatedDate, fmt.Sprint(v.Retired, v.Approved)}
		want := []string{m.Review.String(), m.Approved.String(), v.Updated.String(),
			fmt.Sprint(m.Status == "retired", m.Status == "approved")}
		if !slices.Equal(got, want) {
			t.Errorf("%s: review, approved, updated, retired+approved %q, want %q", m.ID, got, want)
		}
		if len(v.History) != len(m.History) {
			t.Fatalf("%s: %d history rows, want %d", m.ID, len(v.History), len(m.History))
		}
		for i, h := range m.History {
			if want := (RevisionRow{h.Version, h.Date.String(), h.Author, h.Summary}); v.History[i] != want {
				t.Errorf("%s: history row %d %+v, want %+v", m.ID, i, v.History[i], want)
			}
		}
	}
}

// TestDocPageShownOnce: the pages made with the snapshot's family, which
// keeps the links they show (shown), are the pages made without one,
// twice over (the second time from what the first kept).
func TestDocPageShownOnce(t *testing.T) {
	snap := snapshot(t)
	kids := snap.Children()
	for range 2 {
		for _, d := range snap.Docs {
			got, want := snap.DocPage(d, kids), snap.DocPage(d, Family{kids: kids.kids, reading: kids.reading, place: kids.place})
			got.Share(want.Site, want.parts)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: page with the links kept\n%+v\nwant\n%+v", d.Meta.ID, got.Doc, want.Doc)
			}
		}
	}
}
