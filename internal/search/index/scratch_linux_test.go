package index

import (
	"os"
	"testing"
)

// TestMemoryScratch: a folder in /dev/shm when it has room, none when it
// has not (the index is then built in place).
func TestMemoryScratch(t *testing.T) {
	if _, err := os.Stat("/dev/shm"); err != nil {
		t.Skip("no /dev/shm here")
	}
	if dir, release := MemoryScratch(1 << 62); dir != "" {
		release()
		t.Fatalf("MemoryScratch(4 EiB) = %s, want none", dir)
	}
	dir, release := MemoryScratch(1 << 10)
	if dir == "" {
		t.Fatal("MemoryScratch(1 KiB) = none, want a folder in /dev/shm")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("%s: %v", dir, err)
	}
	release()
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s survived its release", dir)
	}
}
