package tempdir

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// TestSweep: a folder held by a live Dir survives a sweep; one released
// (as by a process that ended) is removed; other names are left alone.
func TestSweep(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	parent := t.TempDir()
	live, err := New(parent, ".out.staging-")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Remove()
	dead, err := New(parent, ".out.staging-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dead.Path, "page.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dead.Release()
	other := filepath.Join(parent, "out")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	removed, err := Sweep(parent, ".out.staging-")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{dead.Path}) {
		t.Errorf("Sweep removed %v, want only %s", removed, dead.Path)
	}
	for _, p := range []string{live.Path, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if _, err := os.Stat(dead.Path); err == nil {
		t.Errorf("the abandoned folder survived")
	}
}

// TestSweepAfterKill: the folder of a SIGKILLed process is removed by the
// next sweep (the kernel releases a dead process's locks).
func TestSweepAfterKill(t *testing.T) {
	if os.Getenv("TEMPDIR_CHILD") != "" {
		d, err := New(os.Getenv("TEMPDIR_CHILD"), "child-")
		if err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString(d.Path + "\n")
		select {} // wait to be killed
	}
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	parent := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSweepAfterKill$")
	cmd.Env = append(os.Environ(), "TEMPDIR_CHILD="+parent)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatal(err)
	}
	p := line[:len(line)-1]
	if removed, _ := Sweep(parent, "child-"); len(removed) != 0 {
		t.Errorf("a live process's folder was swept: %v", removed)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if removed, err := Sweep(parent, "child-"); err != nil || !slices.Equal(removed, []string{p}) {
		t.Errorf("after the kill, Sweep removed %v (%v), want %s", removed, err, p)
	}
}

// TestHold: an existing folder is held by one Dir at a time, a missing
// one by none, and HeldAt follows the folder when it is renamed.
func TestHold(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	parent := t.TempDir()
	p := filepath.Join(parent, "twin")
	if _, err := Hold(p); err == nil {
		t.Fatal("a missing folder was held")
	}
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	first, err := Hold(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Hold(p); err == nil {
		t.Fatal("a folder was held twice")
	}
	moved := filepath.Join(parent, "moved")
	if err := os.Rename(p, moved); err != nil {
		t.Fatal(err)
	}
	if !first.HeldAt(moved) || first.HeldAt(p) {
		t.Errorf("HeldAt does not follow the renamed folder")
	}
	first.Release()
	second, err := Hold(moved)
	if err != nil {
		t.Fatalf("after Release: %v", err)
	}
	second.Release()
	var none *Dir
	none.Release()
	if none.HeldAt(moved) {
		t.Error("a nil Dir holds a folder")
	}
}

// TestNewDuringSweeps: another process's Sweep may find a folder New has
// made but not yet locked, take it for abandoned and remove it (flock
// treats two opens of one folder as two holders, so this process's own
// sweeps stand for another's). New must still return a folder that exists
// and that no sweep removes while it is held.
func TestNewDuringSweeps(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	parent := t.TempDir()
	const prefix = "handbook-serve-"
	done := make(chan struct{})
	swept := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-done:
				swept <- n
				return
			default:
			}
			removed, _ := Sweep(parent, prefix)
			n += len(removed)
		}
	}()
	for i := range 1000 {
		d, err := New(parent, prefix)
		if err != nil {
			close(done)
			<-swept
			t.Fatalf("New, try %d, beside sweeps: %v", i, err)
		}
		if _, err := os.Stat(d.Path); err != nil {
			t.Errorf("try %d: the folder New returned is gone: %v", i, err)
		}
		d.Remove()
	}
	close(done)
	t.Logf("the sweeps removed %d folders between their making and their locking", <-swept)
}
