//go:build !unix

// Package cputime measures the CPU time of this process, for benchmarks
// that report it beside the wall time: on a shared machine the wall time
// says little.
package cputime

import "time"

// Used is not measured here: it is always 0.
func Used() time.Duration { return 0 }
