// Package search is the handbook's full-text search. This package holds
// the records a build hands it (Document, Section, TypeInfo); the work is
// done in its sub-packages, one job each, in the order of the data flow:
//
//   - analysis: text to terms (words, languages, stems), one definition for
//     every index and the browser.
//   - format: the index on disk, shared by writer and readers: the static
//     index's files (specified in its package doc), field names, keys, and
//     the score's constants.
//   - index: writing bleve's index and the static index (Write).
//   - query: opening an index and answering searches (Open, Search):
//     parsing, ranking, phrases, grouping, fragments, overlays.
//   - web: /api/search and the served /search/ page (OpenHandler).
//
// static/js/search.js is the browser's port of query on the static index.
package search
