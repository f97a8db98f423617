package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"handbook/internal/build"
	"handbook/internal/cache"
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
		var out, baseURL string
		var noSearch, noFigures, noCache bool
		fs.stringFlag(&out, "o,destination", "", "the `OUT` folder to write; replaced as a whole, and only when the build succeeds (default SITE/public)",
			"handbook build -o /var/www/handbook")
		sf.registerAudience(c, fs, "build the edition for one audience `NAME` of handbook.yaml: only the documents it may read")
		fs.stringFlag(&baseURL, "base-url", "", "the `URL` prefix of every internal link, overriding handbook.yaml's base_url",
			"handbook build --base-url /handbook/")
		fs.boolFlag(&noSearch, "no-search", "skip the search index (pages only; faster)", "handbook build --no-search")
		fs.boolFlag(&noFigures, "no-figures", "skip drawing the figures", "handbook build --no-figures")
		fs.boolFlag(&noCache, "no-cache", "build everything afresh, without reading or writing the build cache (.handbook-cache/ beside OUT); the previous output, kept beside OUT as .OUT.twin, still saves rewriting each file whose new bytes hash the same",
			"handbook build --no-cache")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if ok, st := c.noArgs(env, fs); !ok {
			return st
		}
		if ok, st := c.siteExists(env, sf.site); !ok {
			return st
		}
		if out == "" {
			out = filepath.Join(sf.site, "public")
		}
		return runBuild(env, c, &sf, func(o *build.Options) {
			o.Out, o.BaseURL, o.NoSearch, o.NoFigures = out, baseURL, noSearch, noFigures
			if !noCache {
				o.Cache = cache.Beside(out)
			}
		})
	}
	return c
}

// runBuild builds with progress on a terminal, then prints the diagnostics
// and the summary.
func runBuild(env *Env, c *command, sf *siteFlags, set func(*build.Options)) int {
	start := time.Now()
	ctx, stop := interruptible()
	defer stop()
	res, opts, st, ok := buildSite(ctx, env, c, sf, set)
	if !ok {
		if st == ExitContent {
			fmt.Fprintf(env.Stderr, "Build failed: nothing written to %s.\n", opts.Out)
		}
		return st
	}
	if !sf.quiet {
		writeSummary(env.Stdout, res, summary{audience: opts.Audience, out: opts.Out, elapsed: time.Since(start), verbose: sf.verbose})
	}
	return ExitOK
}

// buildSite builds the site of sf, with the options set adjusts, showing
// progress on a terminal, and prints the diagnostics. ok is false, with the
// exit status, when the build failed (for any command that builds first).
func buildSite(ctx context.Context, env *Env, c *command, sf *siteFlags, set func(*build.Options)) (res *build.Result, opts build.Options, status int, ok bool) {
	p, opts, err := sf.start(env, "Building")
	if err != nil {
		return nil, opts, c.usageError(env, err.Error()), false
	}
	set(&opts)
	res, err = build.Build(ctx, opts)
	p.Stop()
	if res != nil {
		printDiags(env.Stderr, res.Diags, sf.quiet)
	}
	if err != nil {
		return res, opts, exitFor(env, c.name, err), false
	}
	return res, opts, ExitOK, true
}
