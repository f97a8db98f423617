package output

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// version is the output of build number v of a small site that changes
// between builds: most pages change, one stays, each version has a page
// and a search index file of its own, and one path is a file in one
// version and a folder in the other.
func version(v int) map[string]string {
	files := map[string]string{"same.html": "unchanged", "css/site.css": "body{}"}
	for k := range 40 {
		files[fmt.Sprintf("docs/%d/index.html", k)] = fmt.Sprintf("v%d page %d", v%2, k)
	}
	if v%2 == 0 {
		files["only-even.html"] = "v0 only"
		files["_search/index/even.seg"] = "@ext"
		files["switch"] = "v0 a file"
	} else {
		files["only-odd/index.html"] = "v1 only"
		files["_search/index/odd.seg"] = "@ext"
		files["switch/index.html"] = "v1 a folder"
	}
	return files
}

// commit writes files (output path → content; a content of "@ext" is
// written through Path, as the search index does) into final and commits
// with the fault injector fault (nil for none) and the folder exchange ex
// (nil for the system's).
func commit(final string, files map[string]string, fault func(string) error, ex func(a, b string) error) error {
	d, err := Begin(final)
	if err != nil {
		return err
	}
	d.fault = fault
	if ex != nil {
		d.exchange = ex
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if files[p] == "@ext" {
			sp := d.Path(p)
			if err = os.MkdirAll(filepath.Dir(sp), 0o755); err == nil {
				err = os.WriteFile(sp, []byte("external "+p), 0o644)
			}
		} else {
			err = d.Write(p, []byte(files[p]))
		}
		if err != nil {
			d.Abort()
			return err
		}
	}
	if err := d.Commit(); err != nil {
		d.Abort()
		return err
	}
	return nil
}

// checkWhole checks that the output folder final is exactly one of the
// builds want (by number): its manifest lists exactly its files with
// their sizes and checksums, and they are the files of that build. It
// returns the build found.
func checkWhole(t *testing.T, final string, want ...int) int {
	t.Helper()
	m := readManifest(final)
	if m == nil {
		t.Fatalf("%s has no manifest", final)
	}
	got := tree(t, final)
	for p, body := range got {
		e, ok := m[p]
		switch {
		case body == "/" || p == Marker:
		case !ok:
			t.Errorf("%s is not in the manifest", p)
		case e.size != int64(len(body)):
			t.Errorf("%s: %d bytes, manifest says %d", p, len(body), e.size)
		case !e.external && e.sum != sha256.Sum256([]byte(body)):
			t.Errorf("%s: checksum differs from the manifest's", p)
		}
	}
	for p := range m {
		if _, ok := got[p]; !ok {
			t.Errorf("%s is in the manifest but missing", p)
		}
	}
	for _, v := range want {
		if maps.Equal(files(t, final), expected(v)) {
			return v
		}
	}
	t.Fatalf("%s is none of builds %v (a mix?): %v", final, want, files(t, final))
	return -1
}

// files is tree without folders and the marker.
func files(t *testing.T, dir string) map[string]string {
	got := tree(t, dir)
	maps.DeleteFunc(got, func(p, body string) bool { return body == "/" || p == Marker })
	return got
}

// expected is what version v looks like on disk.
func expected(v int) map[string]string {
	want := version(v)
	for p, body := range want {
		if body == "@ext" {
			want[p] = "external " + p
		}
	}
	return want
}

// steps lists the steps of a Commit of version v over version v-1.
func steps(t *testing.T, ex func(a, b string) error) []string {
	final := filepath.Join(t.TempDir(), "public")
	if err := commit(final, version(0), nil, ex); err != nil {
		t.Fatal(err)
	}
	var names []string
	record := func(step string) error { names = append(names, step); return nil }
	if err := commit(final, version(1), record, ex); err != nil {
		t.Fatal(err)
	}
	return names
}

// TestFaultAtEveryStep fails each step of Commit in turn, with the
// system's folder exchange and with the two-rename fallback: a failure
// before the swap leaves the previous build whole, one after it (deleting
// the previous build) leaves the new one whole, and the next build
// removes whatever was left beside the output folder.
func TestFaultAtEveryStep(t *testing.T) {
	for name, ex := range map[string]func(a, b string) error{
		"exchange": nil,
		"fallback": func(a, b string) error { return errExchangeUnsupported },
	} {
		t.Run(name, func(t *testing.T) {
			all := steps(t, ex)
			if len(all) < 3 {
				t.Fatalf("steps: %v", all)
			}
			for _, step := range all {
				final := filepath.Join(t.TempDir(), "public")
				if err := commit(final, version(0), nil, ex); err != nil {
					t.Fatal(err)
				}
				injected := errors.New("injected at " + step)
				fault := func(s string) error {
					if s == step {
						return injected
					}
					return nil
				}
				err := commit(final, version(1), fault, ex)
				want := 0
				if step == "remove" {
					want = 1 // the new build is in place; only the cleanup failed
					if err != nil {
						t.Errorf("%s: %v", step, err)
					}
				} else if !errors.Is(err, injected) {
					t.Errorf("%s: Commit = %v, want the injected error", step, err)
				}
				if got := checkWhole(t, final, 0, 1); got != want {
					t.Errorf("fault at %s: the output is build %d, want %d", step, got, want)
				}
				if err := commit(final, version(2), nil, ex); err != nil {
					t.Fatal(err)
				}
				checkWhole(t, final, 0)
				assertNoStaging(t, filepath.Dir(final))
			}
		})
	}
}

// TestExchangeFails: when the exchange itself fails (EBUSY: a mount
// point, say), the previous build stays whole and nothing is left beside.
func TestExchangeFails(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	if err := commit(final, version(0), nil, nil); err != nil {
		t.Fatal(err)
	}
	ebusy := func(a, b string) error { return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: syscall.EBUSY} }
	if err := commit(final, version(1), nil, ebusy); !errors.Is(err, syscall.EBUSY) {
		t.Errorf("Commit = %v, want EBUSY", err)
	}
	checkWhole(t, final, 0)
	assertNoStaging(t, filepath.Dir(final))
}

// TestKilledBuilds kills a process building into one output folder over
// and over at random moments: every time, the output folder is one whole
// build with a manifest that matches its files, and the next build
// removes the staging folder the killed one left.
func TestKilledBuilds(t *testing.T) {
	if dir := os.Getenv("OUTPUT_KILL_CHILD"); dir != "" {
		// Builds until killed; a parent gone without killing it leaves
		// it a minute, not forever.
		giveUp := time.Now().Add(time.Minute)
		for v := 1; time.Now().Before(giveUp); v++ {
			if v == 2 {
				os.Stdout.WriteString("building\n") // the first build is done
			}
			if err := commit(dir, version(v), nil, nil); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
		}
		fmt.Fprintln(os.Stderr, "not killed within a minute")
		os.Exit(4)
	}
	rounds := 40
	if testing.Short() {
		rounds = 10
	}
	final := filepath.Join(t.TempDir(), "public")
	if err := commit(final, version(0), nil, nil); err != nil {
		t.Fatal(err)
	}
	seen := map[int]int{}
	for i := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuilds$")
		cmd.Env = append(os.Environ(), "OUTPUT_KILL_CHILD="+final)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		_, _ = bufio.NewReader(out).ReadString('\n')
		// Random moments, not a timing assertion: any moment must do.
		time.Sleep(time.Duration(rand.IntN(20_000)) * time.Microsecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil && cmd.ProcessState.ExitCode() == 3 {
			t.Fatalf("round %d: the build failed by itself", i)
		}
		seen[checkWhole(t, final, 0, 1)]++
	}
	if err := commit(final, version(0), nil, nil); err != nil {
		t.Fatal(err)
	}
	checkWhole(t, final, 0)
	assertNoStaging(t, filepath.Dir(final))
	t.Logf("%d kills: output was build %v", rounds, seen)
}

// TestOutputThroughSymlink: an output folder given as a symbolic link (a
// web server's document root pointing at it, say) stays a link; the
// folder it names is replaced.
func TestOutputThroughSymlink(t *testing.T) {
	parent := t.TempDir()
	real, link := filepath.Join(parent, "real"), filepath.Join(parent, "www")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	for v := range 2 {
		if err := commit(link, version(v), nil, nil); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("build %d: %s is no longer a link", v, link)
		}
		checkWhole(t, real, v)
	}
	assertNoStaging(t, parent)
}

// TestUnchangedFileGone: a file the manifest lists but someone deleted
// from the output folder is written again, not a failed build.
func TestUnchangedFileGone(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	if err := commit(final, version(0), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(final, "same.html")); err != nil {
		t.Fatal(err)
	}
	if err := commit(final, version(0), nil, nil); err != nil {
		t.Fatal(err)
	}
	checkWhole(t, final, 0)
}

// TestRewriteOfALinkedFile: a path written twice in one build, first with
// its previous bytes (linked to the output folder's file) then with new
// ones, never writes through the link into the live output.
func TestRewriteOfALinkedFile(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	if err := commit(final, map[string]string{"a.html": "old"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	d, err := Begin(final)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, body := range []string{"old", "new"} {
		if err := d.Write("a.html", []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if got := read(t, filepath.Join(final, "a.html")); got != "old" {
		t.Fatalf("the live output changed before Commit: %q", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(final, "a.html")); got != "new" {
		t.Errorf("after Commit: %q", got)
	}
}
