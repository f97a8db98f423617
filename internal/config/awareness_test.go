package config

import (
	"slices"
	"testing"
)

func TestGroupAudience(t *testing.T) {
	c, msgs := load(t, `audience_groups:
  auditors: [iso-auditors]
  managers: [it-managers, service-owners]
  staff: ["*"]
`)
	if msgs != nil {
		t.Fatal(msgs)
	}
	tests := []struct {
		groups []string
		want   string
	}{
		{nil, "staff"},
		{[]string{"it-managers"}, "managers"},
		{[]string{"service-owners", "iso-auditors"}, "auditors"}, // the one that reads most
		{[]string{"unknown"}, "staff"},
	}
	for _, tt := range tests {
		if got, ok := c.GroupAudience(tt.groups); !ok || got != tt.want {
			t.Errorf("GroupAudience(%v) = %q, %v; want %q", tt.groups, got, ok, tt.want)
		}
	}
	noStar, _ := load(t, "audience_groups: {managers: [it-managers]}\n")
	if got, ok := noStar.GroupAudience([]string{"sales"}); ok {
		t.Errorf("a reader in no listed group got %q", got)
	}
}

func TestAwarenessErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"audience_groups:\n  managerz: [x]\n", `handbook.yaml:2: audience_groups: unknown audience "managerz" (known: auditors, managers, public, staff) (did you mean "managers"?)`},
		{"audience_groups:\n  staff: []\n", `handbook.yaml:2: audience_groups.staff: list the groups (or "*" for every signed-in reader)`},
		{"acknowledge: {types: [polcy]}\n", `handbook.yaml:1: acknowledge.types: unknown type "polcy" (known: policy, plan, process, procedure, register, record, template, form, report) (did you mean "policy"?)`},
		{"acknowledge: {renew: sometimes}\n", `handbook.yaml:1: acknowledge.renew must be major or any, not "sometimes"`},
		{"acknowledge: {report: bosses}\n", `handbook.yaml:1: acknowledge.report: unknown audience "bosses" (known: auditors, managers, public, staff)`},
	}
	for _, tt := range tests {
		_, msgs := load(t, tt.text)
		if !slices.Contains(msgs, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.text, msgs, tt.want)
		}
	}
}

func TestReportAudience(t *testing.T) {
	c := Default()
	if got := c.ReportAudience(); got != "managers" {
		t.Errorf("default report audience %q", got)
	}
	c, _ = load(t, "audiences: {everyone: public, inner: internal, top: restricted}\n")
	if got := c.ReportAudience(); got != "inner" {
		t.Errorf("report audience without managers: %q, want the second-highest", got)
	}
}
