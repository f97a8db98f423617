package query

import (
	"context"
	"slices"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/searchtest"
)

// langDocs is a handbook in three languages: elided articles with
// straight and typographic apostrophes, accents, a possessive.
func langDocs() []search.Document {
	return []search.Document{
		{ID: "SMS-PROC-010", Title: "Procédure de gestion des incidents majeurs", Type: "procedure", Lang: "fr", URL: "/docs/sms-proc-010/",
			Sections: []search.Section{
				{Anchor: "declaration", Heading: "Déclaration", Text: "Un incident majeur est déclaré par le responsable d’astreinte."},
				{Anchor: "cloture", Heading: "Clôture", Text: "L'incident est clos quand qu'il n'y a plus d'impact."},
			}},
		{ID: "SMS-PROC-011", Title: "Procedura di escalation", Type: "procedure", Lang: "it-IT", URL: "/docs/sms-proc-011/",
			Sections: []search.Section{{Text: "La responsabilità dell'impianto è del gestore."}}},
		{ID: "SMS-PROC-012", Title: "Supplier review procedure", Type: "procedure", URL: "/docs/sms-proc-012/",
			Sections: []search.Section{{Text: "The supplier's contract is reviewed every year."}}},
		{ID: "SMS-PROC-013", Title: "Ablauf", Type: "procedure", Lang: "tlh", URL: "/docs/sms-proc-013/", // no analyser: neutral
			Sections: []search.Section{{Text: "Qapla' batlh Daqawlu'taH."}}},
		{ID: "SMS-PROC-014", Title: "インシデント管理", Type: "procedure", Lang: "ja", URL: "/docs/sms-proc-014/", // neutral too
			Sections: []search.Section{{Text: "重大なインシデントの手順です。"}}},
	}
}

// TestLanguages asks the server and the static search the same questions
// of langDocs: each finds the documents whose words it names, whatever
// the elision, the apostrophe, the accents or the language.
func TestLanguages(t *testing.T) {
	dir := searchtest.WriteFixture(t, langDocs())
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	tests := []struct {
		q    string
		want []string // ids found, in any order
	}{
		{"astreinte", []string{"SMS-PROC-010"}},
		{"d'astreinte", []string{"SMS-PROC-010"}},
		{"l'incident", []string{"SMS-PROC-010"}},
		{"L’incident", []string{"SMS-PROC-010"}},
		{"incident", []string{"SMS-PROC-010"}},
		{"incidents", []string{"SMS-PROC-010"}}, // French stemming: incidents → incident
		// Italian "procedura" has the same stem
		{"procédure", []string{"SMS-PROC-010", "SMS-PROC-011", "SMS-PROC-012"}},
		{"procedure", []string{"SMS-PROC-010", "SMS-PROC-011", "SMS-PROC-012"}},
		{"cloture", []string{"SMS-PROC-010"}},
		{"impact", []string{"SMS-PROC-010"}},
		{"impianto", []string{"SMS-PROC-011"}},
		{"responsabilita", []string{"SMS-PROC-011"}},
		{"supplier", []string{"SMS-PROC-012"}},
		{"supplier's", []string{"SMS-PROC-012"}},
		{"batlh", []string{"SMS-PROC-013"}},
		{"管理", []string{"SMS-PROC-014"}},
		{"インシデント", []string{"SMS-PROC-014"}},
		{`"重大な"`, []string{"SMS-PROC-014"}},
		{`"responsable d'astreinte"`, []string{"SMS-PROC-010"}},
	}
	reqs := make([]Request, len(tests))
	for i, tt := range tests {
		reqs[i] = Request{Q: tt.q}
	}
	assertStaticMatches(t, ix, dir, append(slices.Clone(reqs), Request{Q: "l'incident majeur"}, Request{Q: "responsable astreinte"},
		Request{Q: "'"}, Request{Q: "l’"}, Request{Q: `"l'incident`}, Request{Q: "事件 incident"}, Request{Q: "ひらがなです incident"}, Request{Q: "ภาษาไทย incident"}, Request{Q: "カタカナ語 incident"}, Request{Q: "l'*"}, Request{Q: "astreintes", Group: GroupDocument}))
	static := runStatic(t, dir, reqs)
	for i, tt := range tests {
		res, err := ix.Search(context.Background(), reqs[i])
		if err != nil {
			t.Errorf("%q: %v", tt.q, err)
			continue
		}
		if got := hitIDs(res.Hits); !slices.Equal(got, slices.Sorted(slices.Values(tt.want))) {
			t.Errorf("server: %q finds %v, want %v", tt.q, got, tt.want)
		}
		if got := hitIDs(static[i].Hits); !slices.Equal(got, slices.Sorted(slices.Values(tt.want))) {
			t.Errorf("static: %q finds %v, want %v (%s)", tt.q, got, tt.want, static[i].Error)
		}
	}
}

// hitIDs are the distinct documents of hits, sorted.
func hitIDs(hits []Hit) []string {
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
