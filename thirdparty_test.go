package handbook

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoGraphvizIsUpstreamPlusPatch: third_party/go-graphviz is the
// release of github.com/goccy/go-graphviz that go.mod requires plus
// third_party/go-graphviz.patch, nothing else (scripts/go-graphviz.sh
// check). Upstream's source comes from the module cache, offline: when it
// is not there (go.mod replaces the module, so builds never download it)
// the test is skipped; `make lint`, which `make test` runs first, downloads
// it and runs the same check.
func TestGoGraphvizIsUpstreamPlusPatch(t *testing.T) {
	const module = "github.com/goccy/go-graphviz"
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	version := strings.TrimSpace(string(out))
	if _, err := os.Stat(filepath.Join(strings.TrimSpace(string(cache)), module+"@"+version)); err != nil {
		t.Skipf("%s@%s is not in the module cache (make lint downloads it): %v", module, version, err)
	}
	cmd := exec.Command("bash", "scripts/go-graphviz.sh", "check")
	cmd.Env = append(os.Environ(), "GOPROXY=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/go-graphviz.sh check: %v\n%s", err, msg)
	}
}
