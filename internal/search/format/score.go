package format

import "math"

// The score of a record for a query is defined here, once; the server
// (query/rank.go) computes it from the static index's postings and the
// browser (static/js/search.js) from the same postings with the boosts of
// meta.json. It is bleve's classic tf-idf, which query's TestRankingIsBleve
// checks against bleve's own search of the same records:
//
//	score(record) = coord(query) × Σ over the query's words (groups) of
//	                coord(group) × Σ over the group's leaves matched of
//	                Impact(count, length) × IDF × boost × IDF × queryNorm
//
// A leaf is a term in a field with a boost (the field's, times BoostTypo
// or BoostPrefix for a word standing for another); coord is the share of
// a disjunction's parts that matched; queryNorm = 1/sqrt(Σ (boost × IDF)²)
// over every leaf of the query. Document-level fields (title, tags, id,
// clause) count for every record of the document.

// Impact is what a posting (a term counted count times in a field of
// length terms) contributes to a score apart from the factors common to
// the term: bleve's tf × norm, sqrt(count) × float32(1/sqrt(length)).
// Postings are tiered by it.
func Impact(count, length uint32) float64 {
	return math.Sqrt(float64(count)) * float64(float32(1/math.Sqrt(float64(length))))
}

// IDF is a term's inverse document frequency among records, df of which
// have it: 1 + ln(records/(df+1)).
func IDF(records, df int) float64 {
	return 1.0 + math.Log(float64(records)/float64(df+1))
}

// Boosts of the fields, and of words that stand for other words (typos,
// prefixes). The static index's meta.json carries them to the browser.
const (
	BoostTitle   = 3.0
	BoostHeading = 2.0
	BoostText    = 1.0
	BoostTags    = 1.5
	BoostID      = 10.0
	BoostClause  = 4.0
	BoostTypo    = 0.5 // a corrected word counts half
	BoostPrefix  = 0.8
)

// Boosts are the boosts by field, "typo" and "prefix" (meta.json).
func Boosts() map[string]float64 {
	return map[string]float64{
		FieldTitle: BoostTitle, FieldHeading: BoostHeading, FieldText: BoostText, FieldTags: BoostTags,
		FieldID: BoostID, FieldClause: BoostClause, "typo": BoostTypo, "prefix": BoostPrefix,
	}
}

// Limits on a query, so that none can make the server work for long.
const (
	MaxQueryBytes = 256 // longer queries are refused
	MaxWords      = 12  // words and phrases
	MaxSize       = 50  // hits per page
	MaxFrom       = 1000
	DefaultSize   = 10
)

// Limits are the limits of a query (meta.json).
func Limits() map[string]int {
	return map[string]int{
		"max_query_bytes": MaxQueryBytes, "max_words": MaxWords, "max_size": MaxSize, "max_from": MaxFrom,
		"min_prefix": MinPrefix, "max_expansions": maxExpansions, "max_typos": maxTypos,
	}
}
