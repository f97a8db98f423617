// Package query answers searches of a written index (Open, Index.Search):
// parsing a query (query.go: words, "phrases", prefix*, type: and clause:
// filters, typo correction from the vocabulary), ranking (rank.go),
// checking phrases (verify.go, pairs in format), hits grouped by document
// (group.go), fragments with the query's words marked (highlight.go), and
// an overlay of a small index over a larger one (overlay.go). The score is
// bleve's classic tf-idf, computed from the static index's postings with
// the constants of package format; static/js/search.js ports this package
// for the browser. The port reads the boosts and limits from meta.json,
// has its other constants written from Go by go generate (checked by
// TestJSConstants), and answers as this package does (the Node tests
// TestStaticMatchesServer and TestStaticAgreementFixture).
package query

//go:generate go test -run ^TestJSConstants$ -update .
