package query

import (
	"flag"
	"os"
	"regexp"
	"strconv"
	"testing"

	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

var update = flag.Bool("update", false, "rewrite the constants of static/js/search.js from the Go ones (go generate)")

// searchJS is the browser's port of this package.
const searchJS = "../../../static/js/search.js"

// jsConstant is a constant of search.js that mirrors one of Go: the
// first submatch of at in search.js is its value, written as value.
type jsConstant struct {
	name  string
	at    *regexp.Regexp
	value string
}

// jsConstants are the constants of search.js that come from Go. Those the
// browser needs per index (boosts, limits, stop words, tiers) it reads
// from meta.json instead; the score's formula is code, which the Node
// tests (TestStaticMatchesServer) check.
func jsConstants() []jsConstant {
	named := func(name, value string) jsConstant {
		return jsConstant{name, regexp.MustCompile(`\b` + name + ` = ([^,;]+)[,;]`), value}
	}
	return []jsConstant{
		named("MAX_DOC_SECTIONS", strconv.Itoa(maxDocSections)),
		named("MAX_SUGGESTIONS", strconv.Itoa(format.MaxSuggestions)),
		named("FORMAT_VERSION", strconv.Itoa(format.StaticVersion)),
		named("FRAG_WINDOW", strconv.Itoa(fragWindow)),
		named("FRAG_CONTEXT", strconv.Itoa(fragContext)),
		named("ID_LIKE", "/"+idLike.String()+"/"),
		{"tag gap", regexp.MustCompile(`offset = end \+ (\d+);`), strconv.Itoa(analysis.TagGap)},
	}
}

// TestJSConstants fails when a constant of static/js/search.js differs
// from the Go it mirrors; go generate (or -update) rewrites them in place.
// (search.js is copied into the output as it is: a separate generated
// file would add a file to every build.)
func TestJSConstants(t *testing.T) {
	b, err := os.ReadFile(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	js := b
	for _, c := range jsConstants() {
		m := c.at.FindSubmatchIndex(js)
		if m == nil {
			t.Errorf("%s: no %s (%s)", searchJS, c.name, c.at)
			continue
		}
		if got := string(js[m[2]:m[3]]); got != c.value {
			if !*update {
				t.Errorf("%s: %s is %s, the Go it mirrors %s: run go generate ./internal/search/query", searchJS, c.name, got, c.value)
				continue
			}
			js = append(js[:m[2]:m[2]], append([]byte(c.value), js[m[3]:]...)...)
		}
	}
	if *update && string(js) != string(b) {
		if err := os.WriteFile(searchJS, js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
