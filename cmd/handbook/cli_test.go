package main

// The command line is tested as users meet it: the real binary, built once
// with `go build`, runs scripts (testdata/script/*.txt) on temporary sites.
// Each script states its site as txtar files and pins exit statuses and
// output. The builtin `handbook ARGS` runs the binary (as exec would) and
// `status N` checks its exit status; `go test ./cmd/handbook -update` rewrites the expected files
// (help texts) inside the scripts.

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"handbook/internal/output"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txt and testdata/manifest/*.txt")

// testCommit is linked into the test binary, as the Makefile links the real commit.
const testCommit = "0123456789abcdef"

// binDir holds the handbook binary built for the tests, and graphvizDir.
var binDir string

// graphvizDir names the folder under binDir holding Graphviz compiled once
// for the scripts (see warmGraphviz).
const graphvizDir = "go-graphviz"

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "handbook-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	// -w: no DWARF debugging information, as go test links its own test
	// binaries; nothing the tests run reads it, and the link takes half
	// the CPU (1.3 s rather than 2.1).
	build := exec.Command("go", "build", "-ldflags", "-w -X handbook/internal/cli.Commit="+testCommit,
		"-o", filepath.Join(dir, "handbook"), ".")
	build.Stderr = os.Stderr
	code := 1
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the handbook binary:", err)
	} else if err := warmGraphviz(dir); err != nil {
		fmt.Fprintln(os.Stderr, "drawing the figures of a one-document site:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// warmGraphviz builds a one-document site with dir's binary, so that
// dir/go-graphviz holds Graphviz compiled to machine code: go-graphviz
// compiles its WebAssembly on first use (about half a CPU second) into
// $TMPDIR/go-graphviz, which is each script's own. Setup links the
// compiled files into every script's TMPDIR, so that the scripts that draw
// do not each compile it again (graphviz_lazy removes them first).
func warmGraphviz(dir string) error {
	site := filepath.Join(dir, "warm")
	doc := "---\nid: SMS-POL-001\ntitle: Policy\ntype: policy\nversion: \"1.0\"\nstatus: draft\nowner: Service Manager\n---\n\nText.\n"
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(site, "content", "policy.md"), []byte(doc), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(filepath.Join(dir, "handbook"), "build", "--quiet", "--no-search", "--no-cache",
		"-s", site, "-o", filepath.Join(site, "public"))
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, graphvizDir)); err != nil {
		return err
	}
	return os.RemoveAll(site)
}

// linkGraphviz links the files of binDir/go-graphviz into tmp/go-graphviz
// (the compilation cache only ever adds files by renaming them into place,
// and removes them: it never writes a file in place).
func linkGraphviz(tmp string) error {
	src := filepath.Join(binDir, graphvizDir)
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(tmp, graphvizDir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		return os.Link(p, dst)
	})
}

func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("PATH", binDir+string(os.PathListSeparator)+e.Getenv("PATH"))
			e.Setenv("REPO", repo)
			// 2026-06-01: overdue reviews do not depend on the day the tests run.
			e.Setenv("SOURCE_DATE_EPOCH", "1780272000")
			return linkGraphviz(e.Getenv("TMPDIR"))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"handbook": runHandbook,
			"status":   checkStatus,
			"cmpdir":   cmpdir,
			"cpdir":    cpdir,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// statuses holds the exit status of each script's last handbook command.
var statuses sync.Map // *testscript.TestScript -> int

// runHandbook runs the real binary like exec, keeping stdout and stderr for
// the stdout and stderr commands, and records its exit status for status.
// A panic is never an acceptable answer, whatever the exit status.
func runHandbook(ts *testscript.TestScript, neg bool, args []string) {
	err := ts.Exec(filepath.Join(binDir, "handbook"), args...)
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		ts.Fatalf("running handbook: %v", err)
	}
	statuses.Store(ts, code)
	if strings.Contains(ts.ReadFile("stderr"), "goroutine ") {
		ts.Fatalf("handbook panicked")
	}
	switch {
	case neg && code == 0:
		ts.Fatalf("handbook succeeded unexpectedly")
	case !neg && code != 0:
		ts.Fatalf("handbook: exit status %d", code)
	}
}

// checkStatus N asserts the exit status of the last handbook command.
func checkStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: status N")
	}
	got, ok := statuses.Load(ts)
	if !ok {
		ts.Fatalf("status: no handbook command has run")
	}
	if want := args[0]; (fmt.Sprint(got) == want) == neg {
		ts.Fatalf("exit status %v, want %s%s", got, map[bool]string{true: "not "}[neg], want)
	}
}

// cmpdir A B [EXCLUDE...] compares two folders file by file, byte by byte.
// Each EXCLUDE is a slash path (a file or a folder) left out of the
// comparison, and the lines naming it are left out of the output manifest.
func cmpdir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: cmpdir A B [EXCLUDE...]")
	}
	exclude := args[2:]
	fa, fb := tree(ts, ts.MkAbs(args[0]), exclude), tree(ts, ts.MkAbs(args[1]), exclude)
	var diffs []string
	for name, da := range fa {
		db, ok := fb[name]
		switch {
		case !ok:
			diffs = append(diffs, "only in "+args[0]+": "+name)
		case !bytes.Equal(da, db):
			diffs = append(diffs, "differs: "+name)
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			diffs = append(diffs, "only in "+args[1]+": "+name)
		}
	}
	slices.Sort(diffs)
	switch {
	case neg && len(diffs) == 0:
		ts.Fatalf("%s and %s are identical", args[0], args[1])
	case !neg && len(diffs) > 0:
		ts.Fatalf("%s and %s differ (%d files):\n%s", args[0], args[1], len(diffs), strings.Join(diffs[:min(len(diffs), 20)], "\n"))
	}
}

// excluded reports whether the slash path rel is one of exclude or inside one.
func excluded(rel string, exclude []string) bool {
	for _, e := range exclude {
		e = strings.TrimSuffix(e, "/")
		if rel == e || strings.HasPrefix(rel, e+"/") {
			return true
		}
	}
	return false
}

// tree reads every file under root, by slash-separated relative path,
// leaving out the excluded paths (and their lines in the output manifest).
func tree(ts *testscript.TestScript, root string, exclude []string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
		switch {
		case excluded(rel, exclude) && d.IsDir():
			return filepath.SkipDir
		case excluded(rel, exclude) || d.IsDir():
			return nil
		}
		data, err := os.ReadFile(p)
		if path.Base(rel) == output.Marker && len(exclude) > 0 {
			data = dropLines(data, exclude)
		}
		files[rel] = data
		return err
	})
	ts.Check(err)
	return files
}

// dropLines removes the manifest lines ("hash size path") of excluded paths.
func dropLines(data []byte, exclude []string) []byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	lines = slices.DeleteFunc(lines, func(l []byte) bool {
		f := strings.Fields(string(l))
		return len(f) == 3 && excluded(f[2], exclude)
	})
	return bytes.Join(lines, nil)
}

// cpdir SRC DST copies a folder (a snapshot to compare against later).
func cpdir(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cpdir SRC DST")
	}
	src, dst := ts.MkAbs(args[0]), ts.MkAbs(args[1])
	ts.Check(os.CopyFS(dst, os.DirFS(src)))
}
