package control

import (
	"regexp"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/site"
	"handbook/internal/suggest"
)

// NamedRole is a role a document names, with the file line it is on.
type NamedRole struct {
	Name string
	Line int
}

// Roles reports, when the site lists its roles, an owner, approver or role
// named in the document's roles sections that is not one of them.
func Roles(d *site.Document, known []string) []*diag.Diagnostic {
	if len(known) == 0 {
		return nil
	}
	set := make(map[string]bool, len(known))
	for _, r := range known {
		set[roleKey(r)] = true
	}
	var out []*diag.Diagnostic
	check := func(what, name string, line int) {
		if name == "" || set[roleKey(name)] {
			return
		}
		out = append(out, diag.Warnf(d.Path, line, "%s %q is not one of the site's roles (roles: in handbook.yaml)%s", what, name, suggest.Hint(name, known)))
	}
	check("owner", d.Meta.Owner, d.Line("owner"))
	check("approver", d.Meta.Approver, d.Line("approver"))
	for _, r := range SectionRoles(d.Body, d.BodyLine) {
		check("role", r.Name, r.Line)
	}
	return out
}

// roleKey folds a role name for comparison: case, spacing, and a plural
// "s" ("Process owners" is the role "Process Owner").
func roleKey(name string) string {
	k := strings.ToLower(strings.Join(strings.Fields(name), " "))
	return strings.TrimSuffix(k, "s")
}

var (
	headingRE   = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	boldItemRE  = regexp.MustCompile(`^\s*[-*+]\s+\*\*([^*]+)\*\*`)
	tableRowRE  = regexp.MustCompile(`^\s*\|(.*)\|\s*$`)
	separatorRE = regexp.MustCompile(`^\s*\|?\s*:?-{3,}`)
	parenRE     = regexp.MustCompile(`\s*\([^)]*\)`)
	roleWordRE  = regexp.MustCompile(`(?i)\broles?\b`)
)

// SectionRoles lists the roles a Markdown body names: the first cells of
// tables whose first column is headed "Role", and the bold lead of list
// items ("- **Incident Manager**: ...") in sections whose heading has the
// word "role". firstLine is the file line of the body's first line.
// Parenthesised words and a trailing colon are not part of a name.
func SectionRoles(body []byte, firstLine int) []NamedRole {
	var out []NamedRole
	lines := strings.Split(string(body), "\n")
	inRoles, level := false, 0
	roleTable := false
	for i, line := range prose(lines) {
		if m := headingRE.FindStringSubmatch(line); m != nil {
			if inRoles && len(m[1]) > level {
				continue
			}
			inRoles, level = roleWordRE.MatchString(m[2]), len(m[1])
			continue
		}
		name := ""
		if m := tableRowRE.FindStringSubmatch(line); m != nil {
			cells := strings.Split(m[1], "|")
			switch {
			case i+1 < len(lines) && separatorRE.MatchString(lines[i+1]):
				roleTable = roleWordRE.MatchString(cells[0]) && len(strings.Fields(cells[0])) == 1
				continue
			case separatorRE.MatchString(line) || !roleTable:
				continue
			}
			name = cells[0]
		} else {
			roleTable = false
			if m := boldItemRE.FindStringSubmatch(line); m != nil && inRoles {
				name = m[1]
			}
		}
		name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(parenRE.ReplaceAllString(name, "")), ":"))
		if name != "" {
			out = append(out, NamedRole{Name: name, Line: firstLine + i})
		}
	}
	return out
}
