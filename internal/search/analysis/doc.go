// Package analysis is how text becomes terms, one definition for the bleve
// index, the static index and (as meta.json's stop words, elisions and
// apostrophes) the browser: Unicode word segmentation (a fast path for
// ASCII), each document's language (its stop words and bleve stemmer),
// elisions and possessives, lower case and accent folding. It also makes
// the term fields that package index hands bleve (terms.go), with each
// section's word pairs for phrases, and a title's key (TitleKey).
package analysis
