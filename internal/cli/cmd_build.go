package cli

import (
	"context"
	"fmt"
	"handbook/internal/build"
	"time"
)

func buildCommand() *command {
	c := &command{
		name:    "build",
		summary: "Build the handbook into an output folder (default SITE/public)",
		usage:   "handbook build [-s SITE] [-o OUT] [--audience NAME] [--base-url URL] [--strict] [--quiet|--verbose]",
		examples: []string{
			"handbook build",
			"handbook build -s ~/sms -o /var/www/handbook --base-url /handbook/",
			"handbook build --audience staff -o public-staff",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		out := fs.String("o", "", "the output `folder` (default SITE/public)")
		fs.StringVar(out, "destination", "", "the output `folder` (same as -o)")
		fs.StringVar(&sf.audience, "audience", "", "build for one audience `name` from handbook.yaml (staff, managers, auditors ...)")
		baseURL := fs.String("base-url", "", "the `URL` prefix of every internal link, overriding handbook.yaml (e.g. /handbook/)")
		noSearch := fs.Bool("no-search", false, "skip the search index (pages only)")
		noFigures := fs.Bool("no-figures", false, "skip drawing the figures")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(env.Stderr, "handbook build: unexpected argument %q\n", fs.Arg(0))
			return ExitUsage
		}
		start := time.Now()
		opts := build.Options{Site: sf.site, Out: *out, Audience: sf.audience, BaseURL: *baseURL,
			NoSearch: *noSearch, NoFigures: *noFigures, Strict: sf.strict, Logger: sf.logger(env)}
		opts.Progress = progress(env, sf.quiet)
		res, err := build.Build(context.Background(), opts)
		if res != nil {
			printDiags(env.Stderr, res.Diags, sf.quiet)
		}
		if err != nil {
			return exitFor(env, c.name, err)
		}
		if !sf.quiet {
			printSummary(env.Stdout, res, time.Since(start), sf.verbose)
		}
		return ExitOK
	}
	return c
}
func progress(env *Env, quiet bool) func(string) {
	if quiet || !env.IsTerminal(env.Stderr) {
		return nil
	}
	return func(step string) {
		fmt.Fprintf(env.Stderr, "\r\033[K%s…", step)
		if step == "write" {
			fmt.Fprint(env.Stderr, "\r\033[K")
		}
	}
}
