package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"handbook/internal/build"
	"handbook/internal/search/query"
)

func searchCommand() *command {
	c := &command{
		name: "search",
		summary: "Search the handbook from the terminal: ranked sections with their addresses " +
			"(uses SITE/public when it is up to date, else indexes the site into a temporary folder)",
		usage: "handbook search [-s SITE] [--audience NAME] [-n N] [--json] QUERY...",
		examples: []string{
			`handbook search major incident`,
			`handbook search --json "who approves changes"`,
			`handbook search '"service continuity plan"' type:procedure`,
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		sf.registerAudience(c, fs, "search the edition for one audience `NAME` of handbook.yaml (always indexes the site afresh)")
		var asJSON bool
		fs.boolFlag(&asJSON, "json", "print the JSON that /api/search answers", `handbook search --json incident`)
		size := fs.Int("n", 10, "show the `N` best hits (at most 50)")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		q := strings.Join(fs.Args(), " ")
		if strings.TrimSpace(q) == "" {
			return c.usageError(env, `give the words to search for, e.g. handbook search major incident`)
		}
		if ok, st := c.siteExists(env, sf.site); !ok {
			return st
		}
		ctx, stop := interruptible()
		defer stop()
		out, cleanup, st := c.indexFor(ctx, env, &sf)
		defer cleanup()
		if st != ExitOK {
			return st
		}
		ix, err := query.Open(out)
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook search: %v\n", err)
			return ExitContent
		}
		defer ix.Close()
		res, err := ix.Search(ctx, query.Request{Q: q, Size: *size})
		var qerr *query.QueryError
		switch {
		case errors.As(err, &qerr):
			return c.usageError(env, qerr.Msg)
		case err != nil:
			fmt.Fprintf(env.Stderr, "handbook search: %v\n", err)
			return ExitContent
		}
		if asJSON {
			_ = json.NewEncoder(env.Stdout).Encode(res)
			return ExitOK
		}
		printHits(env.Stdout, res)
		return ExitOK
	}
	return c
}

// indexFor returns the output folder whose index to search: SITE/public
// when its index is newer than the site's content and configuration (as
// a build leaves it), else a fresh build in a temporary folder, which
// cleanup removes.
func (c *command) indexFor(ctx context.Context, env *Env, sf *siteFlags) (string, func(), int) {
	public := filepath.Join(sf.site, "public")
	if sf.audience == "" && indexFresh(sf.site, public) {
		return public, func() {}, ExitOK
	}
	tmp, err := os.MkdirTemp("", "handbook-search-")
	if err != nil {
		fmt.Fprintf(env.Stderr, "handbook search: %v\n", err)
		return "", func() {}, ExitContent
	}
	cleanup := func() { os.RemoveAll(tmp) }
	p, opts, err := sf.start(env, "Indexing")
	if err != nil {
		return "", cleanup, c.usageError(env, err.Error())
	}
	opts.Out, opts.NoFigures = filepath.Join(tmp, "public"), true
	res, err := build.Build(ctx, opts)
	p.Stop()
	if res != nil {
		printDiags(env.Stderr, res.Diags, true)
	}
	if err != nil {
		return "", cleanup, exitFor(env, c.name, err)
	}
	return opts.Out, cleanup, ExitOK
}

// indexFresh reports whether out has a search index written after the
// last change to the site's handbook.yaml and content/.
func indexFresh(site, out string) bool {
	fi, err := os.Stat(filepath.Join(out, "_search", "static", "meta.json"))
	if err != nil {
		return false
	}
	built := fi.ModTime()
	newer := func(p string) bool {
		st, err := os.Stat(p)
		return err == nil && st.ModTime().After(built)
	}
	if newer(filepath.Join(site, "handbook.yaml")) {
		return false
	}
	stale := errors.New("stale")
	err = filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if newer(p) {
			return stale
		}
		return nil
	})
	return err == nil
}

var tags = regexp.MustCompile(`<[^>]*>`)

// printHits prints the hits for a person: rank, document › section, the
// address, and the fragment with its highlights as *words*.
func printHits(w io.Writer, res *query.Response) {
	if res.Total == 0 {
		fmt.Fprintf(w, "No results for %q.\n", res.Query)
		return
	}
	fmt.Fprintf(w, "%s for %q", plural(res.Total, "result"), res.Query)
	if res.Total > len(res.Hits) {
		fmt.Fprintf(w, " (the best %d)", len(res.Hits))
	}
	fmt.Fprintf(w, ", in %s:\n", time.Duration(res.TookMS*float64(time.Millisecond)).Round(100*time.Microsecond))
	for i, h := range res.Hits {
		title := h.Title
		if h.Section != "" {
			title += " › " + h.Section
		}
		fmt.Fprintf(w, "\n%2d. %s\n    %s · %s · %s\n", i+1, title, h.ID, h.Type, h.URL)
		for _, f := range h.Fragments {
			f = strings.NewReplacer("<mark>", "*", "</mark>", "*").Replace(f)
			fmt.Fprintf(w, "    %s\n", html.UnescapeString(tags.ReplaceAllString(f, "")))
		}
	}
}
