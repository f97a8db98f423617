package query

import (
	"slices"
	"strings"

	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// Groupings of hits (Request.Group).
const (
	// GroupSection answers one hit per section (the zero value).
	GroupSection = "section"
	// GroupDocument answers one hit per document: its best sections, and
	// the best section's score as the document's. Total and facets count
	// documents. A document whose id or title is the whole query comes
	// first.
	GroupDocument = "document"
)

// maxDocSections is how many sections a document's hit lists at most.
const maxDocSections = 3

// SectionHit is one of the best sections of a document's hit.
type SectionHit struct {
	Anchor    string   `json:"anchor"`
	Section   string   `json:"section"`
	URL       string   `json:"url"`
	Fragments []string `json:"fragments"`
	Score     float64  `json:"score"`
}

// exactDocs are the documents whose id or title is the whole query.
func (ix *Index) exactDocs(q string) ([]uint32, error) {
	var out []uint32
	keys := []string{analysis.TitleKey(ix.words, q)}
	if id := strings.ToLower(strings.TrimSpace(q)); idLike.MatchString(id) {
		keys = append(keys, format.IdKeyPrefix+id)
	}
	for _, key := range keys {
		if key == "" {
			continue
		}
		e, err := ix.entry(key)
		if err != nil {
			return nil, err
		}
		if e == nil || e.Fields[format.SfID] == nil {
			continue
		}
		tiers, err := ix.all(e, format.SfID)
		if err != nil {
			return nil, err
		}
		for _, t := range tiers {
			for _, p := range t.Postings {
				out = append(out, p.Doc)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// docGroup is a document's records, best first.
type docGroup struct {
	doc   uint32
	recs  []scored
	exact bool // its id or title is the query
}

// topDocs groups the records of all by document and returns the first k
// documents: those of exact first, then by their best record (ties: the
// lower record first); each document's records best first.
func (ix *Index) topDocs(all []scored, exact []uint32, k int) []docGroup {
	best := map[uint32]scored{}
	for _, s := range all {
		d := ix.tables.recDoc[s.rec]
		if b, ok := best[d]; !ok || byScore(s, b) < 0 {
			best[d] = s
		}
	}
	var top []scored // by best record
	var first []uint32
	for _, d := range exact {
		if _, ok := best[d]; ok {
			first = append(first, d)
		}
	}
	slices.SortFunc(first, func(a, b uint32) int { return byScore(best[a], best[b]) })
	for d, s := range best {
		if !slices.Contains(first, d) {
			top = pushTop(top, s, k-len(first))
		}
	}
	slices.SortFunc(top, byScore)
	groups := make([]docGroup, 0, len(first)+len(top))
	at := map[uint32]int{}
	for _, d := range first {
		at[d] = len(groups)
		groups = append(groups, docGroup{doc: d, exact: true})
	}
	for _, s := range top {
		d := ix.tables.recDoc[s.rec]
		at[d] = len(groups)
		groups = append(groups, docGroup{doc: d})
	}
	for _, s := range all {
		if i, ok := at[ix.tables.recDoc[s.rec]]; ok {
			groups[i].recs = append(groups[i].recs, s)
		}
	}
	for i := range groups {
		slices.SortFunc(groups[i].recs, byScore)
	}
	return groups[:min(k, len(groups))]
}

// runDocuments is run for GroupDocument.
func (ix *Index) runDocuments(r Request, p *plan, allow func(uint32) bool) (*Response, error) {
	rk, err := ix.rank(p.fieldGroups(), p.required, allow, 0, true)
	if err != nil {
		return nil, err
	}
	exact, err := ix.exactDocs(r.Q)
	if err != nil {
		return nil, err
	}
	k := r.From + r.Size
	if len(p.phrases) > 0 {
		k += phraseSlack
	}
	groups := ix.topDocs(rk.all, exact, k)
	if len(p.phrases) > 0 {
		if groups, err = ix.checkDocPhrases(groups, p.phrases, r.From+r.Size); err != nil {
			return nil, err
		}
	}
	out := &Response{Query: r.Q, Total: rk.total, Hits: []Hit{}, Facets: ix.facets(rk)}
	if r.From >= len(groups) {
		return out, nil
	}
	page := groups[r.From:]
	for i := range page {
		page[i].recs = page[i].recs[:min(maxDocSections, len(page[i].recs))]
	}
	for _, g := range page {
		hit, ok, err := ix.docHit(p, g)
		if err != nil {
			return nil, err
		}
		if ok {
			out.Hits = append(out.Hits, hit)
		}
	}
	return out, nil
}

// checkDocPhrases keeps of each document the records that have every
// phrase, and the first n documents left with any.
func (ix *Index) checkDocPhrases(groups []docGroup, phrases []phrase, n int) ([]docGroup, error) {
	var out []docGroup
	for _, g := range groups {
		if len(out) == n {
			break
		}
		recs, err := ix.checkPhrases(g.recs, phrases, maxDocSections)
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			out = append(out, docGroup{g.doc, recs, g.exact})
		}
	}
	return out, nil
}

// docHit makes the hit of a document from its best sections: the hit is
// its best section, the others beside.
func (ix *Index) docHit(p *plan, g docGroup) (Hit, bool, error) {
	var hit Hit
	for _, s := range g.recs {
		sh, err := ix.hit(ix.recordKey(s.rec), s.score, p)
		if err != nil {
			return Hit{}, false, err
		}
		if hit.Sections == nil {
			hit = sh
		}
		hit.Sections = append(hit.Sections, SectionHit{Anchor: sh.Anchor, Section: sh.Section, URL: sh.URL, Fragments: sh.Fragments, Score: sh.Score})
	}
	hit.exact = g.exact
	return hit, hit.Sections != nil, nil
}
