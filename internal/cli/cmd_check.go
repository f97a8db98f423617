package cli

import (
	"context"
	"fmt"
	"handbook/internal/build"
)

func checkCommand() *command {
	c := &command{
		name:    "check",
		summary: "Validate the handbook (front matter, links, anchors, placeholders); write nothing",
		usage:   "handbook check [-s SITE] [--audience NAME] [--strict] [--quiet]",
		examples: []string{
			"handbook check",
			"handbook check --strict   # in CI: overdue reviews and drafts fail too",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		fs.StringVar(&sf.audience, "audience", "", "check the edition for one audience `name`")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		res, st, err := build.Check(context.Background(), build.Options{Site: sf.site, Audience: sf.audience, Strict: sf.strict, Logger: sf.logger(env)})
		if res != nil {
			printDiags(env.Stderr, res.Diags, sf.quiet)
		}
		if err != nil {
			return exitFor(env, c.name, err)
		}
		if !sf.quiet {
			fmt.Fprintf(env.Stdout, "%d documents checked: no errors\n", len(st.Docs))
		}
		return ExitOK
	}
	return c
}
