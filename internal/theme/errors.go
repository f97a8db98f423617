package theme

import (
	"errors"
	"regexp"
	"runtime"
	"strconv"

	"handbook/internal/diag"
)

// templateErr matches text/template's errors: "template: NAME:LINE: msg"
// (parsing) and "template: NAME:LINE:COL: executing ... : msg".
var templateErr = regexp.MustCompile(`(?s)^template: ([^:]+):(\d+):(?:\d+:)? (.*)$`)

// layoutDiag turns a template error into a diagnostic at its layout's
// file and line; nil for nil.
func layoutDiag(err error) *diag.Diagnostic {
	if err == nil {
		return nil
	}
	var d *diag.Diagnostic
	if errors.As(err, &d) {
		return d // raised in an inner layout (a partial): the closest position
	}
	m := templateErr.FindStringSubmatch(err.Error())
	if m == nil {
		return diag.Errorf("layouts", 0, "%v", err)
	}
	line, _ := strconv.Atoi(m[2])
	return diag.Errorf("layouts/"+m[1], line, "%s", m[3])
}

// layoutErr is layoutDiag as an error (nil stays nil, not a typed nil).
func layoutErr(err error) error {
	if d := layoutDiag(err); d != nil {
		return d
	}
	return nil
}

// recoverLayout turns a panic while executing the layout name into an
// error in *err.
func recoverLayout(err *error, name string) {
	if r := recover(); r != nil {
		*err = diag.Errorf("layouts/"+name, 0, "executing the layout failed: %v", r)
	}
}

// maxFrames bounds the stack a page's rendering may take: a page of the
// built-in theme uses a few hundred frames; a partial that calls itself
// would grow the stack until the Go runtime kills the process (a 54 KB
// trace and 1.5 GB of memory), which no recover can catch.
const maxFrames = 6000

// deep reports whether the calling goroutine's stack is deeper than
// maxFrames. It is asked only when a partial is rendered, not when a kept
// one is reused.
func deep() bool {
	var pcs [maxFrames]uintptr
	return runtime.Callers(0, pcs[:]) == len(pcs)
}
