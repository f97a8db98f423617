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
// and a search index file of its own, one path is a file in one version
// and a folder in the other, and some pages change every third build
// only, so that a build differs from the one two builds before (the
// output's twin) too. Versions six apart are the same. Each kind of
// change is there; more pages of a kind (there were 40) only cost time.
func version(v int) map[string]string {
	files := map[string]string{"same.html": "unchanged", "css/site.css": "body{}"}
	for k := range 8 {
		files[fmt.Sprintf("docs/%d/index.html", k)] = fmt.Sprintf("v%d page %d", v%2, k)
	}
	for k := range 5 {
		files[fmt.Sprintf("third/%d/%d/index.html", v%3, k)] = fmt.Sprintf("v%d third %d", v%3, k)
	}
	files["thirds.html"] = fmt.Sprintf("v%d", v%3)
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

// versions are the builds version gives, by number.
var versions = []int{0, 1, 2, 3, 4, 5}

// begins are the two ways a build begins: with a staging folder always
// (--no-cache), or with the output's twin when there is one.
var begins = map[string]func(string) (*Dir, error){"staging": Begin, "twin": BeginTwin}

// commit writes files (output path → content; a content of "@ext" is
// written through Path, as the search index does) into final, begun with
// begin, and commits with the fault injector fault (nil for none) and the
// folder exchange ex (nil for the system's).
func commit(begin func(string) (*Dir, error), final string, files map[string]string, fault func(string) error, ex func(a, b string) error) error {
	d, err := begin(final)
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
	checkManifest(t, final)
	for _, v := range want {
		if maps.Equal(files(t, final), expected(v)) {
			return v
		}
	}
	t.Fatalf("%s is none of builds %v (a mix?): %v", final, want, files(t, final))
	return -1
}

// checkManifest checks that the output folder final has a manifest that
// lists exactly its files with their sizes and checksums.
func checkManifest(t *testing.T, final string) {
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
		case !e.external && e.sum != digestOf(sha256.Sum256([]byte(body))):
			t.Errorf("%s: checksum differs from the manifest's", p)
		}
	}
	for p := range m {
		if _, ok := got[p]; !ok {
			t.Errorf("%s is in the manifest but missing", p)
		}
	}
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

// builds commits versions from..to-1 into final, begun with begin.
func builds(t *testing.T, begin func(string) (*Dir, error), final string, from, to int) {
	t.Helper()
	for v := from; v < to; v++ {
		if err := commit(begin, final, version(v), nil, nil); err != nil {
			t.Fatalf("build %d: %v", v, err)
		}
	}
}

// steps lists the steps of the Commit of version at, begun with begin,
// over the versions before it.
func steps(t *testing.T, begin func(string) (*Dir, error), ex func(a, b string) error, at int) []string {
	final := filepath.Join(t.TempDir(), "public")
	for v := range at {
		if err := commit(begin, final, version(v), nil, ex); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	record := func(step string) error { names = append(names, step); return nil }
	if err := commit(begin, final, version(at), record, ex); err != nil {
		t.Fatal(err)
	}
	return names
}

// afterSwap are the steps of a Commit after the new build is in place:
// their failure leaves it there, and Commit reports none.
var afterSwap = map[string]bool{"remove": true, "twin": true}

// TestFaultAtEveryStep fails each step of Commit in turn, with the
// system's folder exchange and with the two-rename fallback, for a build
// with a staging folder, one that makes the output's twin (the second)
// and one that brings the twin up to date (the third): a failure before
// the swap leaves the previous build whole, one after it leaves the new
// one whole, and the next builds are whole, leave nothing beside the
// output folder but a twin that holds what its manifest says.
func TestFaultAtEveryStep(t *testing.T) {
	for name, ex := range map[string]func(a, b string) error{
		"exchange": nil,
		"fallback": func(a, b string) error { return errExchangeUnsupported },
	} {
		for mode, begin := range begins {
			for _, at := range []int{1, 2} {
				t.Run(fmt.Sprintf("%s/%s/build%d", name, mode, at), func(t *testing.T) {
					t.Parallel() // its own output folders
					all := steps(t, begin, ex, at)
					if len(all) < 2 {
						t.Fatalf("steps: %v", all)
					}
					// The second build makes the twin, the third brings it up to date.
					if want := map[int]string{1: "twin", 2: "place"}[at]; mode == "twin" && ex == nil && !slices.Contains(all, want) {
						t.Fatalf("steps %v, want %s among them", all, want)
					}
					for _, step := range all {
						faultAt(t, begin, ex, at, step)
					}
				})
			}
		}
	}
}

// faultAt builds the versions before at into a new output folder, then
// version at with a failure injected at step, and checks the outcome.
func faultAt(t *testing.T, begin func(string) (*Dir, error), ex func(a, b string) error, at int, step string) {
	t.Helper()
	final := filepath.Join(t.TempDir(), "public")
	for v := range at {
		if err := commit(begin, final, version(v), nil, ex); err != nil {
			t.Fatal(err)
		}
	}
	injected := errors.New("injected at " + step)
	fault := func(s string) error {
		if s == step {
			return injected
		}
		return nil
	}
	err := commit(begin, final, version(at), fault, ex)
	want := at - 1
	if afterSwap[step] {
		want = at // the new build is in place; only the cleanup failed
		if err != nil {
			t.Errorf("%s: %v", step, err)
		}
	} else if !errors.Is(err, injected) {
		t.Errorf("%s: Commit = %v, want the injected error", step, err)
	}
	if got := checkWhole(t, final, versions...); got != want%6 {
		t.Errorf("fault at %s: the output is build %d, want %d", step, got, want)
	}
	for v := at + 1; v < at+3; v++ {
		if err := commit(begin, final, version(v), nil, ex); err != nil {
			t.Fatal(err)
		}
		sameAsFresh(t, final, v)
		checkTwin(t, final)
	}
	assertNoStaging(t, filepath.Dir(final))
}

// sameAsFresh checks that the output folder final holds exactly what a
// first build of version v into an empty folder writes: files, folders
// (none left empty) and marker.
func sameAsFresh(t *testing.T, final string, v int) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "public")
	if err := commit(Begin, fresh, version(v), nil, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, final), tree(t, fresh); !maps.Equal(got, want) {
		t.Errorf("the output differs from a fresh build of version %d:\n got %v\nwant %v", v, got, want)
	}
}

// checkTwin checks that the twin of final, if it has a manifest, holds
// exactly the files it lists, with their bytes.
func checkTwin(t *testing.T, final string) {
	t.Helper()
	tw := twinPath(final)
	m := readManifest(tw)
	if m == nil {
		return
	}
	got := files(t, tw)
	for p, e := range m {
		body, ok := got[p]
		switch {
		case !ok:
			t.Errorf("twin: %s is in the manifest but missing", p)
		case e.size != int64(len(body)) || digestOf(sha256.Sum256([]byte(body))) != e.sum:
			t.Errorf("twin: %s is not what the manifest says", p)
		}
	}
	for p := range got {
		if _, ok := m[p]; !ok {
			t.Errorf("twin: %s is not in the manifest", p)
		}
	}
}

// TestExchangeFails: when the exchange itself fails (EBUSY: a mount
// point, say), the previous build stays whole and nothing is left beside.
func TestExchangeFails(t *testing.T) {
	ebusy := func(a, b string) error { return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: syscall.EBUSY} }
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			builds(t, begin, final, 0, 2)
			if err := commit(begin, final, version(2), nil, ebusy); !errors.Is(err, syscall.EBUSY) {
				t.Errorf("Commit = %v, want EBUSY", err)
			}
			checkWhole(t, final, 1)
			checkTwin(t, final)
			assertNoStaging(t, filepath.Dir(final))
			builds(t, begin, final, 3, 5)
			sameAsFresh(t, final, 4)
		})
	}
}

// TestKilledBuilds kills a process building into one output folder over
// and over at random moments, with staging folders and with the output's
// twin: every time, the output folder is one whole build with a manifest
// that matches its files, and the next build removes the staging folder
// the killed one left, and the twin it left half brought up to date.
func TestKilledBuilds(t *testing.T) {
	if dir := os.Getenv("OUTPUT_KILL_CHILD"); dir != "" {
		// Builds until killed; a parent gone without killing it leaves
		// it a minute, not forever.
		begin := begins[os.Getenv("OUTPUT_KILL_MODE")]
		giveUp := time.Now().Add(time.Minute)
		for v := 1; time.Now().Before(giveUp); v++ {
			if v == 3 {
				os.Stdout.WriteString("building\n") // the twin is made
			}
			if err := commit(begin, dir, version(v), nil, nil); err != nil {
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
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			t.Parallel() // its own output folder and building processes
			final := filepath.Join(t.TempDir(), "public")
			builds(t, begin, final, 0, 1)
			seen := map[int]int{}
			untrusted := 0 // kills that left a twin half brought up to date
			for range rounds {
				kill(t, final, mode)
				seen[checkWhole(t, final, versions...)]++
				checkTwin(t, final)
				if _, err := os.Stat(twinPath(final)); err == nil && readManifest(twinPath(final)) == nil {
					untrusted++
				}
			}
			builds(t, begin, final, 0, 3)
			sameAsFresh(t, final, 2)
			checkTwin(t, final)
			assertNoStaging(t, filepath.Dir(final))
			t.Logf("%d kills: output was build %v; %d left an untrusted twin", rounds, seen, untrusted)
		})
	}
}

// kill starts a process building into final (begun as mode says) and
// kills it at a random moment after its first two builds.
func kill(t *testing.T, final, mode string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuilds$")
	cmd.Env = append(os.Environ(), "OUTPUT_KILL_CHILD="+final, "OUTPUT_KILL_MODE="+mode)
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
		t.Fatalf("the build failed by itself")
	}
}

// TestOutputThroughSymlink: an output folder given as a symbolic link (a
// web server's document root pointing at it, say) stays a link; the
// folder it names is replaced, and its twin is beside that folder.
func TestOutputThroughSymlink(t *testing.T) {
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			parent := t.TempDir()
			real, link := filepath.Join(parent, "real"), filepath.Join(parent, "www")
			if err := os.Symlink("real", link); err != nil {
				t.Fatal(err)
			}
			for v := range 4 {
				if err := commit(begin, link, version(v), nil, nil); err != nil {
					t.Fatal(err)
				}
				if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Fatalf("build %d: %s is no longer a link", v, link)
				}
				checkWhole(t, real, v)
				checkTwin(t, real)
			}
			if _, err := os.Stat(twinPath(real)); (err == nil) != (mode == "twin") {
				t.Errorf("the twin beside the real folder: %v", err)
			}
			assertNoStaging(t, parent)
		})
	}
}

// TestUnchangedFileGone: a file the manifest lists but someone deleted
// from the output folder is written again, not a failed build — also by
// the builds after, which may start from that output as their twin.
func TestUnchangedFileGone(t *testing.T) {
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			builds(t, begin, final, 0, 1)
			if err := os.Remove(filepath.Join(final, "same.html")); err != nil {
				t.Fatal(err)
			}
			for v := 1; v < 4; v++ {
				builds(t, begin, final, v, v+1)
				checkWhole(t, final, v)
			}
		})
	}
}

// TestRewriteOfALinkedFile: a path written twice in one build, first with
// its previous bytes (linked to the output folder's file, or already in
// the twin) then with new ones, never writes through the link into the
// live output or the twin.
func TestRewriteOfALinkedFile(t *testing.T) {
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			for range 2 {
				if err := commit(begin, final, map[string]string{"a.html": "old"}, nil, nil); err != nil {
					t.Fatal(err)
				}
			}
			d, err := begin(final)
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
			if d.twin != nil && read(t, filepath.Join(twinPath(final), "a.html")) != "old" {
				t.Fatalf("the twin changed before Commit")
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := read(t, filepath.Join(final, "a.html")); got != "new" {
				t.Errorf("after Commit: %q", got)
			}
			checkTwin(t, final)
		})
	}
}
