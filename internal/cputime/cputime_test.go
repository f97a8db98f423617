package cputime

import (
	"crypto/sha256"
	"runtime"
	"testing"
)

// TestUsedGrows: work done shows in the CPU time.
func TestUsedGrows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("not measured")
	}
	before := Used()
	sum := sha256.Sum256(nil)
	for Used() == before {
		sum = sha256.Sum256(sum[:])
	}
	if Used() < before {
		t.Errorf("CPU time went back: %v then %v", before, Used())
	}
}
