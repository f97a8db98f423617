package analysis

import (
	"strings"
	"testing"
)

func TestWordsSplit(t *testing.T) {
	stop, err := StopWords(nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWords(stop)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"The Incident Manager's phone", "incident manager phone"},
		{"SMS-PROC-004 and clause 8.6.1", "sms proc 004 clause 8.6.1"},
		{"how do I raise a major incident", "raise major incident"},
		{"", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range w.Split(tt.in) {
			got = append(got, string(tok.Term))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	s := NewStemmer()
	en, err := newLanguages().Get("")
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string]string{"incidents": "incid", "approves": "approv", "changes": "chang", "8.6.1": "8.6.1"} {
		if got := s.Stem(en, []byte(word)).Stem; got != want {
			t.Errorf("stem(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestNormaliser(t *testing.T) {
	n, err := newNormaliser()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"L'incident", "incident"}, {"d’astreinte", "astreinte"}, {"qu'il", "il"}, {"dell'impianto", "impianto"},
		{"Supplier's", "supplier"}, {"manager’s", "manager"}, {"l'", "l'"}, {"'s", "'s"}, {"o'clock", "o'clock"},
		{"Procédure", "procédure"}, {"SMS", "sms"},
	}
	for _, tt := range tests {
		if got := string(n.Word([]byte(tt.in))); got != tt.want {
			t.Errorf("word(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{"procédure": "procedure", "Ærø": "Ærø", "naïve": "naive", "clôture": "cloture", "ascii": "ascii"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLangOf(t *testing.T) {
	for tag, want := range map[string]string{"": "en", "fr": "fr", "fr-CA": "fr", "pt_BR": "pt", "NB": "no", "tlh": "", "x": ""} {
		got, ok := LangOf(tag)
		if got != want || ok != (want != "") {
			t.Errorf("LangOf(%q) = %q, %v; want %q", tag, got, ok, want)
		}
	}
}
