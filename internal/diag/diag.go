// Package diag holds the one error type of the build: a message tied to a
// file and line, reported as "path:line: message". Every step collects them
// in a List so that a run reports all problems at once.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build (exit status 1).
	Error Severity = iota
	// Warning is printed; --strict turns it into an error.
	Warning
)

// Diagnostic is a message about a position in a source file.
// Line is 1-based; 0 means the file as a whole.
type Diagnostic struct {
	Path     string
	Line     int
	Msg      string
	Severity Severity
}

var _ error = (*Diagnostic)(nil)

// Error formats the diagnostic as "path:line: message".
func (d *Diagnostic) Error() string {
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Msg)
	}
	return fmt.Sprintf("%s: %s", d.Path, d.Msg)
}

// Errorf makes an error-severity diagnostic.
func Errorf(path string, line int, format string, args ...any) *Diagnostic {
	return &Diagnostic{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Warnf makes a warning.
func Warnf(path string, line int, format string, args ...any) *Diagnostic {
	return &Diagnostic{Path: path, Line: line, Msg: fmt.Sprintf(format, args...), Severity: Warning}
}

// List collects diagnostics; it is safe for concurrent use.
// The zero value is ready to use.
type List struct {
	mu    sync.Mutex
	items []*Diagnostic
}

// Add appends diagnostics (nil ones are ignored).
func (l *List) Add(ds ...*Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		if d != nil {
			l.items = append(l.items, d)
		}
	}
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) {
	l.Add(other.All()...)
}

// All returns the diagnostics sorted by path, line and message.
func (l *List) All() []*Diagnostic {
	l.mu.Lock()
	out := slices.Clone(l.items)
	l.mu.Unlock()
	Sort(out)
	return out
}

// Errors returns the errors alone, sorted as All sorts them: what a quiet
// report prints, without sorting the warnings first (thousands of them
// at 10,000 documents, sorted after the build when it is quiet).
func (l *List) Errors() []*Diagnostic {
	l.mu.Lock()
	var out []*Diagnostic
	for _, d := range l.items {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	l.mu.Unlock()
	Sort(out)
	return out
}

// Count returns the number of errors and warnings.
func (l *List) Count() (errs, warns int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// Promote turns every warning into an error (for --strict).
func (l *List) Promote() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		d.Severity = Error
	}
}

// Err joins the errors (not the warnings) into one error, sorted; nil if none.
func (l *List) Err() error {
	var errs []error
	for _, d := range l.All() {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	return errors.Join(errs...)
}

// Sort orders diagnostics by path, then line, then message, so that output
// is stable whatever order concurrent steps found them in.
func Sort(ds []*Diagnostic) {
	slices.SortStableFunc(ds, func(a, b *Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
}
