// Package par runs loops on all cores, keeping results in input order so
// that parallel steps still give deterministic output.
package par

import (
	"errors"
	"runtime"
	"sync"
)

// For calls f(i) for i in [0, n) on GOMAXPROCS goroutines.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// ForErr is For with errors; it returns them joined in index order.
func ForErr(n int, f func(i int) error) error {
	errs := make([]error, n)
	For(n, func(i int) { errs[i] = f(i) })
	return errors.Join(errs...)
}
