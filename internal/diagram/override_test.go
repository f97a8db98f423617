package diagram

import (
	"strings"
	"testing"
)

// processSummary lists a model's processes as "group: name clauses".
func processSummary(s *Scope) map[string]string {
	out := map[string]string{}
	walkGroups(s.Groups, func(g *Group) {
		for _, p := range g.Processes {
			out[p.Name] = g.Name + " " + strings.Join(p.Clauses, ",")
		}
	})
	return out
}

func TestLoadScopeWithoutAFileIsTheBuiltinModel(t *testing.T) {
	s, diags := LoadScope(ScopeFile, nil)
	if len(diags) > 0 || s == nil {
		t.Fatalf("LoadScope(nil) = %v, %v", s, diags)
	}
	if s.Customers != "Customers (internal & external)" || len(s.Processes()) != 43 || s.Title != "ISO/IEC 20000:2018 scope" {
		t.Errorf("built-in model = %+v with %d processes", s, len(s.Processes()))
	}
	// Each call is a fresh copy: an override does not change the next build's default.
	s.Groups[0].Processes[0].Name = "changed"
	if DefaultScope().Groups[0].Processes[0].Name == "changed" {
		t.Error("DefaultScope shares its model between calls")
	}
}

func TestLoadScopeOverrides(t *testing.T) {
	tests := []struct {
		name, yaml string
		check      func(t *testing.T, s *Scope)
	}{
		{"labels only", "customers: Passengers\n", func(t *testing.T, s *Scope) {
			if s.Customers != "Passengers" || s.System != "Service management system (SMS)" || len(s.Processes()) != 43 {
				t.Errorf("customers=%q system=%q processes=%d", s.Customers, s.System, len(s.Processes()))
			}
		}},
		{"empty file", "", func(t *testing.T, s *Scope) {
			if len(s.Processes()) != 43 {
				t.Errorf("processes=%d", len(s.Processes()))
			}
		}},
		{"rename, hide, move, add", `
requirements: Travel needs
services: Journeys
processes:
  - {name: incident management, rename: Incident handling}
  - {name: Knowledge, hide: true}
  - {name: Asset management, group: "8.7"}
  - {name: Safety management, group: Service assurance, clauses: ["8.7.3", "6.1"]}
`, func(t *testing.T, s *Scope) {
			got := processSummary(s)
			for name, want := range map[string]string{
				"Incident handling": "Resolution and fulfilment 8.6.1",
				"Asset management":  "Service assurance 8.2.5",
				"Safety management": "Service assurance 8.7.3,6.1",
			} {
				if got[name] != want {
					t.Errorf("%s: %q, want %q", name, got[name], want)
				}
			}
			for _, gone := range []string{"Incident management", "Knowledge"} {
				if _, ok := got[gone]; ok {
					t.Errorf("%s is still in the model", gone)
				}
			}
			if len(got) != 43 || s.Requirements != "Travel needs" || s.Services != "Journeys" {
				t.Errorf("%d processes, requirements %q, services %q", len(got), s.Requirements, s.Services)
			}
		}},
		{"hiding every process of a group drops the group", `
processes:
  - {name: Nonconformity and corrective action, hide: true}
  - {name: Continual improvement, hide: true}
`, func(t *testing.T, s *Scope) {
			walkGroups(s.Groups, func(g *Group) {
				if g.Name == "Improvement" {
					t.Error("the empty group Improvement is still drawn")
				}
			})
		}},
		{"groups replace the arrangement", `
groups:
  - name: Evaluation
    processes:
      - {name: Internal audit, clauses: ["9.2"]}
`, func(t *testing.T, s *Scope) {
			if got := processSummary(s); len(got) != 1 || got["Internal audit"] != "Evaluation 9.2" || s.Customers == "" {
				t.Errorf("processes %v, customers %q", got, s.Customers)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := LoadScope("s.yaml", []byte(tt.yaml))
			for _, d := range diags {
				t.Errorf("%v", d)
			}
			if s == nil {
				t.FailNow()
			}
			tt.check(t, s)
		})
	}
}

func TestLoadScopeReportsBadOverridesWithLines(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown clause", `processes:
  - {name: Safety, group: "8.7", clauses: ["8.7.9"]}
`, []string{
			`s.yaml:2: process "Safety": "8.7.9" is not a clause of ISO/IEC 20000-1:2018 (4 to 10; see /clauses/)`,
			`s.yaml:2: unknown process "Safety": to add a process, give its group and clauses`,
		}},
		{"duplicate process", `processes:
  - {name: Knowledge, rename: Know-how}
  - {name: knowledge, hide: true}
  - {name: Awareness, rename: Competence}
`, []string{
			`s.yaml:3: duplicate process "knowledge": it is already changed at line 2`,
			`s.yaml:4: duplicate process "Competence": two processes of Figure 1 have this name`,
		}},
		{"unknown process and group", `processes:
  - {name: Incident managment, rename: X}
  - {name: Safety, group: Assurance, clauses: ["8.7.3"]}
`, []string{
			`s.yaml:2: unknown process "Incident managment" (did you mean "Incident management"?): to add a process, give its group and clauses`,
			`s.yaml:3: process "Safety": unknown group "Assurance" (a group's name or clause)`,
		}},
		{"malformed structure", `customers: [a, b]
processes:
  name: Knowledge
`, []string{
			`s.yaml:1: expected text`,
			`s.yaml:3: processes: expected a list`,
		}},
		{"hide with a rename", `processes:
  - {name: Knowledge, hide: yes please, rename: K}
  - {name: Awareness, hide: true, rename: A}
`, []string{
			`s.yaml:2: expected true or false`,
			`s.yaml:3: process "Awareness": a hidden process takes no other change`,
		}},
		{"misspelt key", `procesess: []
`, []string{
			`s.yaml:1: scope model: unknown key "procesess" (did you mean "processes"?) (known: customers, groups, processes, requirements, services, system, title)`,
		}},
		{"not YAML", "customers: [\n", []string{`s.yaml:2: did not find expected node content`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := LoadScope("s.yaml", []byte(tt.yaml))
			wantDiags(t, diags, tt.want)
		})
	}
}
