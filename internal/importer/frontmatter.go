package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// Markdown is the document's file: YAML front matter, with a TODO comment
// for each field a person must give, and the body.
func (d *Doc) Markdown() string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# Imported from %s by handbook import.\n", oneLine(d.Source))
	for _, t := range d.todo {
		fmt.Fprintf(&b, "# TODO: %s\n", oneLine(t))
	}
	fmt.Fprintf(&b, "id: %s\n", d.ID)
	fmt.Fprintf(&b, "title: %s\n", quote(d.Title))
	fmt.Fprintf(&b, "type: %s\n", d.Type)
	fmt.Fprintf(&b, "version: %s\n", quote(d.Version))
	fmt.Fprintf(&b, "status: %s\n", d.Status)
	fmt.Fprintf(&b, "owner: %s\n", quote(d.Owner))
	optional(&b, "approver", quote, d.Approver)
	optional(&b, "approved", plain, d.Approved)
	optional(&b, "review", plain, d.Review)
	fmt.Fprintf(&b, "classification: %s\n", d.Class)
	fmt.Fprintf(&b, "clauses: %s\n", list(d.Clauses))
	optional(&b, "parent", plain, d.Parent)
	if len(d.Related) > 0 {
		fmt.Fprintf(&b, "related: %s\n", list(d.Related))
	}
	if len(d.Aliases) > 0 {
		fmt.Fprintf(&b, "aliases: %s\n", list(d.Aliases))
	}
	if len(d.Tags) > 0 {
		fmt.Fprintf(&b, "tags: %s\n", list(d.Tags))
	}
	if len(d.History) > 0 {
		b.WriteString("history:\n")
		for _, r := range d.History {
			fmt.Fprintf(&b, "  - {version: %s", quote(r.Version))
			if r.Date != "" {
				fmt.Fprintf(&b, ", date: %s", r.Date)
			}
			fmt.Fprintf(&b, ", author: %s, summary: %s}\n", quote(r.Author), quote(r.Summary))
		}
	}
	b.WriteString("---\n\n")
	b.WriteString(strings.TrimLeft(d.Body, "\n"))
	if !strings.HasSuffix(b.String(), "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}

func optional(b *strings.Builder, key string, format func(string) string, v string) {
	if v != "" {
		fmt.Fprintf(b, "%s: %s\n", key, format(v))
	}
}

func plain(s string) string { return s }

// quote writes s as a YAML double-quoted scalar, whose escapes are those
// of a Go string literal.
func quote(s string) string { return strconv.Quote(s) }

func list(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// oneLine keeps a comment on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
