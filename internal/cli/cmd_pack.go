package cli

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"handbook/internal/build"
	"handbook/internal/chromium"
	"handbook/internal/config"
	"handbook/internal/load"
	"handbook/internal/pack"
	"handbook/internal/register"
	"handbook/internal/site"
)

func packCommand() *command {
	c := &command{
		name:    "pack",
		summary: "Make the audit pack: the handbook as one PDF, each document's PDF, the Documentation Log (XLSX, CSV), clause coverage and a manifest, in one zip",
		usage:   "handbook pack [-s SITE] [-o FILE.zip] [--audience NAME] [--approved-only]",
		examples: []string{
			"handbook pack",
			"handbook pack -o audit-2026.zip --audience auditors",
			"handbook pack --approved-only --audience staff",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		sf.registerAudience(c, fs, "pack the edition for one audience `NAME` of handbook.yaml (a staff pack holds nothing above internal)")
		var out string
		var approvedOnly bool
		fs.stringFlag(&out, "o,output", "handbook-pack.zip", "the zip `FILE` to write (never inside content/)",
			"handbook pack -o audit-2026.zip")
		fs.boolFlag(&approvedOnly, "approved-only", "pack approved documents only (no drafts, documents in review or retired ones)",
			"handbook pack --approved-only")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if fs.NArg() != 0 {
			return c.usageError(env, fmt.Sprintf("unexpected argument %q: pack takes flags only", fs.Arg(0)))
		}
		if ok, st := c.siteExists(env, sf.site); !ok {
			return st
		}
		if msg := packOutputProblem(sf.site, out); msg != "" {
			return c.usageError(env, msg)
		}
		if sf.audience != "" {
			if cfg, err := config.Load(sf.site); err == nil {
				if _, err := cfg.MaxRank(sf.audience); err != nil {
					return c.usageError(env, "--audience: "+err.Error())
				}
			}
		}
		exe, err := chromium.Find(env.Getenv)
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook pack: %v.\n"+
				"The pack's PDFs are printed with Chromium: install it (Debian and Ubuntu: apt-get install chromium) or set %s to a Chromium or Chrome executable.\n"+
				"No pack was written.\n", err, chromium.EnvPath)
			return ExitContent
		}
		return runPack(env, c, &sf, exe, out, approvedOnly)
	}
	return c
}

// packOutputProblem says why the pack may not be written to out: a pack
// inside content/ would be read as part of the site.
func packOutputProblem(siteDir, out string) string {
	content, err1 := filepath.Abs(filepath.Join(siteDir, load.ContentDir))
	abs, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(real, filepath.Base(abs))
	}
	if real, err := filepath.EvalSymlinks(content); err == nil {
		content = real
	}
	if rel, err := filepath.Rel(content, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Sprintf("refusing to write the pack to %s: it is inside the site's content/ folder; give -o a path elsewhere", out)
	}
	return ""
}

// runPack builds the site into a temporary folder, prints the pack from
// it, and writes the zip in one step (a temporary file renamed), so that
// a failure leaves no file, or the previous one, at out.
func runPack(env *Env, c *command, sf *siteFlags, exe, out string, approvedOnly bool) int {
	tmp, err := os.MkdirTemp("", "handbook-pack-")
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
	res, st, err := build.BuildState(ctx, opts)
	p.Stop()
	if res != nil {
		printDiags(env.Stderr, res.Diags, sf.quiet)
	}
	if err != nil {
		return exitFor(env, c.name, err)
	}
	in := packInput(ctx, st, sf.site, approvedOnly)
	if len(in.Workbook.Docs) == 0 {
		why := ""
		if approvedOnly {
			why = " (none is approved)"
		}
		fmt.Fprintf(env.Stderr, "handbook pack: no documents to pack%s; no pack written.\n", why)
		return ExitContent
	}
	in.Dir, in.Exe = opts.Out, exe
	var pp *progress // "Printing SMS-PROC-004 (31 of 42)" on a terminal
	if !sf.quiet {
		pp = startProgress(env.Stderr, "Printing", progressDelay)
	}
	log := sf.loggerTo(pp.logWriter(env.Stderr))
	step := pp.callback()
	in.Progress = func(what string) {
		if step != nil {
			step(what)
		}
		log.Debug("printing " + what)
	}
	zip, err := pack.Make(ctx, in)
	pp.Stop()
	if err != nil {
		fmt.Fprintf(env.Stderr, "handbook pack: %v\nNo pack written.\n", err)
		return ExitContent
	}
	if err := writeAtomically(out, zip); err != nil {
		return exitFor(env, c.name, err)
	}
	if !sf.quiet {
		fmt.Fprintf(env.Stdout, "Wrote %s: %d documents, the handbook as one PDF, the log and clause coverage (%d KB)\n",
			out, len(in.Workbook.Docs), (len(zip)+1023)/1024)
	}
	return ExitOK
}

// packInput gathers the pack's documents (all of the build's, or the
// approved ones) in the structure's order, and the manifest's header.
func packInput(ctx context.Context, st *build.State, siteDir string, approvedOnly bool) pack.Input {
	var docs []*site.Document
	for _, d := range st.Docs() {
		if !approvedOnly || d.Meta.Status == "approved" {
			docs = append(docs, d)
		}
	}
	levels, byLevel := st.StructureOrder(docs)
	book := pack.Book{Title: st.Config().Title, Organisation: st.Config().Organisation, Date: site.Date{Time: st.Today()}.String()}
	var ordered []*site.Document
	for i, level := range levels {
		g := pack.Group{Name: level}
		for _, d := range byLevel[i] {
			g.Docs = append(g.Docs, pack.Doc{ID: d.Meta.ID, Title: d.Meta.Title, Version: d.Meta.Version, Status: d.Meta.Status})
			ordered = append(ordered, d)
		}
		book.Groups = append(book.Groups, g)
	}
	public := publishedURL(siteDir)
	book.SiteURL = strings.TrimSuffix(public, "/")
	wb := st.Workbook()
	wb.Docs = ordered
	wb.Rows = register.Rows(ordered, func(d *site.Document) string { return book.SiteURL + "/" + d.URLPath() })
	audience := cmp.Or(st.Audience(), "all documents (no audience)")
	selection := "every status"
	if approvedOnly {
		selection = "approved documents only"
	}
	return pack.Input{Book: book, Workbook: wb, Public: public, Header: [][2]string{
		{"Audit pack", st.Config().Title},
		{"Organisation", st.Config().Organisation},
		{"Controlled copy as of", book.Date},
		{"Source revision", sourceRevision(ctx, siteDir)},
		{"Audience", audience},
		{"Documents", fmt.Sprintf("%d (%s)", len(ordered), selection)},
		{"Note", "printed copies are uncontrolled; the current version of each document is in the handbook"},
	}}
}

// sourceRevision names the git commit the site was built from, and says
// when the working tree has changes that are not committed.
func sourceRevision(ctx context.Context, siteDir string) string {
	rev, err := exec.CommandContext(ctx, "git", "-C", siteDir, "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown (the site is not a git checkout, or git is not installed)"
	}
	s := strings.TrimSpace(string(rev))
	dirty, err := exec.CommandContext(ctx, "git", "-C", siteDir, "status", "--porcelain", "--", ".").Output()
	if err == nil && len(strings.TrimSpace(string(dirty))) > 0 {
		s += " (with changes not committed)"
	}
	return s
}

// writeAtomically writes data to a temporary file beside path and renames
// it into place.
func writeAtomically(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".handbook-pack-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
