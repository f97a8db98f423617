package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/chromium"
)

// repoSite is the repository's own handbook, relative to this package.
var repoSite = filepath.Join("..", "..")

// runPDFCommand runs `handbook pdf args...` in process with the variables in env.
func runPDFCommand(env map[string]string, args ...string) (status int, stdout, stderr string) {
	return runCommand("pdf", env, args...)
}

// runCommand runs `handbook name args...` in process with the variables
// in env, not on a terminal.
func runCommand(name string, env map[string]string, args ...string) (status int, stdout, stderr string) {
	var out, errb bytes.Buffer
	st := Main(append([]string{name}, args...), &Env{
		Stdout: &out, Stderr: &errb,
		Getenv:     func(k string) string { return env[k] },
		IsTerminal: func(io.Writer) bool { return false },
	})
	return st, out.String(), errb.String()
}

func TestPDFUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no id", []string{"-s", repoSite}, "give one document id"},
		{"two ids", []string{"-s", repoSite, "SMS-POL-001", "SMS-PROC-004"}, "give one document id"},
		{"no site", []string{"-s", filepath.Join(t.TempDir(), "nope"), "SMS-POL-001"}, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _, stderr := runPDFCommand(nil, tt.args...)
			if st != ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", st, stderr, ExitUsage, tt.want)
			}
		})
	}
}

// TestPDFWithoutChromium: with no browser on PATH the command says so, how
// to install one, and the alternative; exit status 1.
func TestPDFWithoutChromium(t *testing.T) {
	st, _, stderr := runPDFCommand(map[string]string{"PATH": t.TempDir()}, "-s", repoSite, "SMS-POL-001")
	if st != ExitContent {
		t.Errorf("exit status %d, want %d", st, ExitContent)
	}
	for _, want := range []string{"Chromium is not installed", "apt-get install chromium", chromium.EnvPath, "print stylesheet"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestPDFUnknownID: an id that is not in the site is a usage error with a
// hint, found before any browser starts (the "browser" here is a stub).
func TestPDFUnknownID(t *testing.T) {
	t.Parallel() // reads the repository, writes nothing
	stub := filepath.Join(t.TempDir(), "chromium")
	if err := os.WriteFile(stub, []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	st, _, stderr := runPDFCommand(map[string]string{chromium.EnvPath: stub}, "-s", repoSite, "--quiet", "SMS-POL-01")
	if st != ExitUsage || !strings.Contains(stderr, `no document SMS-POL-01`) || !strings.Contains(stderr, `did you mean "SMS-POL-001"`) {
		t.Errorf("exit %d, stderr %q; want %d, the id and a hint", st, stderr, ExitUsage)
	}
}

// TestPDF prints the repository's Major Incident Procedure with the real
// browser.
func TestPDF(t *testing.T) {
	t.Parallel() // its own output folder and browser
	env := browserEnv(t)
	out := filepath.Join(t.TempDir(), "major-incident.pdf")
	st, stdout, stderr := runPDFCommand(env, "-s", repoSite, "-o", out, "sms-proc-004")
	if st != ExitOK {
		t.Fatalf("exit status %d; stderr:\n%s", st, stderr)
	}
	if !strings.Contains(stdout, "Wrote "+out+" (SMS-PROC-004") {
		t.Errorf("stdout %q does not report the file", stdout)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[len(pdf)-64:], []byte("%%EOF")) {
		t.Errorf("%s is not a complete PDF (%d bytes)", out, len(pdf))
	}
}
