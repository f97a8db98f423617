// Package search indexes the handbook and answers queries, the same way
// with or without a server. Its jobs, by file:
//
//   - Analysis (analysis.go, lang.go, terms.go, vocab.go): one definition
//     of how text becomes terms — each document's language, elisions,
//     possessives, accent folding — used by the bleve index, by the
//     static index's writer, and (as meta.json) by static/js/search.js.
//   - Index writing (index.go, order.go, record.go, static.go, pairs.go):
//     the bleve index under _search/index/ for `serve`, written in a fixed
//     order so that two builds are byte-identical, and the static index
//     under _search/ (postings and fragments) for a plain web server.
//   - The static format's reader (postings.go, verify.go), which the
//     tests use to check that the static index answers as the server does.
//   - Queries and ranking (query.go, rank.go, group.go, highlight.go):
//     parsing, scoring, results grouped by document, fragments.
//   - HTTP (engine.go, handler.go, page.go, served.go, arrival.go,
//     overlay.go): /api/search and the served /search/ page, and the
//     overlay index that `serve --watch` puts over an edited document.
package search
