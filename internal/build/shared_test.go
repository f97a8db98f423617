package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"handbook/internal/build"
)

// repoBuild is the repository's handbook built once, whole, at today, for
// the tests that only read its output (repoOutput); TestMain removes it.
var repoBuild struct {
	once sync.Once
	dir  string // holds public/, the output
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if repoBuild.dir != "" {
		os.RemoveAll(repoBuild.dir)
	}
	os.Exit(code)
}

// repoOutput returns the output folder of the repository's handbook built
// with the default options at today, built by the first test that asks.
// Tests must not change it; a test that needs other options, or to change
// the site or the output, builds its own (buildSite).
func repoOutput(t *testing.T) string {
	t.Helper()
	repoBuild.once.Do(func() {
		repoBuild.dir, repoBuild.err = os.MkdirTemp("", "handbook-build-test-")
		if repoBuild.err != nil {
			return
		}
		out := filepath.Join(repoBuild.dir, "public")
		res, err := build.Build(context.Background(), build.Options{Site: repoSite, Out: out, Today: today})
		if err != nil {
			repoBuild.err = fmt.Errorf("building the repository's handbook: %w\n%v", err, res.Diags)
		}
	})
	if repoBuild.err != nil {
		t.Fatal(repoBuild.err)
	}
	return filepath.Join(repoBuild.dir, "public")
}
