package build

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strconv"

	"handbook/internal/markdown"
	"handbook/internal/par"
	"handbook/internal/render"
	"handbook/internal/search"
	"handbook/internal/search/index"
	"handbook/internal/site"
)

// searchStep indexes the included documents, one record per section,
// into _search/static/: the static index the browser reads on a plain web
// server, from which serve makes its own (package search/query). Its key
// is the search documents and the types alone, so a layout or a front
// matter edit that search does not hold replays it from the cache.
var searchStep = replayed{
	name: "search",
	key: func(st *state, w io.Writer) error {
		return index.Key(w, st.searchDocs(), st.searchSums(), st.searchTypes())
	},
	run: writeSearch,
	meta: func(st *state) string {
		st.statsMu.Lock()
		defer st.statsMu.Unlock()
		return strconv.Itoa(st.stats.SearchRecords)
	},
	restore: func(st *state, meta string) {
		n, _ := strconv.Atoi(meta) // the entry's checksum vouches for it
		st.count(func(s *Stats) { s.SearchRecords = n })
	},
}

// writeSearch writes the static index of the included documents.
func writeSearch(ctx context.Context, st *state, out sink) error {
	docsMemo, filesMemo := st.searchMemos()
	defer docsMemo.abort()
	defer filesMemo.abort()
	idx := index.Output{
		Put:  func(name string, b []byte) error { return out.Write("_search/static/"+name, b) },
		Docs: docsMemo.memo(), Files: filesMemo.memo(),
	}
	if docsMemo != nil { // a memo files results by the sums: the key's, if made
		idx.Sums = st.searchSums()
	}
	if st.bodies != nil { // the documents' texts left in the render cache
		idx.Text = st.searchText
	}
	stats, err := index.Write(ctx, idx, st.searchDocs(), st.searchTypes())
	if err != nil {
		return err
	}
	docsMemo.store()
	filesMemo.store()
	st.count(func(s *Stats) { s.SearchRecords = stats.Records })
	return nil
}

// sumSearch is the search index's sums of the included documents
// (index.SumDocuments of searchDocs), from the render step's records
// when it has them all (with a cache), else made of the documents.
func (st *state) sumSearch() index.Sums {
	if len(st.searchSum) == len(st.Docs) && !slices.Contains(st.searchSum, index.DocSum{}) {
		return index.SumsOf(st.searchSum)
	}
	docs := st.searchDocs()
	if st.bodies != nil { // texts left in the cache
		docs = slices.Clone(docs)
		par.For(len(docs), func(i int) { docs[i].Sections = st.searchText(i) })
	}
	return index.SumDocuments(docs)
}

// searchDocuments are the included documents as the index holds them;
// with a lazy render cache (state.bodies), the texts of those it holds
// are left out: index.Write asks for them (searchText).
func (st *state) searchDocuments() []search.Document {
	docs := make([]search.Document, len(st.Docs))
	for i, d := range st.Docs {
		docs[i] = st.searchDocument(d)
	}
	return docs
}

func (st *state) searchTypes() []search.TypeInfo {
	types := make([]search.TypeInfo, len(st.Config.Types))
	for i, t := range st.Config.Types {
		types[i] = search.TypeInfo{Name: t, Label: render.TypeLabel(t)}
	}
	return types
}

// writeSearchPage writes /search/. It runs with the pages, not with the
// index, because it needs the sidebar they build.
func writeSearchPage(_ context.Context, st *state, out sink) error {
	p := st.NewPage("search", "Search", "search/")
	p.Main = st.Search(st.searchTypes())
	return st.writePage(out, "search", p, "search/index.html")
}

// searchDocument is what the search index holds of a document.
func (st *state) searchDocument(d *site.Document) search.Document {
	return st.searchDocumentOf(d, st.Pages[d.Meta.ID])
}

// searchDocumentOf is searchDocument of d converted as res, of which it
// reads the sections alone.
func (st *state) searchDocumentOf(d *site.Document, res *markdown.Result) search.Document {
	sd := search.Document{ID: d.Meta.ID, Title: d.Meta.Title, Type: d.Meta.Type, Status: d.Meta.Status,
		Owner: d.Meta.Owner, Clauses: d.Meta.Clauses, Tags: d.Meta.Tags, URL: st.Config.URL(d.URLPath()),
		Lang: cmp.Or(d.Meta.Lang, st.Config.Language)}
	for _, s := range res.Sections {
		sd.Sections = append(sd.Sections, search.Section{Anchor: s.Anchor, Heading: s.Heading, Text: s.Text})
	}
	if len(sd.Sections) == 0 { // an empty body: still found by its title
		sd.Sections = []search.Section{{}}
	}
	return sd
}
