package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"handbook/internal/importer"
	"handbook/internal/load"
)

func importCommand() *command {
	c := &command{
		name: "import",
		summary: "Import an existing handbook: Word .docx documents (through pandoc) or a Hugo, Jekyll, MkDocs or plain Markdown site, " +
			"each document with its front matter and the next free number; never overwrites a file",
		usage: "handbook import [-s SITE] [--from docx|hugo|jekyll|mkdocs|plain] [--into FOLDER] [--owner ROLE] [--approver ROLE] [--review-months N] [--type TYPE] [--json] SOURCE...",
		examples: []string{
			`handbook import ~/toolkit/*.docx`,
			`handbook import --from hugo --owner "Service Manager" --approver "Chief Executive" --review-months 12 ~/old-site`,
			`handbook import --from mkdocs --json ~/policies > import.json`,
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var opts importer.Options
		var asJSON bool
		fs.stringFlag(&opts.Site, "s,source", ".", "the `SITE` folder written into, with handbook.yaml and content/",
			"handbook import -s ~/sms-handbook policy.docx")
		fs.stringFlag(&opts.From, "from", "", "the `KIND` of sources: docx (the default for .docx files), or the generator of a site folder: hugo, jekyll, mkdocs or plain",
			"handbook import --from jekyll ~/old-site")
		fs.stringFlag(&opts.Into, "into", "", "the `FOLDER` under content/ for the documents (default: the folder of each type for .docx, content/ itself for a site)",
			"handbook import --into imported ~/toolkit/*.docx")
		fs.stringFlag(&opts.Owner, "owner", "", "the `ROLE` that owns documents whose source names no owner",
			`handbook import --owner "Service Manager" ~/toolkit/*.docx`)
		fs.stringFlag(&opts.Approver, "approver", "", "the `ROLE` that approved documents whose source names no approver",
			`handbook import --approver "Chief Executive" --from hugo ~/old-site`)
		fs.stringFlag(&opts.Type, "type", "", "the `TYPE` of documents whose title names none (titles ending in Policy, Plan, Process, Procedure, Log, Register, ... say theirs)",
			"handbook import --type procedure --from plain ~/procedures")
		fs.IntVar(&opts.ReviewMonths, "review-months", 0, "the next review `N` months after approval, for documents whose source gives no review date")
		fs.examples["review-months"] = "handbook import --review-months 12 ~/toolkit/*.docx"
		fs.boolFlag(&asJSON, "json", "print the summary as JSON", "handbook import --json policy.docx")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		opts.Sources = fs.Args()
		if st := c.checkImportArgs(env, &opts); st != ExitOK {
			return st
		}
		if st := c.importSite(env, opts.Site); st != ExitOK {
			return st
		}
		today, err := sourceDate(env)
		if err != nil {
			return c.usageError(env, err.Error())
		}
		opts.Today = cmpTime(today, time.Now())
		ctx, stop := interruptible()
		defer stop()
		sum, err := importer.Run(ctx, opts)
		var ue *importer.UsageError
		switch {
		case errors.As(err, &ue):
			return c.usageError(env, ue.Msg)
		case err != nil:
			fmt.Fprintf(env.Stderr, "handbook import: %v\n", err)
			return ExitContent
		}
		for _, p := range sum.Problems {
			fmt.Fprintf(env.Stderr, "%s: %s\n", p.At, p.Message)
		}
		if asJSON {
			_ = sum.WriteJSON(env.Stdout)
		} else {
			sum.WriteText(env.Stdout)
			if len(sum.Documents) > 0 {
				fmt.Fprintf(env.Stdout, "\nNext: handbook check -s %s (it names nothing this summary does not).\n", opts.Site)
			}
		}
		if len(sum.Problems) > 0 {
			return ExitContent
		}
		return ExitOK
	}
	return c
}

// checkImportArgs checks the sources and chooses --from for .docx files.
func (c *command) checkImportArgs(env *Env, opts *importer.Options) int {
	if len(opts.Sources) == 0 {
		return c.usageError(env, "give the .docx files, or --from hugo|jekyll|mkdocs|plain and the site's folder, e.g. "+c.examples[0])
	}
	for _, s := range opts.Sources {
		if _, err := os.Stat(s); err != nil {
			return c.usageError(env, fmt.Sprintf("%s: %v", s, unwrapPath(err)))
		}
	}
	if opts.From == "" {
		if !allWordFiles(opts.Sources) {
			return c.usageError(env, "say what the folder is: --from hugo, jekyll, mkdocs or plain (or give .docx files)")
		}
		opts.From = "docx"
	}
	if opts.From != "docx" {
		if !slices.Contains(importer.Flavours, opts.From) {
			return c.usageError(env, fmt.Sprintf("unknown --from %q (known: docx, %s)", opts.From, strings.Join(importer.Flavours, ", ")))
		}
		if len(opts.Sources) != 1 {
			return c.usageError(env, "give one site folder with --from "+opts.From)
		}
		if fi, _ := os.Stat(opts.Sources[0]); !fi.IsDir() {
			return c.usageError(env, fmt.Sprintf("%s is a file: --from %s takes the site's folder", opts.Sources[0], opts.From))
		}
	}
	if opts.ReviewMonths < 0 {
		return c.usageError(env, "--review-months must be a number of months, e.g. 12")
	}
	return ExitOK
}

// importSite checks the site folder and gives it a content/ folder when it
// has none: an import may be a new handbook's first step.
func (c *command) importSite(env *Env, site string) int {
	fi, err := os.Stat(site)
	switch {
	case err != nil:
		return c.usageError(env, fmt.Sprintf("site folder %s: %v (create it first)", site, unwrapPath(err)))
	case !fi.IsDir():
		return c.usageError(env, fmt.Sprintf("site folder %s is a file, not a folder", site))
	}
	if err := os.MkdirAll(filepath.Join(site, load.ContentDir), 0o755); err != nil {
		fmt.Fprintf(env.Stderr, "handbook import: %v\n", err)
		return ExitContent
	}
	return ExitOK
}

// allWordFiles reports sources that are all files named .docx or .doc,
// or folders (of them).
func allWordFiles(sources []string) bool {
	for _, s := range sources {
		if fi, err := os.Stat(s); err == nil && fi.IsDir() {
			return false
		}
		l := strings.ToLower(s)
		if !strings.HasSuffix(l, ".docx") && !strings.HasSuffix(l, ".doc") {
			return false
		}
	}
	return true
}

func cmpTime(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}
