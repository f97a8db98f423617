package cli

import (
	"fmt"
	"runtime/debug"
)

// progress reports each step: on a terminal, updated in place; otherwise
// nothing (the summary says what happened), so logs carry no control characters.
func versionCommand() *command {
	c := &command{name: "version", summary: "Print the version and commit of this binary", usage: "handbook version"}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		fmt.Fprintln(env.Stdout, Version())
		return ExitOK
	}
	return c
}

// Commit may be set at link time (-ldflags "-X handbook/internal/cli.Commit=...")
// where the build carries no version-control information.
var Commit = ""

// Version describes the binary from its build information.
func Version() string {
	version, commit, modified := "(devel)", Commit, ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = "+dirty"
				}
			}
		}
	}
	if commit == "" {
		commit = "unknown"
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	return fmt.Sprintf("handbook %s commit %s%s", version, commit, modified)
}
