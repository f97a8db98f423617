package cli

import (
	"fmt"
)

func searchCommand() *command {
	c := &command{
		name:     "search",
		summary:  "Search the handbook from the terminal",
		usage:    "handbook search [-s SITE] [--json] QUERY...",
		examples: []string{`handbook search major incident`, `handbook search --json "who approves changes"`},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		_ = fs.String("s", ".", "the site `folder`")
		_ = fs.Bool("json", false, "print the JSON of /api/search")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		fmt.Fprintln(env.Stderr, "handbook search: not available yet")
		return ExitUsage
	}
	return c
}
