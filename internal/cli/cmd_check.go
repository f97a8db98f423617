package cli

import (
	"errors"
	"fmt"

	"handbook/internal/build"
)

func checkCommand() *command {
	c := &command{
		name:    "check",
		summary: "Validate the handbook (front matter, links, anchors, placeholders); write nothing",
		usage:   "handbook check [-s SITE] [--audience NAME] [--since REF] [--strict] [--quiet|--verbose]",
		examples: []string{
			"handbook check",
			"handbook check --strict   # in CI: overdue reviews and drafts fail too",
			"handbook check --since v1.0   # documents changed since the tag without a new version",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		sf.registerAudience(c, fs, "check the edition for one audience `NAME` of handbook.yaml")
		var since string
		fs.stringFlag(&since, "since", "", "compare the documents with git revision `REF` (commit, branch or tag): changes without a new version and history entry, removed documents, reused ids",
			"handbook check --since main")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if ok, st := c.noArgs(env, fs); !ok {
			return st
		}
		if ok, st := c.siteExists(env, sf.site); !ok {
			return st
		}
		p, opts, err := sf.start(env, "Checking")
		if err != nil {
			return c.usageError(env, err.Error())
		}
		opts.Since = since
		ctx, stop := interruptible()
		defer stop()
		res, st, err := build.Check(ctx, opts)
		if st != nil && (err == nil || errors.Is(err, build.ErrContent)) {
			// The layouts too, with the content's errors if any: all at once.
			res.Diags.Add(st.CheckLayouts(ctx)...)
			if errs, _ := res.Diags.Count(); errs > 0 {
				err = build.ErrContent
			}
		}
		p.Stop()
		if res != nil {
			printDiags(env.Stderr, res.Diags, sf.quiet)
		}
		if err != nil {
			return exitFor(env, c.name, err)
		}
		if !sf.quiet {
			_, warns := res.Diags.Count()
			msg := fmt.Sprintf("%s checked: no errors", plural(len(st.Docs()), "document"))
			if warns > 0 {
				msg += fmt.Sprintf(", %s", plural(warns, "warning"))
			}
			fmt.Fprintln(env.Stdout, paint(env.Stdout, green, msg))
		}
		return ExitOK
	}
	return c
}
