package config

import (
	"slices"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/suggest"
)

// Acknowledge configures acknowledgements ("I have read and understood").
type Acknowledge struct {
	// Types are the document types every document of which asks readers
	// for an acknowledgement (front matter `acknowledge: true` asks too).
	Types []string `yaml:"types"`
	// Renew is "major" (a new major version asks again; the default) or
	// "any" (every new version asks again).
	Renew string `yaml:"renew"`
	// Report is the lowest audience that sees /acknowledgements/
	// (default "managers", or the second-highest audience when there is no
	// audience of that name).
	Report string `yaml:"report"`
}

// AsksAcknowledgement reports whether a document of type typ, whose front
// matter says flag for acknowledge, asks readers to acknowledge it.
func (c *Config) AsksAcknowledgement(typ string, flag bool) bool {
	return flag || slices.Contains(c.Acknowledge.Types, typ)
}

// RenewEvery reports whether any new version asks readers again.
func (a Acknowledge) RenewEvery() bool { return a.Renew == "any" }

// ReportAudience is the lowest audience that sees who acknowledged what.
func (c *Config) ReportAudience() string {
	if c.Acknowledge.Report != "" {
		return c.Acknowledge.Report
	}
	if _, ok := c.Audiences["managers"]; ok {
		return "managers"
	}
	names := c.AudiencesByRank()
	if len(names) >= 2 {
		return names[len(names)-2]
	}
	return names[len(names)-1]
}

// AudiencesByRank returns the audiences from the one that reads least to
// the one that reads most (ties by name).
func (c *Config) AudiencesByRank() []string {
	names := c.AudienceNames()
	slices.SortStableFunc(names, func(a, b string) int {
		ra, _ := c.MaxRank(a)
		rb, _ := c.MaxRank(b)
		return ra - rb
	})
	return names
}

// GroupAudience returns the audience of a reader in groups: the one that
// reads most among the audiences listing one of the groups or "*". ok is
// false when none does.
func (c *Config) GroupAudience(groups []string) (audience string, ok bool) {
	best := -1
	for _, name := range c.AudiencesByRank() {
		gs := c.AudienceGroups[name]
		match := slices.Contains(gs, "*") || slices.ContainsFunc(groups, func(g string) bool { return slices.Contains(gs, g) })
		if r, _ := c.MaxRank(name); match && r >= best {
			audience, best, ok = name, r, true
		}
	}
	return audience, ok
}

// checkAwareness checks audience_groups and acknowledge.
func (c *Config) checkAwareness(lines map[string]int) []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, diag.Errorf(FileName, lines[key], format, args...))
	}
	known := c.AudienceNames()
	for name, groups := range c.AudienceGroups {
		if !slices.Contains(known, name) {
			bad("audience_groups."+name, "audience_groups: unknown audience %q (known: %s)%s", name, strings.Join(known, ", "), suggest.Hint(name, known))
		}
		if len(groups) == 0 {
			bad("audience_groups."+name, "audience_groups.%s: list the groups (or \"*\" for every signed-in reader)", name)
		}
	}
	a := c.Acknowledge
	for _, t := range a.Types {
		if !slices.Contains(c.Types, t) {
			bad("acknowledge", "acknowledge.types: unknown type %q (known: %s)%s", t, strings.Join(c.Types, ", "), suggest.Hint(t, c.Types))
		}
	}
	if a.Renew != "" && a.Renew != "major" && a.Renew != "any" {
		bad("acknowledge", "acknowledge.renew must be major or any, not %q", a.Renew)
	}
	if a.Report != "" && !slices.Contains(known, a.Report) {
		bad("acknowledge", "acknowledge.report: unknown audience %q (known: %s)", a.Report, strings.Join(known, ", "))
	}
	return errs
}
