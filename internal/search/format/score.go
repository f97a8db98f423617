package format

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

func Limits() map[string]int {
	return map[string]int{
		"max_query_bytes": MaxQueryBytes, "max_words": MaxWords, "max_size": MaxSize, "max_from": MaxFrom,
		"min_prefix": MinPrefix, "max_expansions": maxExpansions, "max_typos": maxTypos,
	}
}
