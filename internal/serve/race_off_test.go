//go:build !race

package serve_test

// raceEnabled: the race detector slows every request tenfold or more.
const raceEnabled = false
