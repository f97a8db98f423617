package build

import (
	"cmp"
	"context"

	"handbook/internal/output"
	"handbook/internal/render"
	"handbook/internal/search"
	"handbook/internal/site"
)

// writeSearch indexes the included documents, one record per section,
// into _search/: the bleve index that serve opens and the static index
// that the browser reads on a plain web server (package search).
//
// With a cache folder (Options.Cache), an index of the same documents
// from an earlier build is copied instead (cache.go).
func writeSearch(ctx context.Context, st *state, out *output.Dir) error {
	docs := make([]search.Document, len(st.Docs))
	for i, d := range st.Docs {
		docs[i] = st.searchDocument(d)
	}
	key := st.searchKey(docs, st.searchTypes())
	if key != "" {
		records, ok, err := replaySearch(st, out, key)
		if err != nil {
			return err
		}
		if ok {
			st.count(func(s *Stats) { s.SearchRecords, s.Cached = records, append(s.Cached, searchEntry) })
			return nil
		}
	}
	records, err := indexSearch(ctx, st, out, docs, key)
	if err != nil {
		return err
	}
	st.count(func(s *Stats) { s.SearchRecords = records })
	return nil
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
	sd := search.Document{ID: d.Meta.ID, Title: d.Meta.Title, Type: d.Meta.Type, Status: d.Meta.Status,
		Owner: d.Meta.Owner, Clauses: d.Meta.Clauses, Tags: d.Meta.Tags, URL: st.Config.URL(d.URLPath()),
		Lang: cmp.Or(d.Meta.Lang, st.Config.Language)}
	for _, s := range st.Pages[d.Meta.ID].Sections {
		sd.Sections = append(sd.Sections, search.Section{Anchor: s.Anchor, Heading: s.Heading, Text: s.Text})
	}
	if len(sd.Sections) == 0 { // an empty body: still found by its title
		sd.Sections = []search.Section{{}}
	}
	return sd
}
