package web

import (
	"html"
	"net/url"
	"slices"
	"strings"
)

// Highlight on arrival: a result's link carries the words its fragments
// mark (?highlight=), and the page it opens marks them in that section and
// scrolls there (static/js/search.js, highlightOnArrival).

// highlightOf lists the distinct words marked in fragments, lower case,
// space-separated.
func highlightOf(fragments []string) string {
	var words []string
	for _, f := range fragments {
		for {
			_, rest, ok := strings.Cut(f, "<mark>")
			if !ok {
				break
			}
			w, after, _ := strings.Cut(rest, "</mark>")
			if w = strings.ToLower(html.UnescapeString(w)); !slices.Contains(words, w) {
				words = append(words, w)
			}
			f = after
		}
	}
	return strings.Join(words, " ")
}

// withHighlight is the address u (maybe with a #fragment) asking its page
// to highlight words.
func withHighlight(u, words string) string {
	if words == "" {
		return u
	}
	path, frag, hasFrag := strings.Cut(u, "#")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	out := path + sep + "highlight=" + strings.ReplaceAll(url.QueryEscape(words), "+", "%20")
	if hasFrag {
		out += "#" + frag
	}
	return out
}
