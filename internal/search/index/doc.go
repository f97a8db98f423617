// Package index writes a handbook's search index (Write): the static
// index under _search/static/ and, when asked, bleve's index under
// _search/index/ (a build asks not: WriteServer writes bleve's index and
// the word pairs where the server keeps them, query/server.go), from
// one analysis of the documents (package analysis), in the layout of
// package format. Two builds of the same documents give identical bytes:
// bleve's segments are written in id order and their map-ordered tables
// sorted (order.go). MemoryScratch gives a RAM-backed folder for indexes
// written over and over (serve --watch's overlays). With memos (Output's
// Docs and Files, kept by the build's cache), a write reuses each
// unchanged document's analysis and compressed file and each unchanged
// term shard's compressed files (memo.go, docterms.go, shardmemo.go): the
// same bytes, computed only for what changed.
package index
