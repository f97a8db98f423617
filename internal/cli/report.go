package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"handbook/internal/build"
	"handbook/internal/config"
	"handbook/internal/diag"
)

// printDiags prints every diagnostic as "path:line: message" (warnings as
// "path:line: warning: message"), sorted by file and line so that each
// file's problems sit together, then a count. quiet leaves out warnings.
func printDiags(w io.Writer, list *diag.List, quiet bool) {
	if list == nil {
		return
	}
	files := map[string]bool{}
	errs, warns := 0, 0
	ds := list.All
	if quiet { // the warnings are left out before sorting, not after
		ds = list.Errors
	}
	for _, d := range ds() {
		if d.Severity == diag.Warning {
			warns++
			fmt.Fprintf(w, "%s %s %s\n", paint(w, bold, location(d)), paint(w, yellow, "warning:"), d.Msg)
		} else {
			errs++
			fmt.Fprintf(w, "%s %s\n", paint(w, bold+";"+red, location(d)), d.Msg)
		}
		files[d.Path] = true
	}
	if errs+warns > 0 {
		fmt.Fprintf(w, "%s in %s\n", countDiags(errs, warns), plural(len(files), "file"))
	}
}

// location is the "path:line:" that starts a diagnostic.
func location(d *diag.Diagnostic) string {
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d:", d.Path, d.Line)
	}
	return d.Path + ":"
}

// countDiags says "2 errors and 1 warning", leaving out a kind that has none.
func countDiags(errs, warns int) string {
	switch {
	case warns == 0:
		return plural(errs, "error")
	case errs == 0:
		return plural(warns, "warning")
	}
	return plural(errs, "error") + " and " + plural(warns, "warning")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// summary is what the table after a build needs besides the result.
type summary struct {
	audience string // "" for every document
	out      string // the output folder
	elapsed  time.Duration
	verbose  bool // add the time each step took
}

// printSummary prints the Hugo-style table of what a build produced.
func printSummary(w io.Writer, res *build.Result, elapsed time.Duration, verbose bool) {
	writeSummary(w, res, summary{elapsed: elapsed, verbose: verbose})
}

// row is one line of the summary table.
type row struct {
	label string
	n     int
}

// writeSummary prints the table: one row per count, numbers right-aligned
// under the audience the build was for, then the step timings (verbose)
// and the total time.
func writeSummary(w io.Writer, res *build.Result, s summary) {
	st := res.Stats
	errs, warns := res.Diags.Count()
	rows := []row{{"Documents", st.Documents}}
	for _, status := range config.Statuses {
		if n := st.ByStatus[status]; n > 0 {
			rows = append(rows, row{"  " + status, n})
		}
	}
	if st.Excluded > 0 {
		rows = append(rows, row{"Left out", st.Excluded})
	}
	rows = append(rows, []row{
		{"Pages", st.Pages}, {"Redirects", st.Redirects}, {"Static files", st.Static},
		{"Search records", st.SearchRecords}, {"Figures", st.Figures},
		{"Warnings", warns}, {"Errors", errs},
	}...)
	head := s.audience
	if head == "" {
		head = "all"
	}
	width := len(head)
	for _, r := range rows {
		width = max(width, len(strconv.Itoa(r.n)))
	}
	fmt.Fprintf(w, "\n%-18s | %s\n%s-+-%s\n", "", paint(w, bold, fmt.Sprintf("%*s", width, head)), strings.Repeat("-", 18), strings.Repeat("-", width))
	for _, r := range rows {
		n := fmt.Sprintf("%*d", width, r.n)
		switch {
		case r.label == "Errors" && r.n > 0:
			n = paint(w, red, n)
		case r.label == "Warnings" && r.n > 0:
			n = paint(w, yellow, n)
		}
		fmt.Fprintf(w, "  %-16s | %s\n", r.label, n)
	}
	if s.verbose && len(res.Timings) > 0 {
		writeTimings(w, res)
	}
	if s.verbose && len(st.Cached) > 0 {
		fmt.Fprintf(w, "\nFrom the build cache: %s\n", strings.Join(st.Cached, ", "))
	}
	where := ""
	if s.out != "" {
		where = " " + s.out
	}
	fmt.Fprintf(w, "\n%s in %d ms\n", paint(w, green, "Built"+where), s.elapsed.Milliseconds())
}

// writeTimings lists each step's time; the write step's parts (index,
// draw, pages ...) follow it, indented: they overlap, as index and draw run
// alongside the pages.
func writeTimings(w io.Writer, res *build.Result) {
	fmt.Fprintf(w, "\nSteps:\n")
	line := func(indent, step string, d time.Duration) {
		fmt.Fprintf(w, "  %-16s %8.1f ms\n", indent+step, float64(d.Microseconds())/1000)
	}
	for _, t := range res.Timings {
		line("", t.Step, t.Duration)
		if t.Step != "write" {
			continue
		}
		for _, p := range res.Parts {
			if p.Step != "" { // a skipped or unreached part
				line("  ", p.Step, p.Duration)
			}
		}
	}
}
