package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"handbook/internal/benchcorpus"
	"handbook/internal/link"
	"handbook/internal/markdown"
	"handbook/internal/render"
	"handbook/internal/search/index"
	"handbook/internal/sitetest"
)

// TestDocPageKeyCoversView builds the states of 30 documents of the
// benchmark corpus after edits of every kind that changes a document page
// (its body, links to other documents, a title other pages show, a
// status, a parent, related documents, a review date, a document added
// and removed) and checks, for every pair of states and every page, that
// the page's key made of its inputs (docPageKey) changes whenever the key
// made of its view (viewKey: the page's JSON, which holds every field of
// the view) does: a page kept by its key is the page the view renders.
// It also checks that the key is not coarser than it must be: a body
// edit changes the key of the edited document's page alone; and that the
// search index's sums the records keep are those of the search documents.
func TestDocPageKeyCoversView(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the benchmark corpus's states")
	}
	t.Parallel()
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(benchcorpus.SiteN(t, 30))); err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if err != nil || len(docs) < 8 {
		t.Fatalf("corpus documents: %v, %v", docs, err)
	}
	slices.Sort(docs)
	idOf := func(p string) string {
		m := regexp.MustCompile(`(?m)^id: (.*)$`).FindStringSubmatch(sitetest.ReadFile(t, p))
		if m == nil {
			t.Fatalf("%s: no id", p)
		}
		return m[1]
	}
	frontMatter := func(p, field, value string) func() {
		return func() {
			re := regexp.MustCompile(`(?m)^` + field + `: .*$`)
			old := sitetest.ReadFile(t, p)
			if re.MatchString(old) {
				sitetest.WriteFile(t, p, re.ReplaceAllString(old, field+": "+value))
			} else {
				sitetest.WriteFile(t, p, regexp.MustCompile(`(?m)^id: `).ReplaceAllString(old, field+": "+value+"\nid: "))
			}
		}
	}
	added := filepath.Join(site, "content", "procedures", "added-by-the-test.md")
	steps := []struct {
		name   string
		change func()
	}{
		{"first", func() {}},
		{"body", func() { sitetest.WriteFile(t, docs[0], sitetest.ReadFile(t, docs[0])+"\nEdited by the test.\n") }},
		{"link added", func() {
			sitetest.WriteFile(t, docs[0], sitetest.ReadFile(t, docs[0])+"\nSee [this]("+idOf(docs[2])+").\n")
		}},
		{"heading added", func() { sitetest.WriteFile(t, docs[0], sitetest.ReadFile(t, docs[0])+"\n## Added heading\n\nText.\n") }},
		{"title", frontMatter(docs[2], "title", `"An Edited Title"`)},
		{"status", frontMatter(docs[2], "status", "draft")},
		{"parent", frontMatter(docs[3], "parent", idOf(docs[4]))},
		{"related", frontMatter(docs[5], "related", "["+idOf(docs[6])+"]")},
		{"review", frontMatter(docs[6], "review", "2026-11-15")},
		{"document added", func() {
			sitetest.WriteFile(t, added, "---\nid: SMS-PROC-9999\ntitle: Procedure Added By The Test\ntype: procedure\nversion: \"1.0\"\n"+
				"status: approved\nowner: Service Manager\napprover: CEO\napproved: 2026-01-01\nreview: 2027-01-01\n"+
				"classification: internal\nclauses: [\"8.1\"]\nparent: "+idOf(docs[4])+"\nrelated: ["+idOf(docs[7])+"]\n---\n\n"+
				"## Scope\n\nIt links [a document]("+idOf(docs[1])+").\n")
		}},
		{"document removed", func() {
			if err := os.Remove(added); err != nil {
				t.Fatal(err)
			}
		}},
	}
	type keys struct{ input, view, own, world string }
	cacheDir := t.TempDir()
	var states []map[string]keys // by step, then document id
	for _, s := range steps {
		s.change()
		_, st, err := check(context.Background(), Options{Site: site, Cache: cacheDir, Today: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}, false)
		if st == nil || (err != nil && !errors.Is(err, ErrContent)) {
			t.Fatalf("%s: %v", s.name, err)
		}
		// The search index's sums, taken from the render records, are
		// those of the search documents (renderRecord.SearchSum).
		if len(st.searchSum) != len(st.Docs) || slices.Contains(st.searchSum, index.DocSum{}) {
			t.Errorf("%s: %d of %d documents' search sums from the records, or some zero", s.name, len(st.searchSum), len(st.Docs))
		} else if !reflect.DeepEqual(st.searchSums(), index.SumDocuments(st.searchDocs())) {
			t.Errorf("%s: the records' search sums are not the documents'", s.name)
		}
		pc, kids, world := &pageCache{st: st}, st.Children(), st.pagesWorld()
		byID := map[string]keys{}
		for _, d := range st.Docs {
			own, _ := pc.appendOwn(d)
			k := keys{pc.docPageKey(d, kids), viewKey(st.DocPage(d, kids), st.bodyID(d)), hexSum(own), world}
			if k.input == "" || k.view == "" {
				t.Fatalf("%s: %s: no key: %+v", s.name, d.Meta.ID, k)
			}
			byID[d.Meta.ID] = k
		}
		states = append(states, byID)
	}
	for i := range states {
		for j := range i {
			for id, a := range states[i] {
				b, ok := states[j][id]
				if ok && a.input == b.input && a.view != b.view {
					t.Errorf("%s, then %s: the page of %s changed, its key did not", steps[j].name, steps[i].name, id)
				}
				// docKey takes the last build's key when these are equal.
				if ok && a.world == b.world && a.own == b.own && a.input != b.input {
					t.Errorf("%s, then %s: the key of %s changed, its own part and the pages' world did not", steps[j].name, steps[i].name, id)
				}
			}
		}
	}
	var changed []string
	for id, k := range states[1] {
		if states[0][id].input != k.input {
			changed = append(changed, id)
		}
	}
	if want := []string{idOf(docs[0])}; !slices.Equal(changed, want) {
		t.Errorf("a body edit changed the keys of %v, want %v", changed, want)
	}
	if a, b := states[0][changed[0]], states[1][changed[0]]; a.world != b.world || a.own == b.own {
		t.Error("a body edit changed the pages' world, or not the edited page's own part: docKey would make every key again")
	}
}

// TestPageKeyFields fails when a field is added to what a document
// page's or a redirect's layout or links.json receives: docPageKey (and
// render.PageDocs), appendPageKey or linksKey must then be made to cover it
// (TestDocPageKeyCoversView shows whether docPageKey does) before it is
// added to the lists here.
func TestPageKeyFields(t *testing.T) {
	for _, c := range []struct {
		v    any
		want []string
	}{
		// CrumbLinks are _crumb.html with each of Crumbs (below).
		{render.Page{}, []string{"Site", "Kind", "Title", "Path", "URL", "Lang", "Crumbs", "CrumbLinks", "Doc", "Main", "Redirect", "parts"}},
		// ReviewDate to Approved are made of Meta alone (d's front matter).
		{render.DocView{}, []string{"Meta", "Path", "Body", "TOC", "TitleID", "Overdue", "DueSoon", "Clauses", "Parent",
			"Children", "ReferencedBy", "Related", "Acknowledge", "Updated", "EditURL", "Prev", "Next",
			"ReviewDate", "ApprovedDate", "UpdatedDate", "History", "Retired", "Approved"}},
		{render.RevisionRow{}, []string{"Version", "Date", "Author", "Summary"}},
		// Link is _doclink.html rendered with the other fields: the
		// layouts are part of every page's key.
		{render.DocRef{}, []string{"ID", "Title", "URL", "Type", "Status", "Link"}},
		{render.ClauseRef{}, []string{"Number", "Title", "URL", "Link"}}, // Link: as DocRef's
		{markdown.Heading{}, []string{"Level", "Text", "ID", "Line"}},
		// linksKey writes the fields links.json shows, the others are json:"-".
		{link.Ref{}, []string{"From", "To", "Anchor", "Kind", "Line", "Path"}},
	} {
		typ := reflect.TypeOf(c.v)
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
			if tag := f.Tag.Get("json"); typ == reflect.TypeFor[link.Ref]() && tag == "-" != (f.Name == "Line" || f.Name == "Path") {
				t.Errorf("link.Ref.%s: links.json shows it or not (%q): make linksKey write what it shows", f.Name, tag)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s has the fields %v, docPageKey covers %v", typ, got, c.want)
		}
	}
}

// viewKey is the SHA-256 of a page's view as JSON, its site view aside,
// with body in place of its document's body if given: what the pages'
// keys were made of before docPageKey, kept as the reference it is
// checked against.
func viewKey(p *render.Page, body []byte) string {
	q := *p
	q.Site = nil
	if q.Doc != nil {
		dv := *q.Doc
		if body == nil {
			body = []byte(dv.Body)
		}
		dv.Body = ""
		q.Doc = &dv
	}
	h := sha256.New()
	if json.NewEncoder(h).Encode(&q) != nil {
		return ""
	}
	fmt.Fprintf(h, "%d\n%s", len(body), body)
	return hex.EncodeToString(h.Sum(nil))
}
