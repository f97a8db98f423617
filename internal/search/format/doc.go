// Package format is the search index on disk: the files that the writer
// (package index) makes and that the server (package query) and the
// browser (static/js/search.js) read. Whatever both sides must agree on
// is here: field names and codes, term keys, record keys, encodings, and
// the score's constants (score.go), which meta.json carries to the browser.
//
// # The _search folder
//
// A build writes two indexes of the same records (one record per section
// of a document, numbered in handbook order; record "d.s" is section s of
// document d):
//
//	_search/index/    bleve's index, for the server: term positions of the
//	                  short fields (phrases), the id dictionary, filters;
//	                  a build leaves it out (with pairs.bin), and the
//	                  server makes both from the static index, in the
//	                  cache beside the output (query/server.go)
//	_search/static/   the static index, for the server's ranking and for a
//	                  browser searching a copy of the output on any web
//	                  server; like Pagefind's, split into small files
//	                  fetched on demand
//
// The bleve index's text fields (title, heading, text, tags) hold terms
// that package analysis has already made, split at spaces only, so the
// terms, their counts and the field lengths are those of the static index;
// id (lower case), type and clause are keywords.
//
// # The static index
//
//	meta.json               read first (JSON, not compressed): version,
//	                        records, docs, shards, tier0, tier_growth, field
//	                        names and doc_level flags in code order, boosts,
//	                        limits, stop_words, elisions, apostrophes, vocab
//	                        (shards that exist), types, clauses
//	v/<shard>.bin           vocabulary, by the first letter or digit of the
//	                        word ("_" for others): one line per word, most
//	                        frequent first, "word stems count" with the
//	                        stems joined by "|" and "=" for the word itself
//	t/<n>.bin               term shard n: the terms whose key hashes to n
//	                        (FNV-1a, 32 bits, modulo meta.shards)
//	o/<n>/<e>.<f>.<t>.bin   tier t (1, 2, ...) of field f's postings of the
//	                        e-th term of shard n
//	d/<n>.bin               document n (JSON): id, title, type, url, tags,
//	                        and s, each section's [anchor, heading, text]
//	sections.bin            per document: its number of sections
//	types.bin               per document: its type's index in meta.types
//	clauses.bin             per document: the number of its clauses, then
//	                        their indexes in meta.clauses
//	pairs.bin               the word pairs of each record's text (pairs.go):
//	                        the server's phrase check, not read by browsers
//
// Numbers in the .bin files are unsigned varints (encoding/binary's
// Uvarint), strings a varint length and the bytes, except pairs.bin:
// little-endian uint32s (the number of records, the offset of each
// record's pairs and the end, then the sorted pair hashes). Every .bin
// file but pairs.bin is gzip-compressed with no name or time in its
// header (browsers inflate it with DecompressionStream).
//
// A term shard is the number of its terms, then for each: its key; the
// number of fields it has postings in; per field its code (0 title,
// 1 heading, 2 text, 3 tags, 4 id, 5 clause), its document frequency
// (records), its number of tiers, and each tier's header (its size, and
// the count and field length of its best posting: the tier's upper
// bound), the first tier's postings following its header. Keys are stems
// in the text fields, "#" and the lower-case id, "@" and a clause number,
// and "=" and a title's words one space apart (found in field id).
//
// A field's postings are sorted by impact (Impact: what a posting adds to
// a score apart from the term's factors), best first, ties in handbook
// order, and cut into tiers of Tier0, Tier0×TierGrowth, ... postings; a
// searcher reads further tiers only while they can still change its top
// hits. Within a tier postings are in handbook order, in columns: every
// posting's document (the difference to the previous), then every
// posting's section (for the document-level fields title, tags, id and
// clause: the document's number of sections), every count, and every
// field length. (Columns compress better than postings one after the
// other, at a lower level: meta.json's version 2, StaticVersion; version
// 1 had them one after the other.)
//
// The files are a pure function of the documents: builds of the same
// content give identical bytes.
package format
