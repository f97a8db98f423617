// Package searchtest is the small handbook that the tests of the search
// packages index and search.
package searchtest

import (
	"context"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/index"
)

// FixtureDocs is a small handbook for the tests: ids, types, clauses,
// tags, a phrase, words with inflections, a possessive, and text that
// needs escaping.
func FixtureDocs() []search.Document {
	return []search.Document{
		{ID: "SMS-POL-001", Title: "Service Management Policy", Type: "policy", Status: "approved", Clauses: []string{"5.2"},
			Tags: []string{"policy", "leadership"}, URL: "/docs/sms-pol-001/", Sections: []search.Section{
				{Text: "The policy of Example Ltd for service management."},
				{Anchor: "commitment", Heading: "Leadership and commitment", Text: "Top management's commitment to the SMS is shown by reviews."},
			}},
		{ID: "SMS-PRC-002", Title: "Incident Management Process", Type: "process", Status: "approved", Clauses: []string{"8.6.1"},
			Tags: []string{"incident", "service desk"}, URL: "/docs/sms-prc-002/", Sections: []search.Section{
				{Anchor: "1-purpose", Heading: "1. Purpose", Text: "Incidents are restored quickly; see clause 8.6.1 of the standard."},
				{Anchor: "priority", Heading: "4.3 Prioritisation and target times", Text: "Each incident gets a priority from impact and urgency. P1 incidents are resolved within 4 hours."},
				{Anchor: "escalation", Heading: "4.4 Escalation", Text: "Escalate an incident to the resolver group when the target is at risk."},
			}},
		{ID: "SMS-PROC-004", Title: "Major Incident Procedure", Type: "procedure", Status: "approved", Clauses: []string{"8.6.1"},
			Tags: []string{"major incident", "outage"}, URL: "/docs/sms-proc-004/", Sections: []search.Section{
				{Anchor: "criteria", Heading: "4.1 Major incident criteria", Text: "Raise a major incident if a critical service is unavailable."},
				{Anchor: "raise", Heading: "4.2 Raising a major incident", Text: "How to raise a major incident: call the Incident Manager's duty phone <now> & log it."},
			}},
		{ID: "SMS-PRC-005", Title: "Change Management Process", Type: "process", Status: "approved", Clauses: []string{"8.5.1", "8.5.1.3"},
			Tags: []string{"change"}, URL: "/docs/sms-prc-005/", Sections: []search.Section{
				{Anchor: "approval", Heading: "4.3 Who approves changes", Text: "The Change Advisory Board approves normal changes; the Change Manager approves standard changes."},
				{Anchor: "cab", Heading: "4.4 Change Advisory Board", Text: "The board meets weekly and reviews failed changes."},
			}},
		{ID: "SMS-PRC-009", Title: "Supplier Management Process", Type: "process", Status: "draft", Clauses: []string{"8.2.3"},
			URL: "/docs/sms-prc-009/", Sections: []search.Section{
				{Anchor: "review", Heading: "4.4 Supplier contract review", Text: "Each supplier contract is reviewed yearly against the service continuity plan."},
			}},
		{ID: "SMS-TPL-002", Title: "Service Continuity Plan", Type: "template", Status: "approved", Clauses: []string{"8.7.2"},
			URL: "/docs/sms-tpl-002/", Sections: []search.Section{{}}}, // an empty body: found by its title
	}
}

func FixtureTypes() []search.TypeInfo {
	return []search.TypeInfo{{Name: "policy", Label: "Policies"}, {Name: "process", Label: "Processes"}, {Name: "procedure", Label: "Procedures"}, {Name: "template", Label: "Templates"}}
}

// WriteFixture writes the fixture's index into a new output folder.
func WriteFixture(t testing.TB, docs []search.Document) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := index.Write(context.Background(), index.FolderOutput(dir), docs, FixtureTypes()); err != nil {
		t.Fatal(err)
	}
	return dir
}
