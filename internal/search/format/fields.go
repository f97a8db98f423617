package format

import (
	"strconv"
	"strings"
)

// Fields of a record in the bleve index. The text fields hold terms that
// this package has already analysed (see words): bleve splits them at
// spaces only, so the terms, their counts and the field lengths (hence
// the scores) are exactly those the static index is written from.
const (
	FieldTitle   = "title"   // document title (every record of the document)
	FieldHeading = "heading" // section heading
	FieldText    = "text"    // section text
	FieldTags    = "tags"    // document tags
	FieldID      = "id"      // document id, lower case, exact
	FieldType    = "type"    // document type, exact
	FieldClause  = "clause"  // clause numbers, exact
)

// textFields are the fields searched for words.
var TextFields = []string{FieldTitle, FieldHeading, FieldText, FieldTags}

// RecordKey is the bleve id of section s of document d (their ordinals).
func RecordKey(d, s int) string { return strconv.Itoa(d) + "." + strconv.Itoa(s) }

// ParseKey is the inverse of recordKey.
func ParseKey(key string) (d, s int, ok bool) {
	a, b, found := strings.Cut(key, ".")
	if !found {
		return 0, 0, false
	}
	d, err1 := strconv.Atoi(a)
	s, err2 := strconv.Atoi(b)
	return d, s, err1 == nil && err2 == nil
}

// indexDir and staticDir are the two parts of the _search folder.
const IndexDir = "index"
