package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"handbook/internal/live"
)

// TestServeSweepsKilledServersFolders: a SIGKILLed serve leaves its
// temporary folder (its builds); the next serve deletes it at start, and
// its own folder on a clean stop. The servers draw no figures: in their
// own TMPDIR each would compile Graphviz first (go-graphviz's cache is
// $TMPDIR/go-graphviz), and the folders are the same without them.
func TestServeSweepsKilledServersFolders(t *testing.T) {
	t.Parallel() // its own site folder, TMPDIR, processes and ports
	site := serveSite(t)
	tmp := t.TempDir()
	env := []string{"TMPDIR=" + tmp}
	folders := func() []string {
		t.Helper()
		m, err := filepath.Glob(filepath.Join(tmp, live.TempPrefix+"*"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	killed := startServe(t, env, "-s", site, "--no-figures")
	if err := killed.stop(t, syscall.SIGKILL); err == nil {
		t.Fatal("serve survived SIGKILL")
	}
	left := folders()
	if len(left) != 1 {
		t.Fatalf("after SIGKILL: %v, want the killed server's folder", left)
	}
	next := startServe(t, env, "-s", site, "--no-figures")
	if _, err := os.Stat(left[0]); err == nil {
		t.Errorf("the killed server's folder %s survived the next serve's start", left[0])
	}
	if n := len(folders()); n != 1 {
		t.Errorf("while serving: %d folders, want 1", n)
	}
	if err := next.stop(t, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if left := folders(); len(left) != 0 {
		t.Errorf("after a clean stop: %v", left)
	}
}
