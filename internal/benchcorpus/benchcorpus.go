// Package benchcorpus gives benchmarks a realistic site to work on: the
// synthetic ISO/IEC 20000-1:2018 corpus written by the shared generator
// (../shared/bench/gencorpus beside the repository, the same one the
// side-by-side comparison with Hugo uses). Benchmarks, and the golden
// output manifest of cmd/handbook, skip when the generator is not there.
//
// Generated corpora are cached under the user cache folder, keyed by the
// generator's source, the size and the seed: the generator is
// deterministic, and a 10,000-document corpus takes seconds to write.
package benchcorpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"handbook/internal/sitetest"
)

// Env variables that change what benchmarks use.
const (
	// EnvSize is the number of documents (default DefaultSize).
	EnvSize = "HANDBOOK_BENCH_N"
	// EnvDir is the folder holding gencorpus/ (default ../shared/bench
	// beside the module root).
	EnvDir = "HANDBOOK_BENCH_DIR"
)

// DefaultSize is the corpus size benchmarks use unless EnvSize says otherwise:
// big enough for stable per-document figures, small enough for `make bench`.
const DefaultSize = 1000

// Seed is the generator seed; the published figures use seed 1.
const Seed = 1

// Size returns the number of documents benchmarks should use.
func Size(tb testing.TB) int {
	s := os.Getenv(EnvSize)
	if s == "" {
		return DefaultSize
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		tb.Fatalf("%s=%q: want a positive number of documents", EnvSize, s)
	}
	return n
}

// Site returns a site folder (content/ only) holding a corpus of Size
// documents, generating it if it is not cached. It skips tb when the
// generator or the go command is missing.
func Site(tb testing.TB) string {
	tb.Helper()
	return SiteN(tb, Size(tb))
}

// SiteN is Site with n documents whatever EnvSize says: for tests whose
// expectations hold for one size only.
func SiteN(tb testing.TB, n int) string {
	tb.Helper()
	dir, err := GeneratorDir()
	if err != nil {
		tb.Skip(err)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("benchcorpus: no go command to run the generator")
	}
	site, err := cached(goCmd, dir, n)
	if err != nil {
		tb.Fatal(err)
	}
	return site
}

// GeneratorDir finds the folder holding gencorpus/: EnvDir, or
// ../shared/bench beside the root of this module.
func GeneratorDir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return checkGenerator(d)
	}
	root, err := sitetest.ModuleRoot()
	if err != nil {
		return "", err
	}
	return checkGenerator(filepath.Join(filepath.Dir(root), "shared", "bench"))
}

func checkGenerator(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, "gencorpus", "main.go")); err != nil {
		return "", fmt.Errorf("benchcorpus: no corpus generator at %s/gencorpus (set %s): %w", dir, EnvDir, err)
	}
	return filepath.Abs(dir)
}

// cached returns the cached corpus for (generator source, n, seed),
// generating it first when absent. A corpus is generated beside its final
// place and renamed into it, so concurrent test binaries never see half of one.
func cached(goCmd, genDir string, n int) (string, error) {
	src, err := os.ReadFile(filepath.Join(genDir, "gencorpus", "main.go"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(src)
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	base = filepath.Join(base, "handbook-bench")
	final := filepath.Join(base, fmt.Sprintf("n%d-seed%d-%s", n, Seed, hex.EncodeToString(sum[:6])))
	if _, err := os.Stat(filepath.Join(final, "content")); err == nil {
		return final, nil
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(base, ".gen-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command(goCmd, "run", "./gencorpus", "-n", strconv.Itoa(n), "-seed", strconv.Itoa(Seed), "-o", tmp)
	cmd.Dir = genDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("benchcorpus: go run ./gencorpus in %s: %v\n%s", genDir, err, out)
	}
	if err := os.Rename(tmp, final); err != nil {
		if _, serr := os.Stat(filepath.Join(final, "content")); serr == nil {
			return final, nil // another test binary generated it first
		}
		return "", err
	}
	return final, nil
}
