package web

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"handbook/internal/search/format"
	"handbook/internal/search/query"
)

// FuzzHandler sends any query and parameters to /api/search and to the
// results page: the answer is 200 or 400, never 500, the JSON is valid
// and echoes nothing unescaped. The seed corpus (testdata/fuzz/FuzzHandler)
// runs with the other tests; go test -fuzz=FuzzHandler explores further.
func FuzzHandler(f *testing.F) {
	h := fixtureHandler(f)
	f.Add("major incident", "", "", "", "")
	f.Add(`"major incident" raise`, "procedure", "", "0", "5")
	f.Add("<script>alert(1)</script>", "", "8.6", "", "")
	f.Add("0\x00\r\n", "", "", "", "")
	f.Fuzz(func(t *testing.T, raw, typ, clause, from, size string) {
		params := url.Values{"q": {raw}}
		q := cleanQuery(raw)
		for k, v := range map[string]string{"type": typ, "clause": clause, "from": from, "size": size} {
			if v != "" {
				params.Set(k, v)
			}
		}
		res, body := get(h, "GET", "/api/search?"+params.Encode())
		if res.StatusCode != 200 && res.StatusCode != 400 {
			t.Fatalf("%v: status %d: %s", params, res.StatusCode, body)
		}
		var r query.Response
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatalf("%v: not JSON: %v: %s", params, err, body)
		}
		if strings.ContainsAny(body, "<>") {
			t.Fatalf("%v: JSON with an unescaped < or >: %s", params, body)
		}
		if res.StatusCode == 200 && (len(r.Hits) > format.MaxSize || r.Total < len(r.Hits) || (utf8.ValidString(q) && r.Query != q)) {
			t.Fatalf("%v: %d hits of %d for %q", params, len(r.Hits), r.Total, r.Query)
		}
		res, body = get(h, "GET", "/search/?"+params.Encode())
		if res.StatusCode != 200 && res.StatusCode != 400 {
			t.Fatalf("page %v: status %d", params, res.StatusCode)
		}
		if res.StatusCode == 200 && q != "" && utf8.ValidString(q) {
			// where the page echoes the query: the search box and the summary
			for _, around := range [][2]string{{`id="search-page-q" value="`, `"`}, {" for <q>", "</q>"}} {
				got, ok := between(body, around[0], around[1])
				if !ok || strings.ContainsAny(got, `<>"`) || html.UnescapeString(got) != q {
					t.Fatalf("page %v: the query is echoed as %q", params, got)
				}
			}
		}
	})
}

func between(s, before, after string) (string, bool) {
	_, rest, ok := strings.Cut(s, before)
	if !ok {
		return "", false
	}
	got, _, ok := strings.Cut(rest, after)
	return got, ok
}
