package servetest

import (
	"testing"
	"time"
)

// WaitBound bounds WaitFor: a condition that never comes true fails the
// test with a message instead of hanging it until go test's timeout. It
// bounds a hang; it does not judge speed.
const WaitBound = time.Minute

// WaitFor polls cond until it is true, and fails the test, saying what it
// waited for, if WaitBound passes first.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(WaitBound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", WaitBound, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Receive returns the next value from ch, and fails the test, saying what
// it waited for, if WaitBound passes first or ch is closed.
func Receive[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the channel was closed", what)
		}
		return v
	case <-time.After(WaitBound):
		t.Fatalf("waited %v for %s", WaitBound, what)
	}
	var zero T
	return zero
}
