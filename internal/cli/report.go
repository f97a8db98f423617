package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
)

// printDiags prints every diagnostic as "path:line: message", sorted by
// file and line (warnings say so), then a count. quiet leaves out warnings.
func printDiags(w io.Writer, list *diag.List, quiet bool) {
	if list == nil {
		return
	}
	files := map[string]bool{}
	errs, warns := 0, 0
	for _, d := range list.All() {
		if d.Severity == diag.Warning {
			warns++
			if quiet {
				continue
			}
			fmt.Fprintf(w, "%s\n", strings.Replace(d.Error(), d.Msg, "warning: "+d.Msg, 1))
		} else {
			errs++
			fmt.Fprintf(w, "%s\n", d.Error())
		}
		files[d.Path] = true
	}
	if errs+warns == 0 || (quiet && errs == 0) {
		return
	}
	fmt.Fprintf(w, "%s and %s in %s\n", plural(errs, "error"), plural(warns, "warning"), plural(len(files), "file"))
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// printSummary prints the Hugo-style table of what a build produced.
func printSummary(w io.Writer, res *build.Result, elapsed time.Duration, verbose bool) {
	s := res.Stats
	errs, warns := res.Diags.Count()
	var statuses []string
	for _, st := range []string{"approved", "in-review", "draft", "retired"} {
		if n := s.ByStatus[st]; n > 0 {
			statuses = append(statuses, fmt.Sprintf("%d %s", n, st))
		}
	}
	rows := [][2]string{
		{"Documents", fmt.Sprintf("%d (%s)", s.Documents, strings.Join(statuses, ", "))},
		{"Pages", fmt.Sprint(s.Pages)},
		{"Redirects", fmt.Sprint(s.Redirects)},
		{"Static files", fmt.Sprint(s.Static)},
		{"Search records", fmt.Sprint(s.SearchRecords)},
		{"Figures", fmt.Sprint(s.Figures)},
		{"Warnings", fmt.Sprint(warns)},
		{"Errors", fmt.Sprint(errs)},
	}
	if s.Excluded > 0 {
		rows = append(rows[:1], append([][2]string{{"Left out (audience)", fmt.Sprint(s.Excluded)}}, rows[1:]...)...)
	}
	fmt.Fprintf(w, "\n%-20s | handbook\n%s-+-%s\n", "", strings.Repeat("-", 20), strings.Repeat("-", 30))
	for _, r := range rows {
		fmt.Fprintf(w, "%-20s | %s\n", r[0], r[1])
	}
	fmt.Fprintln(w)
	if verbose {
		for _, t := range res.Timings {
			fmt.Fprintf(w, "  %-12s %s\n", t.Step, t.Duration.Round(time.Millisecond))
		}
	}
	fmt.Fprintf(w, "Built in %d ms\n", elapsed.Milliseconds())
}
