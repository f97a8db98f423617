package cli

import (
	"errors"
	"fmt"
	"handbook/internal/scaffold"
	"strings"
	"time"
)

func newCommand() *command {
	c := &command{
		name:    "new",
		summary: "Create a document with the next free number and complete front matter",
		usage:   `handbook new [-s SITE] --type TYPE [--owner ROLE] "Title"`,
		examples: []string{
			`handbook new --type procedure "Access Request Procedure"`,
			`handbook new --type record --owner "Incident Manager" "Major Incident Review 2026-11"`,
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		siteDir := fs.String("s", ".", "the site `folder`")
		typ := fs.String("type", "", "the document `type` (policy, plan, process, procedure, register, record, template, form, report)")
		owner := fs.String("owner", "Service Manager", "the `role` that owns the document")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		title := strings.TrimSpace(strings.Join(fs.Args(), " "))
		if *typ == "" || title == "" {
			fmt.Fprintf(env.Stderr, "handbook new: give a --type and a title, e.g. %s\n", c.examples[0])
			return ExitUsage
		}
		path, id, err := scaffold.New(*siteDir, *typ, title, *owner, time.Now())
		if err != nil {
			var ue *scaffold.UsageError
			if errors.As(err, &ue) {
				fmt.Fprintf(env.Stderr, "handbook new: %v\n", err)
				return ExitUsage
			}
			return exitFor(env, c.name, err)
		}
		fmt.Fprintf(env.Stdout, "Created %s (%s)\n", path, id)
		return ExitOK
	}
	return c
}
