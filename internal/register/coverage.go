package register

import (
	"slices"
	"strings"

	"handbook/internal/site"
	"handbook/internal/standard"
)

// Coverage states of a clause.
const (
	// Covered: an approved document addresses the clause or a subclause.
	Covered = "covered"
	// Unapproved: documents address it, but none of them is approved yet.
	Unapproved = "unapproved"
	// Gap: no document addresses it.
	Gap = "gap"
)

// ClauseCoverage is one clause of ISO/IEC 20000-1:2018 and the documents
// that address it.
type ClauseCoverage struct {
	Clause standard.Clause
	// Docs list the clause in their front matter.
	Docs []*site.Document
	// Sub address one of the clause's subclauses (and not the clause).
	Sub   []*site.Document
	State string
}

// Within reports whether clause number n is c or one of c's subclauses.
func Within(n, c string) bool {
	return n == c || strings.HasPrefix(n, c+".")
}

// Coverage lists every clause of the standard, in order, with the
// documents among docs that address it. Retired documents address nothing.
// Each document is visited once, with the clauses it lists and their
// parents, rather than once per clause of the standard.
func Coverage(docs []*site.Document) []ClauseCoverage {
	clauses := standard.Clauses()
	out := make([]ClauseCoverage, len(clauses))
	at := make(map[string]int, len(clauses))
	for i, c := range clauses {
		out[i].Clause = c
		at[c.Number] = i
	}
	for _, d := range docs {
		if d.Meta.Status == "retired" {
			continue
		}
		direct, sub := map[int]bool{}, map[int]bool{}
		for _, n := range d.Meta.Clauses {
			if i, ok := at[n]; ok {
				direct[i] = true
			}
			for p := n; strings.Contains(p, "."); { // the clauses n is within
				p = p[:strings.LastIndexByte(p, '.')]
				if i, ok := at[p]; ok {
					sub[i] = true
				}
			}
		}
		// Each clause gets d once, so the order of these loops does not
		// matter: every clause's list stays in the order of docs.
		for i := range direct {
			out[i].Docs = append(out[i].Docs, d)
		}
		for i := range sub {
			if !direct[i] {
				out[i].Sub = append(out[i].Sub, d)
			}
		}
	}
	for i := range out {
		out[i].State = state(append(slices.Clone(out[i].Docs), out[i].Sub...))
	}
	return out
}

func state(docs []*site.Document) string {
	switch {
	case len(docs) == 0:
		return Gap
	case slices.ContainsFunc(docs, approved):
		return Covered
	default:
		return Unapproved
	}
}

func approved(d *site.Document) bool { return d.Meta.Status == "approved" }

// Addressing returns the documents of docs that address any of the clauses
// (list one of them or one of their subclauses), best first: approved
// before others, those listing a clause itself before those listing only
// a subclause, then by typeRank (lower first), then by id. Retired
// documents are left out.
func Addressing(docs []*site.Document, clauses []string, typeRank func(string) int) []*site.Document {
	return NewAddresses(docs).Of(clauses, typeRank)
}

// Addresses answers Addressing for one list of documents many times
// (Figure 1 asks once per process): the documents listing each clause are
// found once, rather than every document read for every question.
type Addresses struct {
	docs []*site.Document
	// listing maps each clause number the documents list to the indexes
	// in docs of the documents, not retired, that list it, in order.
	listing map[string][]int
}

// NewAddresses indexes docs by the clauses they list.
func NewAddresses(docs []*site.Document) *Addresses {
	a := &Addresses{docs: docs, listing: map[string][]int{}}
	for i, d := range docs {
		if d.Meta.Status == "retired" {
			continue
		}
		for _, n := range d.Meta.Clauses {
			if l := a.listing[n]; len(l) == 0 || l[len(l)-1] != i { // a clause listed twice
				a.listing[n] = append(l, i)
			}
		}
	}
	return a
}

// Of is Addressing(docs, clauses, typeRank) for the documents a indexes.
func (a *Addresses) Of(clauses []string, typeRank func(string) int) []*site.Document {
	var at []int
	for n, docs := range a.listing {
		if slices.ContainsFunc(clauses, func(c string) bool { return Within(n, c) }) {
			at = append(at, docs...)
		}
	}
	slices.Sort(at)
	at = slices.Compact(at)
	type scored struct {
		d      *site.Document
		direct bool
	}
	found := make([]scored, len(at))
	for j, i := range at {
		d := a.docs[i]
		found[j] = scored{d, slices.ContainsFunc(clauses, func(c string) bool { return slices.Contains(d.Meta.Clauses, c) })}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if approved(a.d) != approved(b.d) {
			return boolFirst(approved(a.d))
		}
		if a.direct != b.direct {
			return boolFirst(a.direct)
		}
		if ra, rb := typeRank(a.d.Meta.Type), typeRank(b.d.Meta.Type); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.d.Meta.ID, b.d.Meta.ID)
	})
	out := make([]*site.Document, len(found))
	for i, s := range found {
		out[i] = s.d
	}
	return out
}

func boolFirst(first bool) int {
	if first {
		return -1
	}
	return 1
}
