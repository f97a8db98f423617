package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"handbook/internal/build"
	"handbook/internal/chromium"
	"handbook/internal/config"
	"handbook/internal/site"
	"handbook/internal/suggest"
)

// pdfTimeout bounds printing, so that a browser that hangs cannot hang the
// command (the build before it has its own interrupt).
const pdfTimeout = 90 * time.Second

func pdfCommand() *command {
	c := &command{
		name:    "pdf",
		summary: "Print a document to PDF through headless Chromium (the same paper copy as the browser's print)",
		usage:   "handbook pdf [-s SITE] [-o FILE] [--audience NAME] ID",
		examples: []string{
			"handbook pdf SMS-POL-001",
			"handbook pdf -o policy.pdf SMS-POL-001",
			"handbook pdf -o - SMS-PROC-004 | lp   # to standard output",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		sf.registerAudience(c, fs, "print from the edition for one audience `NAME` of handbook.yaml")
		var out string
		fs.stringFlag(&out, "o,output", "", "the PDF `FILE` to write, or - for standard output (default ID.pdf in the current folder)",
			"handbook pdf -o policy.pdf SMS-POL-001")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if fs.NArg() != 1 {
			return c.usageError(env, "give one document id, e.g. handbook pdf SMS-POL-001")
		}
		if ok, st := c.siteExists(env, sf.site); !ok {
			return st
		}
		exe, err := chromium.Find(env.Getenv)
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook pdf: %v.\n"+
				"Install Chromium (Debian and Ubuntu: apt-get install chromium) or set %s to a Chromium or Chrome executable.\n"+
				"Without it, open the document in a browser and print it: the print stylesheet gives the same paper copy.\n",
				err, chromium.EnvPath)
			return ExitContent
		}
		return runPDF(env, c, &sf, exe, fs.Arg(0), out)
	}
	return c
}

// runPDF builds the site into a temporary folder, checks that the document
// is in it, and prints its page.
func runPDF(env *Env, c *command, sf *siteFlags, exe, id, out string) int {
	tmp, err := os.MkdirTemp("", "handbook-pdf-")
	if err != nil {
		return exitFor(env, c.name, err)
	}
	defer os.RemoveAll(tmp)
	p, opts, err := sf.start(env, "Building")
	if err != nil {
		return c.usageError(env, err.Error())
	}
	opts.Out, opts.BaseURL, opts.NoSearch = filepath.Join(tmp, "public"), "/", true
	ctx, stop := interruptible()
	defer stop()
	res, err := build.Build(ctx, opts)
	p.Stop()
	if res != nil {
		printDiags(env.Stderr, res.Diags, sf.quiet)
	}
	if err != nil {
		return exitFor(env, c.name, err)
	}
	page := site.DocPath(id)
	if _, err := os.Stat(filepath.Join(opts.Out, filepath.FromSlash(page), "index.html")); err != nil {
		return c.usageError(env, fmt.Sprintf("no document %s in %s%s", id, sf.site, suggest.Hint(strings.ToUpper(id), builtIDs(opts.Out))))
	}
	pctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	pdf, docID, err := printPage(pctx, exe, opts.Out, publishedURL(sf.site), page)
	if err != nil {
		return exitFor(env, c.name, fmt.Errorf("printing %s with %s: %w", id, exe, err))
	}
	if out == "" {
		out = docID + ".pdf"
	}
	if out == "-" {
		_, err = env.Stdout.Write(pdf)
	} else {
		err = os.WriteFile(out, pdf, 0o644)
	}
	if err != nil {
		return exitFor(env, c.name, err)
	}
	if !sf.quiet && out != "-" {
		fmt.Fprintf(env.Stdout, "Wrote %s (%s, %d KB)\n", out, docID, (len(pdf)+1023)/1024)
	}
	return ExitOK
}

// builtIDs lists the documents of a built site, for "did you mean".
func builtIDs(dir string) []string {
	entries, _ := os.ReadDir(filepath.Join(dir, "docs"))
	var ids []string
	for _, e := range entries {
		ids = append(ids, strings.ToUpper(e.Name()))
	}
	return ids
}

// printPage prints one page of the built site in dir with headless
// Chromium, in print media (print.css: control header, running footer,
// link targets, named under public). It returns the PDF and the
// document's id.
func printPage(ctx context.Context, exe, dir, public, page string) ([]byte, string, error) {
	p, err := chromium.NewPrinter(ctx, exe, dir, public)
	if err != nil {
		return nil, "", err
	}
	defer p.Close()
	pdf, id, err := p.Print(ctx, page)
	if err == nil && id == "" {
		err = errors.New("the page has no document (article[data-id]); is layouts/doc.html overridden?")
	}
	return pdf, id, err
}

// publishedURL is the site's address as handbook.yaml's base_url gives it,
// for printed copies to name: "/" (addresses printed as paths) when it is
// not an absolute URL or cannot be read.
func publishedURL(siteDir string) string {
	if cfg, err := config.Load(siteDir); err == nil && strings.Contains(cfg.BaseURL, "://") {
		return cfg.BaseURL
	}
	return "/"
}
