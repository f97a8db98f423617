package acks

import (
	"strings"
	"testing"
)

func TestReadRoster(t *testing.T) {
	in := "id,name,email,groups\nana,Ana,ana@x,staff\nmax,Max,max@x,it-managers;auditors\n,Nobody,n@x,staff\nbad,row\nana,Ana again,a2@x,staff\n"
	got, err := ReadRoster("content/_data/readers.csv", []byte(in))
	if len(got) != 2 || got[1].ID != "max" || strings.Join(got[1].Groups, "|") != "it-managers|auditors" {
		t.Errorf("readers: %+v", got)
	}
	want := []string{
		"content/_data/readers.csv:4: expected 4 fields (id, name, email, groups), got 4 and an empty id",
		"content/_data/readers.csv:5: expected 4 fields (id, name, email, groups), got 2",
		`content/_data/readers.csv:6: reader "ana" is listed twice (first on line 2)`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("errors:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}

func TestExportRoundTripAndFormulaCells(t *testing.T) {
	in := []Ack{{Reader: "=cmd|' /C calc'!A0", Email: "+x@y", Doc: "D-1", Version: "-1", PageHash: "h", At: t0}}
	csv := CSV(in)
	if !strings.Contains(string(csv), "'=cmd") || !strings.Contains(string(csv), ",'+x@y,") {
		t.Errorf("formula cells not neutralised:\n%s", csv)
	}
	for _, data := range [][]byte{csv, JSON(in)} {
		out, err := ReadExport("x", data)
		if err != nil || len(out) != 1 || out[0] != in[0] {
			t.Errorf("round trip of %q: %+v, %v", data[:10], out, err)
		}
	}
}
