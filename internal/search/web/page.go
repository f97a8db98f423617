package web

import (
	"bytes"
	"cmp"
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"handbook/internal/search"
	"handbook/internal/search/format"
	"handbook/internal/search/query"
)

// resultsPage is the built /search/ page split at the marker.
type resultsPage struct {
	before, after string
}

// newResultsPage prepares the built page; a page without the marker (a
// site's own layout) gets the results at the end of its <main>, and no
// page at all a bare one.
func newResultsPage(built []byte) resultsPage {
	s := string(MarkServed(built))
	// Served, the page needs no script to search.
	if i := strings.Index(s, `<noscript class="search-noscript">`); i >= 0 {
		if j := strings.Index(s[i:], "</noscript>"); j >= 0 {
			s = s[:i] + s[i+j+len("</noscript>"):]
		}
	}
	if before, after, ok := strings.Cut(s, search.ResultsMarker); ok {
		return resultsPage{before, after}
	}
	if before, after, ok := strings.Cut(s, "</main>"); ok {
		return resultsPage{before, "</main>" + after}
	}
	return resultsPage{`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search</title></head><body><main>`, "</main></body></html>"}
}

// render writes the page with a query's results: the query in the search
// box and the title, the chosen type selected.
func (p resultsPage) render(req query.Request, results []byte) []byte {
	before := p.before
	q := html.EscapeString(req.Q)
	if q != "" {
		before = strings.Replace(before, "<title>", "<title>"+q+" – ", 1)
		before = strings.Replace(before, `id="search-page-q"`, `id="search-page-q" value="`+q+`"`, 1)
	}
	for _, v := range []string{req.Type, req.Clause} { // the filters chosen
		if v != "" {
			opt := `<option value="` + html.EscapeString(v) + `"`
			before = strings.Replace(before, opt+">", opt+" selected>", 1)
		}
	}
	var b bytes.Buffer
	b.WriteString(before)
	b.Write(results)
	b.WriteString(p.after)
	return b.Bytes()
}

// resultsTemplate renders the results of the /search/ page; search.js
// renders the same markup in the browser (keep the two alike).
var resultsTemplate = template.Must(template.New("results").Parse(`
{{- with .Error}}<p class="search-error" role="alert">{{.}}</p>
{{- else}}
{{- with .Corrected}}
<p class="search-corrected">Showing results for <strong>{{.}}</strong> — search instead for <a href="{{$.ExactURL}}">{{$.Query}}</a></p>
{{- end}}
<p class="search-summary" role="status">{{if .Total}}{{.Total}} result{{if ne .Total 1}}s{{end}} for <q>{{.Query}}</q>{{if gt .Total .Shown}}; {{.From1}}–{{.To}} shown{{end}}{{else}}No results for <q>{{.Query}}</q>. Check the spelling, or try other or fewer words.{{end}}</p>
{{- if .Suggestions}}
<p class="search-suggestions">Words the handbook has: {{range $i, $s := .Suggestions}}{{if $i}}, {{end}}<a href="{{$s.URL}}">{{$s.Label}}</a>{{end}}</p>
{{- end}}
{{- if .Facets}}
<ul class="search-facets" aria-label="Narrow by type">
{{- range .Facets}}<li>{{if .Current}}<strong>{{.Label}} ({{.Count}})</strong> <a href="{{.URL}}">all types</a>{{else}}<a href="{{.URL}}">{{.Label}} ({{.Count}})</a>{{end}}</li>{{end}}
</ul>
{{- end}}
{{- if .Hits}}
<ol class="search-page-hits" start="{{.From1}}">
{{- range .Hits}}
<li class="search-page-hit">
{{- if .Secs}}
<p class="hit-crumbs">{{.TypeLabel}} <span class="hit-meta">{{.ID}}</span></p>
<h2 class="hit-title"><a href="{{.URL}}">{{.Title}}</a></h2>
<ul class="hit-sections">
{{- range .Secs}}
<li class="hit-section"><a href="{{.URL}}">{{.Label}}</a>
{{- range .Fragments}}
<p class="hit-fragment">{{.}}</p>
{{- end}}
</li>
{{- end}}
</ul>
{{- else}}
<p class="hit-crumbs">{{.TypeLabel}} › <a href="{{.DocURL}}">{{.Title}}</a> <span class="hit-meta">{{.ID}}</span></p>
<h2 class="hit-title"><a href="{{.URL}}">{{if .Section}}{{.Section}}{{else}}{{.Title}}{{end}}</a></h2>
{{- range .Fragments}}
<p class="hit-fragment">{{.}}</p>
{{- end}}
{{- end}}
</li>
{{- end}}
</ol>
{{- end}}
{{- if or .Prev .Next}}
<nav class="search-pager" aria-label="Result pages">
{{- with .Prev}}<a rel="prev" href="{{.}}">Previous</a>{{end}}
{{- with .Next}} <a rel="next" href="{{.}}">Next</a>{{end}}
</nav>
{{- end}}
{{- end}}
`))

type resultsView struct {
	Error                   string
	Query                   string
	Corrected, ExactURL     string
	Suggestions             []facetLink
	Total, Shown, From1, To int
	Facets                  []facetLink
	Hits                    []hitView
	Prev, Next              string
}

type facetLink struct {
	Label   string
	Count   int
	URL     string
	Current bool
}

type hitView struct {
	query.Hit
	TypeLabel string
	DocURL    string
	Fragments []template.HTML
	Secs      []sectionView // grouped by document: its best sections
}

type sectionView struct {
	Label     string // the heading, or the document's title before the first
	URL       string
	Fragments []template.HTML
}

// trusted marks fragments as HTML: fragment escaped their text.
func trusted(fs []string) []template.HTML {
	out := make([]template.HTML, len(fs))
	for i, f := range fs {
		out[i] = template.HTML(f)
	}
	return out
}

// resultsHTML renders a response (or a query error) for the page at path.
func resultsHTML(ix *query.Index, path string, req query.Request, res *query.Response, qerr error) []byte {
	v := resultsView{Query: req.Q}
	if qerr != nil {
		v.Error = qerr.Error()
	} else {
		v = view(ix, path, req, res)
	}
	var b bytes.Buffer
	if err := resultsTemplate.Execute(&b, v); err != nil {
		return []byte(`<p class="search-error" role="alert">` + html.EscapeString(err.Error()) + `</p>`)
	}
	return b.Bytes()
}

func view(ix *query.Index, path string, req query.Request, res *query.Response) resultsView {
	link := func(typ string, from int) string { return searchLink(path, req, req.Q, typ, from) }
	v := resultsView{Query: req.Q, Total: res.Total, Shown: len(res.Hits), From1: req.From + 1, To: req.From + len(res.Hits)}
	if res.Corrected != "" {
		v.Corrected = res.Corrected
		exact := req
		exact.Exact = true
		v.ExactURL = searchLink(path, exact, req.Q, req.Type, 0)
	}
	typed := req
	typed.Exact = false
	for _, s := range res.Suggestions {
		v.Suggestions = append(v.Suggestions, facetLink{Label: s, URL: searchLink(path, typed, s, req.Type, 0)})
	}
	for _, t := range ix.Types() {
		if n := res.Facets[format.FieldType][t.Name]; n > 0 {
			f := facetLink{Label: t.Label, Count: n, URL: link(t.Name, 0), Current: t.Name == req.Type}
			if f.Current {
				f.URL = link("", 0)
			}
			v.Facets = append(v.Facets, f)
		}
	}
	if len(v.Facets) < 2 && req.Type == "" {
		v.Facets = nil
	}
	for _, h := range res.Hits {
		hv := hitView{Hit: h, TypeLabel: typeLabel(ix, h.Type), DocURL: strings.SplitN(h.URL, "#", 2)[0], Fragments: trusted(h.Fragments)}
		hv.URL = withHighlight(h.URL, highlightOf(h.Fragments))
		for _, s := range h.Sections {
			hv.Secs = append(hv.Secs, sectionView{Label: cmp.Or(s.Section, h.Title), URL: withHighlight(s.URL, highlightOf(s.Fragments)), Fragments: trusted(s.Fragments)})
		}
		v.Hits = append(v.Hits, hv)
	}
	if req.From > 0 {
		v.Prev = link(req.Type, max(0, req.From-req.Size))
	}
	if req.From+len(res.Hits) < res.Total && req.From+req.Size <= format.MaxFrom {
		v.Next = link(req.Type, req.From+req.Size)
	}
	return v
}

// searchLink is the address of the results page at path for the query q
// with the filters and options of req, the type typ and the first hit from.
func searchLink(path string, req query.Request, q, typ string, from int) string {
	v := url.Values{"q": {q}}
	if typ != "" {
		v.Set("type", typ)
	}
	if req.Clause != "" {
		v.Set("clause", req.Clause)
	}
	if from > 0 {
		v.Set("from", strconv.Itoa(from))
	}
	if req.Group == query.GroupSection {
		v.Set("group", req.Group)
	}
	if req.Exact {
		v.Set("exact", "1")
	}
	return path + "?" + v.Encode()
}

func typeLabel(ix *query.Index, t string) string {
	for _, k := range ix.Types() {
		if k.Name == t {
			return k.Label
		}
	}
	return t
}
