package index

import (
	"encoding/json"
	"fmt"
	"io"

	"handbook/internal/par"
	"handbook/internal/search"
)

// Key writes to w what the files Write makes depend on, the binary aside:
// the types, and every document in order by the sums its analysis and its
// document file are memoised under (its text hashed once, in parallel)
// and the fields those sums leave out. It is a cache key: equal bytes mean
// Write would write the same files. Encoding the documents themselves
// (their whole text) cost more than the rest of a one-document edit's key.
func Key(w io.Writer, docs []search.Document, types []search.TypeInfo) error {
	sums := make([]docSums, len(docs))
	par.For(len(docs), func(i int) { sums[i] = sumsOf(&docs[i]) })
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
