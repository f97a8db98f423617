package par

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		out := make([]int, n)
		var calls atomic.Int64
		For(n, func(i int) { out[i] = i * i; calls.Add(1) })
		if calls.Load() != int64(n) {
			t.Errorf("n=%d: %d calls", n, calls.Load())
		}
		for i, v := range out {
			if v != i*i {
				t.Fatalf("n=%d: out[%d] = %d", n, i, v)
			}
		}
	}
}

func TestForErr(t *testing.T) {
	err := ForErr(10, func(i int) error {
		if i%4 == 1 {
			return fmt.Errorf("e%d", i)
		}
		return nil
	})
	if err == nil || err.Error() != "e1\ne5\ne9" {
		t.Errorf("ForErr = %v, want the errors in index order", err)
	}
	if err := ForErr(5, func(int) error { return nil }); err != nil {
		t.Errorf("ForErr without errors = %v", err)
	}
	sentinel := errors.New("x")
	if err := ForErr(3, func(i int) error { return sentinel }); !errors.Is(err, sentinel) {
		t.Errorf("errors are not wrapped: %v", err)
	}
}
