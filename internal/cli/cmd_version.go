package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

func versionCommand() *command {
	c := &command{
		name:     "version",
		summary:  "Print the version and commit of this binary",
		usage:    "handbook version",
		examples: []string{"handbook version", "handbook --version"},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if ok, st := c.noArgs(env, fs); !ok {
			return st
		}
		info, _ := debug.ReadBuildInfo()
		fmt.Fprintln(env.Stdout, Version(info))
		return ExitOK
	}
	return c
}

// Commit may be set at link time (-ldflags "-X handbook/internal/cli.Commit=...")
// where the build carries no version-control information (-buildvcs=false,
// or a build outside a git checkout); the Makefile does.
var Commit = ""

// Version describes the binary from its build information: the module
// version ("(devel)" for a build from a checkout), the commit, "+dirty" when
// built from a modified tree, and the Go version and platform.
func Version(info *debug.BuildInfo) string {
	version, commit, modified := "(devel)", Commit, ""
	goVersion := runtime.Version()
	if info != nil {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		goVersion = info.GoVersion
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
	return fmt.Sprintf("handbook %s commit %s%s %s %s/%s", version, commit, modified, goVersion, runtime.GOOS, runtime.GOARCH)
}
