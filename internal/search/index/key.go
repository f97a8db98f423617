package index

import (
	"encoding/json"
	"fmt"
	"io"

	"handbook/internal/par"
	"handbook/internal/search"
)

// Sums are the memo sums of documents, in their order: what Key writes
// for them, and what a Write with a memo files their results under.
// Making them hashes every document's text, so a caller that needs both
// makes them once (SumDocuments) and passes them to both.
type Sums []docSums

// SumDocuments is the Sums of docs, made on all cores.
func SumDocuments(docs []search.Document) Sums {
	sums := make(Sums, len(docs))
	par.For(len(docs), func(i int) { sums[i] = sumsOf(&docs[i]) })
	return sums
}

// Key writes to w what the files Write makes depend on, the binary aside:
// the types, and every document in order by its sums (SumDocuments(docs))
// and the fields those sums leave out. It is a cache key: equal bytes mean
// Write would write the same files. Encoding the documents themselves
// (their whole text) cost more than the rest of a one-document edit's key.
func Key(w io.Writer, docs []search.Document, sums Sums, types []search.TypeInfo) error {
	if len(sums) != len(docs) {
		return fmt.Errorf("search key: %d sums for %d documents", len(sums), len(docs))
	}
	if err := json.NewEncoder(w).Encode(types); err != nil {
		return err
	}
	for i, d := range docs {
		if _, err := fmt.Fprintf(w, "%x %x %q %q %q\n", sums[i].analysis, sums[i].file, d.Status, d.Owner, d.Clauses); err != nil {
			return err
		}
	}
	return nil
}
