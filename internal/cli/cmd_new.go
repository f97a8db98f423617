package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"handbook/internal/scaffold"
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
		var site, typ, owner string
		fs.stringFlag(&site, "s,source", ".", "the `SITE` folder, with handbook.yaml and content/",
			`handbook new -s ~/sms-handbook --type plan "Capacity Plan"`)
		fs.stringFlag(&typ, "t,type", "", "the document `TYPE`, one of handbook.yaml's types (policy, plan, process, procedure, register, record, template, form, report)",
			`handbook new --type procedure "Access Request Procedure"`)
		fs.stringFlag(&owner, "owner", "Service Manager", "the `ROLE` that owns the document",
			`handbook new --type process --owner "Problem Manager" "Problem Management Process"`)
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		title := strings.TrimSpace(strings.Join(fs.Args(), " "))
		switch {
		case typ == "" && title == "":
			return c.usageError(env, fmt.Sprintf("give a --type and a title, e.g. %s", c.examples[0]))
		case typ == "":
			return c.usageError(env, fmt.Sprintf("give the document's --type, e.g. handbook new --type procedure %q", title))
		case title == "":
			return c.usageError(env, fmt.Sprintf("give the document's title, e.g. handbook new --type %s \"Title\"", typ))
		}
		if ok, st := c.siteExists(env, site); !ok {
			return st
		}
		today, err := sourceDate(env)
		if err != nil {
			return c.usageError(env, err.Error())
		}
		if today.IsZero() {
			today = time.Now()
		}
		path, id, err := scaffold.New(site, typ, title, owner, today)
		var ue *scaffold.UsageError
		if errors.As(err, &ue) {
			return c.usageError(env, err.Error())
		}
		if err != nil {
			return exitFor(env, c.name, err)
		}
		fmt.Fprintf(env.Stdout, "Created %s (%s, draft)\n", path, id)
		return ExitOK
	}
	return c
}
