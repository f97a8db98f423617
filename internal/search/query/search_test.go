package query

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// fakeLexicon knows a few words.
type fakeLexicon map[string]string

func (l fakeLexicon) stems(w string) ([]string, bool) {
	if s, ok := l[w]; ok {
		return []string{s}, true
	}
	return []string{w}, false
}
func (l fakeLexicon) corrections(w string) []string {
	if w == "incidnet" {
		return []string{"incid"}
	}
	return nil
}
func (l fakeLexicon) expand(p string) []string { return []string{p + "x"} }
func (l fakeLexicon) hasID(id string) bool     { return id == "sms-proc-004" }

func TestParse(t *testing.T) {
	w := englishWords(t)
	lex := fakeLexicon{"major": "major", "incident": "incid", "raise": "rais", "8.6.1": "8.6.1"}
	tests := []struct {
		q       string
		groups  int
		phrases int
		types   []string
		clause  string
		err     string
	}{
		{q: "how do I raise a major incident", groups: 3},
		{q: "major major incident", groups: 2},
		{q: `"major incident" raise`, groups: 3, phrases: 1},
		{q: `"major incident`, groups: 2, phrases: 1}, // unclosed: to the end
		{q: "incidnet", groups: 1},
		{q: "SMS-PROC-004", groups: 1},
		{q: "SMS-PROC-999", groups: 3}, // not an id of the handbook: its words
		{q: "8.6.1", groups: 1},
		{q: "incident type:Procedure clause:8.6", groups: 1, types: []string{"procedure"}, clause: "8.6"},
		{q: "esc*", groups: 1},
		{q: "", err: "Nothing to search for"},
		{q: "the how", err: "Nothing to search for"},
		{q: "*", err: "at least 2 letters"},
		{q: "a*", err: "at least 2 letters"},
		{q: "incident clause:abc", err: "not a clause number"},
		{q: strings.Repeat("x", format.MaxQueryBytes+1), err: "too long"},
		{q: "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13", err: "too many words"},
		{q: "\xff\xfe", err: "UTF-8"},
	}
	for _, tt := range tests {
		p, err := parse(tt.q, w, lex)
		if tt.err != "" {
			var qe *QueryError
			if !errors.As(err, &qe) || !strings.Contains(qe.Msg, tt.err) {
				t.Errorf("parse(%.20q) error = %v, want a QueryError with %q", tt.q, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parse(%q): %v", tt.q, err)
			continue
		}
		if len(p.groups) != tt.groups || len(p.phrases) != tt.phrases || !slices.Equal(p.types, tt.types) || p.clause != tt.clause {
			t.Errorf("parse(%q) = %d groups, %d phrases, types %v, clause %q; want %d, %d, %v, %q",
				tt.q, len(p.groups), len(p.phrases), p.types, p.clause, tt.groups, tt.phrases, tt.types, tt.clause)
		}
	}
}

func TestSearch(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		req   Request
		first string // id#anchor of the first hit; "" for no hits
		total int    // -1: do not check
	}{
		{Request{Q: "how do I raise a major incident"}, "SMS-PROC-004#raise", -1},
		{Request{Q: "who approves changes"}, "SMS-PRC-005#approval", -1},
		{Request{Q: "supplier contract review"}, "SMS-PRC-009#review", -1},
		{Request{Q: "incidnet priority"}, "SMS-PRC-002#priority", -1},
		{Request{Q: "escal*"}, "SMS-PRC-002#escalation", 1},
		{Request{Q: "SMS-PROC-004"}, "SMS-PROC-004#criteria", 2},
		{Request{Q: "sms-proc-004"}, "SMS-PROC-004#criteria", 2},
		{Request{Q: "8.6.1"}, "SMS-PRC-002#1-purpose", 5},
		{Request{Q: "incident", Type: "procedure"}, "SMS-PROC-004#raise", 2},
		{Request{Q: "incident type:procedure"}, "SMS-PROC-004#raise", 2},
		{Request{Q: "change", Clause: "8.5"}, "SMS-PRC-005#approval", 2},
		{Request{Q: "change", Clause: "8.5.1.3"}, "SMS-PRC-005#approval", 2},
		{Request{Q: "change", Clause: "8.6"}, "", 0},
		{Request{Q: `"major incident"`}, "SMS-PROC-004#criteria", 2},
		{Request{Q: `"incident major"`}, "", 0},
		{Request{Q: `"outage" incident`}, "SMS-PROC-004#raise", 2},
		{Request{Q: `"raise a major incident"`}, "SMS-PROC-004#raise", 2},
		{Request{Q: `"raise major incident"`}, "", 0}, // "a" stands between: not this phrase
		{Request{Q: `"target is at risk"`}, "SMS-PRC-002#escalation", 1},
		{Request{Q: `"service continuity plan"`}, "SMS-TPL-002#", 2},
		{Request{Q: "continuity plan"}, "SMS-TPL-002#", -1}, // found by its title alone
		{Request{Q: "the manager's duty phone"}, "SMS-PROC-004#raise", -1},
		{Request{Q: "duty phone"}, "SMS-PROC-004#raise", 1},
		{Request{Q: "zzyzx"}, "", 0},
	}
	for _, tt := range tests {
		res, err := ix.Search(context.Background(), tt.req)
		if err != nil {
			t.Errorf("%+v: %v", tt.req, err)
			continue
		}
		first := ""
		if len(res.Hits) > 0 {
			first = res.Hits[0].ID + "#" + res.Hits[0].Anchor
		}
		if first != tt.first || (tt.total >= 0 && res.Total != tt.total) {
			t.Errorf("%+v: first %q of %d; want %q of %d", tt.req, first, res.Total, tt.first, tt.total)
		}
	}
}

func TestSearchErrors(t *testing.T) {
	ix := openFixture(t)
	for _, req := range []Request{
		{Q: ""}, {Q: "*"}, {Q: "a*"}, {Q: "the"}, {Q: strings.Repeat("incident ", 40)},
		{Q: "incident", Size: 51}, {Q: "incident", Size: -1}, {Q: "incident", From: -1}, {Q: "incident", From: format.MaxFrom + 1},
		{Q: "incident", Type: "nope"}, {Q: "incident", Clause: "8.x"},
	} {
		_, err := ix.Search(context.Background(), req)
		var qe *QueryError
		if !errors.As(err, &qe) || qe.Msg == "" {
			t.Errorf("%+v: error %v, want a QueryError with a message", req, err)
		}
	}
}

func TestSearchHits(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), Request{Q: "raise a major incident now"})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Hits[0]
	want := Hit{ID: "SMS-PROC-004", Title: "Major Incident Procedure", Type: "procedure", URL: "/docs/sms-proc-004/#raise",
		Anchor: "raise", Section: "4.2 Raising a major incident"}
	if h.ID != want.ID || h.Title != want.Title || h.Type != want.Type || h.URL != want.URL || h.Anchor != want.Anchor || h.Section != want.Section || h.Score <= 0 {
		t.Errorf("first hit %+v, want %+v", h, want)
	}
	frag := "How to <mark>raise</mark> a <mark>major</mark> <mark>incident</mark>: call the <mark>Incident</mark> Manager&#39;s duty phone &lt;<mark>now</mark>&gt; &amp; log it."
	if len(h.Fragments) != 1 || h.Fragments[0] != frag {
		t.Errorf("fragment\n%q, want\n%q", h.Fragments, frag)
	}
	if res.Facets["type"]["procedure"] != 2 || res.Facets["clause"]["8.6.1"] != 5 {
		t.Errorf("facets %v", res.Facets)
	}
}

func TestSearchPaging(t *testing.T) {
	ix := openFixture(t)
	all, err := ix.Search(context.Background(), Request{Q: "incident service change", Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	var paged []string
	for from := 0; from < all.Total; from += 3 {
		res, err := ix.Search(context.Background(), Request{Q: "incident service change", From: from, Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != all.Total {
			t.Errorf("page at %d: total %d, want %d", from, res.Total, all.Total)
		}
		for _, h := range res.Hits {
			paged = append(paged, h.URL)
		}
	}
	var whole []string
	for _, h := range all.Hits {
		whole = append(whole, h.URL)
	}
	if !slices.Equal(paged, whole) {
		t.Errorf("pages of 3 give\n%v\nwant\n%v", paged, whole)
	}
	res, _ := ix.Search(context.Background(), Request{Q: "incident", From: 100})
	if len(res.Hits) != 0 || res.Total == 0 {
		t.Errorf("past the last hit: %d hits of %d", len(res.Hits), res.Total)
	}
}

// TestRankingIsBleve compares the ranking of rank.go with bleve's own
// search of the whole index: the same records, in the same order, with
// the same scores (ties apart: bleve orders them at random).
func TestRankingIsBleve(t *testing.T) {
	ix := openFixture(t)
	// (without phrases, which bleve cannot find in the texts: TestSearch)
	for _, q := range []string{"major incident", "how do I raise a major incident", "incidnet", "escal*", "change board",
		"SMS-PROC-004 incident", "8.6.1", `"outage" incident`, "service type:process", "continuity plan"} {
		p, err := parse(q, ix.words, ix)
		if err != nil {
			t.Fatal(err)
		}
		allow, err := ix.filter(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		rk, err := ix.rank(p.fieldGroups(), p.required, allow, 50, false)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.bleve.Search(bleve.NewSearchRequestOptions(p.bleveQuery(), 50, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != rk.total || len(res.Hits) != len(rk.top) {
			t.Errorf("%q: bleve finds %d, the ranking %d", q, res.Total, rk.total)
			continue
		}
		want := map[string]float64{}
		for _, h := range res.Hits {
			want[h.ID] = h.Score
		}
		for i, s := range rk.top {
			d := ix.tables.recDoc[s.rec]
			key := format.RecordKey(int(d), int(s.rec-ix.tables.base[d]))
			if math.Abs(want[key]-s.score) > 1e-9*s.score || math.Abs(res.Hits[i].Score-s.score) > 1e-9*s.score {
				t.Errorf("%q: hit %d is %s with %v; bleve scores it %v (its hit %d: %v)", q, i, key, s.score, want[key], i, res.Hits[i].Score)
			}
		}
	}
}

// TestConcurrentSearch runs searches at once on one index (shared caches
// and scratch space): each gets the answer it gets alone.
func TestConcurrentSearch(t *testing.T) {
	ix := openFixture(t)
	qs := []Request{{Q: "major incident"}, {Q: `"major incident" raise`}, {Q: "change", Clause: "8.5"}, {Q: "escal*"}, {Q: "incidnet"}}
	want := make([]*Response, len(qs))
	for i, q := range qs {
		var err error
		if want[i], err = ix.Search(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, 40)
	for g := range 40 {
		go func() {
			i := g % len(qs)
			got, err := ix.Search(context.Background(), qs[i])
			if err == nil && (got.Total != want[i].Total || len(got.Hits) != len(want[i].Hits) || got.Hits[0].URL != want[i].Hits[0].URL) {
				err = errors.New("a different answer at once: " + qs[i].Q)
			}
			errs <- err
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// bleveQuery is the plan as a bleve query, the oracle of
// TestRankingIsBleve: a disjunction of the field groups, each a
// disjunction of terms; the quoted words, types and clause as a filter,
// which does not change scores. Phrases are not in it: bleve
// has no positions for the text (Index.filter and checkPhrases find them).
func (p *plan) bleveQuery() query.Query {
	fg := p.fieldGroups()
	groups := make([]query.Query, len(fg))
	for i, g := range fg {
		leaves := make([]query.Query, len(g))
		for j, l := range g {
			tq := bleve.NewTermQuery(l.term)
			tq.SetField(l.field)
			tq.SetBoost(l.boost)
			leaves[j] = tq
		}
		groups[i] = bleve.NewDisjunctionQuery(leaves...)
	}
	top := bleve.NewDisjunctionQuery(groups...)
	var filters []query.Query
	for _, w := range p.required {
		var alts []query.Query
		for _, l := range p.groups[w] {
			tq := bleve.NewTermQuery(l.term)
			tq.SetField(l.field)
			alts = append(alts, tq)
		}
		filters = append(filters, bleve.NewDisjunctionQuery(alts...))
	}
	if len(p.types) > 0 {
		var alts []query.Query
		for _, t := range p.types {
			tq := bleve.NewTermQuery(t)
			tq.SetField(format.FieldType)
			alts = append(alts, tq)
		}
		filters = append(filters, bleve.NewDisjunctionQuery(alts...))
	}
	if p.clause != "" {
		tq := bleve.NewTermQuery(p.clause)
		tq.SetField(format.FieldClause)
		pq := bleve.NewPrefixQuery(p.clause + ".")
		pq.SetField(format.FieldClause)
		filters = append(filters, bleve.NewDisjunctionQuery(tq, pq))
	}
	if len(filters) == 0 {
		return top
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(top)
	bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	return bq
}

// englishWords splits as an English handbook's queries are split.
func englishWords(t testing.TB) *analysis.Words {
	t.Helper()
	stop, err := analysis.StopWords(nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := analysis.NewWords(stop)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
