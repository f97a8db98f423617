package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/query"
	"handbook/internal/search/searchtest"
	"handbook/internal/sitetest"
)

// builtPage is a /search/ page as the theme writes it, in short.
const builtPage = `<!DOCTYPE html><html><head><title>Search · Handbook</title></head><body><main>
<form><input id="search-page-q" type="search" name="q"><select id="search-page-type" name="type"><option value="">All types</option><option value="procedure">Procedures</option></select></form>
<div id="search-page-results">` + search.ResultsMarker + `</div>
<noscript class="search-noscript"><p>needs JavaScript</p></noscript>
</main></body></html>`

func fixtureHandler(t testing.TB) http.Handler {
	t.Helper()
	dir := searchtest.WriteFixture(t, searchtest.FixtureDocs())
	sitetest.WriteFile(t, filepath.Join(dir, "search", "index.html"), builtPage)
	h, closer, err := OpenHandler(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closer.Close() })
	return h
}

func get(h http.Handler, method, target string) (*http.Response, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func api(params url.Values) string { return "/api/search?" + params.Encode() }

func TestHandlerAPI(t *testing.T) {
	h := fixtureHandler(t)
	res, body := get(h, "GET", api(url.Values{"q": {"major incident"}, "size": {"1"}, "group": {"section"}}))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// the contract, key by key
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"query", "total", "took_ms", "hits", "facets"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %s", k, body)
		}
	}
	var r struct {
		Query  string
		Total  int
		Hits   []map[string]any
		Facets map[string]map[string]int
	}
	json.Unmarshal([]byte(body), &r)
	if r.Query != "major incident" || r.Total < 2 || len(r.Hits) != 1 {
		t.Fatalf("query %q, total %d, %d hits", r.Query, r.Total, len(r.Hits))
	}
	for _, k := range []string{"id", "title", "type", "url", "anchor", "section", "fragments", "score"} {
		if _, ok := r.Hits[0][k]; !ok {
			t.Errorf("hit has no %q: %v", k, r.Hits[0])
		}
	}
	if r.Hits[0]["url"] != "/docs/sms-proc-004/#criteria" {
		t.Errorf("url %v, want the section's address", r.Hits[0]["url"])
	}
	if r.Facets["type"]["procedure"] != 2 || r.Facets["clause"] == nil {
		t.Errorf("facets %v", r.Facets)
	}
}

func TestHandlerFilters(t *testing.T) {
	h := fixtureHandler(t)
	var r query.Response
	_, body := get(h, "GET", api(url.Values{"q": {"incident"}, "type": {"process"}, "group": {"section"}}))
	json.Unmarshal([]byte(body), &r)
	if r.Total != 3 || len(r.Facets["type"]) != 1 {
		t.Errorf("type=process: %d hits, facets %v", r.Total, r.Facets["type"])
	}
	for _, hit := range r.Hits {
		if hit.Type != "process" {
			t.Errorf("type=process gave a %s", hit.Type)
		}
	}
	_, body = get(h, "GET", api(url.Values{"q": {"change"}, "clause": {"8.5"}, "from": {"1"}, "size": {"1"}, "group": {"section"}}))
	json.Unmarshal([]byte(body), &r)
	if r.Total != 2 || len(r.Hits) != 1 || r.Hits[0].Anchor != "cab" {
		t.Errorf("clause=8.5, second page of one: %+v", r)
	}
}

func TestHandlerBadRequests(t *testing.T) {
	h := fixtureHandler(t)
	for _, q := range []url.Values{
		{}, {"q": {""}}, {"q": {"*"}}, {"q": {"a*"}}, {"q": {"the"}}, {"q": {strings.Repeat("incident ", 100)}},
		{"q": {"incident"}, "size": {"51"}}, {"q": {"incident"}, "size": {"x"}}, {"q": {"incident"}, "from": {"-1"}},
		{"q": {"incident"}, "type": {"<b>nope</b>"}}, {"q": {"incident"}, "clause": {"8.x"}}, {"q": {"incident"}, "group": {"page"}},
	} {
		res, body := get(h, "GET", api(q))
		var e struct{ Error string }
		if res.StatusCode != 400 || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
			t.Errorf("%v: %d %s, want 400 with {\"error\"}", q, res.StatusCode, body)
		}
		if strings.Contains(body, "<b>") {
			t.Errorf("%v: the answer echoes HTML unescaped: %s", q, body)
		}
	}
	if res, _ := get(h, "POST", api(url.Values{"q": {"incident"}})); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", res.StatusCode)
	}
}

func TestHandlerPage(t *testing.T) {
	h := fixtureHandler(t)
	q := `<script>alert(1)</script> "major incident`
	res, body := get(h, "GET", "/search/?"+url.Values{"q": {q}, "type": {"procedure"}}.Encode())
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d", res.StatusCode)
	}
	if strings.Contains(body, "<script>") {
		t.Errorf("the query is echoed unescaped:\n%s", body)
	}
	for _, want := range []string{
		`<title>&lt;script&gt;alert(1)&lt;/script&gt; &#34;major incident – Search · Handbook</title>`,
		`id="search-page-q" value="&lt;script&gt;alert(1)&lt;/script&gt; &#34;major incident"`,
		`<option value="procedure" selected>`,
		`<a href="/docs/sms-proc-004/?highlight=major%20incident#raise">4.2 Raising a major incident</a>`,
		`<mark>major</mark> <mark>incident</mark>`,
		`<p class="search-summary" role="status">1 result for`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(body, "needs JavaScript") {
		t.Error("served, the page still says it needs JavaScript")
	}
	res, body = get(h, "GET", "/search/?q=a*")
	if res.StatusCode != 400 || !strings.Contains(body, `<p class="search-error" role="alert">Put at least 2 letters`) {
		t.Errorf("a bad query: %d, no message on the page", res.StatusCode)
	}
	// paging: a next link that keeps the query and the filter
	_, body = get(h, "GET", "/search/?q=management&size=1&type=process")
	if !strings.Contains(body, `rel="next" href="/search/?from=1&amp;q=management&amp;type=process"`) {
		t.Errorf("no next page link:\n%s", body)
	}
}

// TestPageSaysWhatWasSearched: the served results page shows the query as
// searched, a link to the words as typed, and the nearest words.
func TestPageSaysWhatWasSearched(t *testing.T) {
	h := fixtureHandler(t)
	_, body := get(h, "GET", "/search/?q=incidnet")
	if want := `<p class="search-corrected">Showing results for <strong>incident</strong> — search instead for <a href="/search/?exact=1&amp;q=incidnet">incidnet</a></p>`; !strings.Contains(body, want) {
		t.Errorf("no %s in\n%s", want, body)
	}
	_, body = get(h, "GET", "/search/?q=incidnet&exact=1")
	if want := `Words the handbook has: <a href="/search/?q=incident">incident</a>, <a href="/search/?q=incidents">incidents</a>`; !strings.Contains(body, want) {
		t.Errorf("no %s in\n%s", want, body)
	}
}

// TestAnyInput: queries in any script, mixed languages, lone apostrophes
// and unterminated quotes get an answer or a 400, never a 500.
func TestAnyInput(t *testing.T) {
	h := fixtureHandler(t)
	for _, q := range []string{"'", "’", "l'", "d’", "'s", "qu'", `"l'incident`, `"`, `"'"`, "инцидент", "事件 管理", "حادث",
		"procédure d’astreinte incident", "Ω*", "l'*", "dell'*", "\u0301", "e\u0301"} {
		for _, group := range []string{query.GroupDocument, query.GroupSection} {
			res, body := get(h, "GET", api(url.Values{"q": {q}, "group": {group}}))
			if res.StatusCode != 200 && res.StatusCode != 400 {
				t.Errorf("%q (%s): %d %s", q, group, res.StatusCode, body)
			}
		}
	}
}
