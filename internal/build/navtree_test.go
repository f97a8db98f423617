package build

import (
	"fmt"
	"strings"
	"testing"

	"handbook/internal/config"
	"handbook/internal/link"
	"handbook/internal/site"
)

// treeState makes a State from "ID:type:parent" triples, excluding the ids
// in excluded as an audience build would.
func treeState(docs []string, excluded ...string) *State {
	s := &site.Site{Config: config.Default(), ByID: map[string]*site.Document{}}
	ex := map[string]bool{}
	for _, id := range excluded {
		ex[id] = true
	}
	st := &State{Config: s.Config, Site: s, Excluded: ex}
	for _, spec := range docs {
		f := strings.Split(spec, ":")
		d := &site.Document{Path: f[0] + ".md", Meta: site.Meta{ID: f[0], Title: f[0], Type: f[1], Parent: f[2]}}
		s.Docs = append(s.Docs, d)
		s.ByID[d.Meta.ID] = d
		if !ex[d.Meta.ID] {
			st.Docs = append(st.Docs, d)
		}
	}
	st.Index = link.NewIndex(s, ex)
	return st
}

// outline writes a tree as indented lines with the list markers, so that a
// test can see both the order and the nesting the layout will draw.
func outline(items []TreeItem) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", it.Depth), it.ID)
		if it.Open {
			b.WriteString(" {")
		}
		b.WriteString(strings.Repeat(" }", it.Close))
		b.WriteString("\n")
	}
	return b.String()
}

func TestBuildTree(t *testing.T) {
	tests := []struct {
		name     string
		docs     []string
		excluded []string
		want     string
	}{
		{"flat", []string{"B-1:procedure:", "A-1:policy:"}, nil, "A-1\nB-1\n"},
		{"nested, siblings by type then id",
			[]string{"POL-1:policy:", "PRC-2:process:PLN-1", "PLN-1:plan:POL-1", "PROC-1:procedure:PRC-2", "PRC-1:process:PLN-1", "TPL-1:template:POL-1"}, nil,
			"POL-1 {\n  PLN-1 {\n    PRC-1\n    PRC-2 {\n      PROC-1 } }\n  TPL-1 }\n"},
		{"excluded parent makes a root", []string{"POL-1:policy:", "PLN-1:plan:POL-1", "PRC-1:process:PLN-1"}, []string{"PLN-1"},
			"POL-1\nPRC-1\n"},
		{"unknown parent makes a root", []string{"PRC-1:process:NOPE-1"}, nil, "PRC-1\n"},
		{"parent cycle still lists every document", []string{"A-1:plan:B-1", "B-1:plan:A-1"}, nil, "A-1 {\n  B-1 }\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := outline(treeState(tc.docs, tc.excluded...).buildTree()); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestBuildTreeTooBig(t *testing.T) {
	docs := make([]string, navTreeMax+1)
	for i := range docs {
		docs[i] = fmt.Sprintf("D-%d:procedure:", i)
	}
	if got := treeState(docs).buildTree(); got != nil {
		t.Errorf("a site of %d documents got a sidebar tree of %d items; want none", len(docs), len(got))
	}
}
