package cli

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// draftSite writes the shared fixture one-draft: one draft document,
// which check warns about.
func draftSite(t *testing.T) string {
	t.Helper()
	return sitetest.FromTxtar(t, sitetest.Shared(t, "one-draft"))
}

// TestColours runs check as if on a terminal: colours appear only on a
// terminal, never with NO_COLOR set or TERM=dumb.
func TestColours(t *testing.T) {
	dir := draftSite(t)
	tests := []struct {
		name     string
		terminal bool
		env      map[string]string
		want     bool
	}{
		{"terminal", true, map[string]string{"TERM": "xterm-256color"}, true},
		{"pipe", false, map[string]string{"TERM": "xterm-256color"}, false},
		{"NO_COLOR", true, map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, false},
		{"TERM=dumb", true, map[string]string{"TERM": "dumb"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			st := Main([]string{"check", "-s", dir}, &Env{
				Stdout: &stdout, Stderr: &stderr,
				Getenv:     func(k string) string { return tt.env[k] },
				IsTerminal: func(io.Writer) bool { return tt.terminal },
			})
			if st != ExitOK {
				t.Fatalf("exit status %d; stderr:\n%s", st, stderr.String())
			}
			for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
				if got := strings.Contains(out, "\033["); got != tt.want {
					t.Errorf("%s has colours: %v, want %v:\n%q", name, got, tt.want, out)
				}
			}
			if plain := stripANSI(stderr.String()); !strings.Contains(plain, "content/access.md:6: warning: document is draft") {
				t.Errorf("the warning reads differently with colours:\n%q", plain)
			}
		})
	}
}

func stripANSI(s string) string {
	for {
		i := strings.Index(s, "\033[")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], 'm')
		s = s[:i] + s[i+j+1:]
	}
}

// TestProgress draws the progress line in place, and clears it before a
// log line and when the build ends.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	w := &stream{Writer: &buf, terminal: true}
	p := startProgress(w, "Building", time.Hour) // never draws by itself during the test
	p.Step("load")
	p.Step("validate")
	p.draw()
	if got := buf.String(); !strings.HasPrefix(got, "\r\033[K") || !strings.Contains(got, "Building: step 2, validate") {
		t.Errorf("progress line = %q", got)
	}
	buf.Reset()
	io.WriteString(p, "level=WARN msg=x\n")
	io.WriteString(p, "level=WARN msg=y\n")
	if got, want := buf.String(), "\r\033[Klevel=WARN msg=x\nlevel=WARN msg=y\n"; got != want {
		t.Errorf("log lines = %q, want %q", got, want)
	}
	p.draw()
	buf.Reset()
	p.Stop()
	if got := buf.String(); got != "\r\033[K" {
		t.Errorf("after Stop: %q, want the line cleared", got)
	}
}

// TestNoProgress shows nothing where the output is not a terminal.
func TestNoProgress(t *testing.T) {
	var buf bytes.Buffer
	for _, w := range []io.Writer{&buf, &stream{Writer: &buf}} {
		p := startProgress(w, "Building", 0)
		if p != nil {
			t.Fatalf("progress on a non-terminal %T", w)
		}
		if p.callback() != nil || p.logWriter(&buf) != io.Writer(&buf) {
			t.Error("a nil progress must give no callback and log to the fallback")
		}
		p.Stop()
	}
}

func TestPrintDiags(t *testing.T) {
	list := &diag.List{}
	list.Add(
		diag.Warnf("content/b.md", 3, "review overdue since 2026-01-01"),
		diag.Errorf("content/b.md", 2, "unknown field %q", "reveiw"),
		diag.Errorf("content/a.md", 9, "link to unknown document id SMS-X-1"),
		diag.Errorf("handbook.yaml", 0, "bad"),
	)
	tests := []struct {
		quiet bool
		want  string
	}{
		{false, `content/a.md:9: link to unknown document id SMS-X-1
content/b.md:2: unknown field "reveiw"
content/b.md:3: warning: review overdue since 2026-01-01
handbook.yaml: bad
3 errors and 1 warning in 3 files
`},
		{true, `content/a.md:9: link to unknown document id SMS-X-1
content/b.md:2: unknown field "reveiw"
handbook.yaml: bad
3 errors in 3 files
`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		printDiags(&buf, list, tt.quiet)
		if buf.String() != tt.want {
			t.Errorf("quiet=%v:\n%s\nwant:\n%s", tt.quiet, buf.String(), tt.want)
		}
	}
	var buf bytes.Buffer
	printDiags(&buf, &diag.List{}, false)
	if buf.Len() != 0 {
		t.Errorf("no diagnostics printed %q", buf.String())
	}
}

func TestWriteSummary(t *testing.T) {
	list := &diag.List{}
	list.Add(diag.Warnf("content/a.md", 1, "w"))
	res := &build.Result{
		Diags: list,
		Stats: build.Stats{Documents: 42, ByStatus: map[string]int{"approved": 40, "draft": 2}, Excluded: 3,
			Pages: 1050, Redirects: 42, Static: 3, SearchRecords: 500, Figures: 2},
		Timings: []build.Timing{{Step: "load", Duration: 12300 * time.Microsecond}, {Step: "write", Duration: 2 * time.Second}},
		Parts:   []build.Timing{{}, {Step: "draw", Duration: 1500 * time.Millisecond}, {Step: "pages", Duration: 400 * time.Microsecond}},
	}
	var buf bytes.Buffer
	writeSummary(&buf, res, summary{audience: "staff", out: "public", elapsed: 2345 * time.Millisecond, verbose: true})
	want := `
                   | staff
-------------------+------
  Documents        |    42
    draft          |     2
    approved       |    40
  Left out         |     3
  Pages            |  1050
  Redirects        |    42
  Static files     |     3
  Search records   |   500
  Figures          |     2
  Warnings         |     1
  Errors           |     0

Steps:
  load                 12.3 ms
  write              2000.0 ms
    draw             1500.0 ms
    pages               0.4 ms

Built public in 2345 ms
`
	if buf.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestSourceDate(t *testing.T) {
	env := func(v string) *Env { return &Env{Getenv: func(string) string { return v }} }
	if d, err := sourceDate(env("")); err != nil || !d.IsZero() {
		t.Errorf("unset: %v, %v", d, err)
	}
	if d, err := sourceDate(env("1780272000")); err != nil || d.Format(time.DateOnly) != "2026-06-01" {
		t.Errorf("1780272000: %v, %v", d, err)
	}
	if _, err := sourceDate(env("tomorrow")); err == nil {
		t.Error("a bad SOURCE_DATE_EPOCH is accepted")
	}
}

func TestReorder(t *testing.T) {
	fs := newFlagSet("t")
	var s string
	var b bool
	fs.stringFlag(&s, "o,type", "", "", "")
	fs.boolFlag(&b, "json", "", "")
	tests := []struct{ args, want []string }{
		{[]string{"major", "incident", "--json"}, []string{"--json", "major", "incident"}},
		{[]string{"Title", "--type", "plan"}, []string{"--type", "plan", "Title"}},
		{[]string{"Title", "--type=plan", "-o", "x"}, []string{"--type=plan", "-o", "x", "Title"}},
		{[]string{"--type", "plan", "--", "-Title", "--json"}, []string{"--type", "plan", "--", "-Title", "--json"}},
		{[]string{"-o"}, []string{"-o"}},
		{[]string{"--unknown", "value"}, []string{"--unknown", "value"}},
	}
	for _, tt := range tests {
		if got := reorder(fs.FlagSet, tt.args); !slices.Equal(got, tt.want) {
			t.Errorf("reorder(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
