package cli

import (
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"handbook/internal/build"
	"handbook/internal/live"
	"handbook/internal/serve"
	"handbook/internal/watch"
)

func serveCommand() *command {
	c := &command{
		name:    "serve",
		summary: "Build the handbook and serve it with search at http://127.0.0.1:8080",
		usage:   "handbook serve [-s SITE] [--addr 127.0.0.1:8080] [--audience NAME] [--watch] [--open] [--no-figures]",
		examples: []string{
			"handbook serve --watch",
			"handbook serve --addr :0          # pick a free port and print it",
			"handbook serve --audience staff",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		var sf siteFlags
		sf.register(c, fs)
		sf.registerAudience(c, fs, "serve the edition for one audience `name`")
		var addr string
		var watching, open, noFigures bool
		fs.stringFlag(&addr, "addr", "127.0.0.1:8080", "the `address` to listen on (host:port; :0 picks a free port; the host defaults to 127.0.0.1)",
			"handbook serve --addr :0")
		fs.boolFlag(&watching, "watch", "rebuild when content, layouts, static files or handbook.yaml change, and reload open pages",
			"handbook serve --watch")
		fs.boolFlag(&open, "open", "open the handbook in a browser (xdg-open)", "handbook serve --open")
		fs.boolFlag(&noFigures, "no-figures", "skip drawing the figures (faster rebuilds of a large handbook)",
			"handbook serve --watch --no-figures")
		var rf readerFlags
		rf.register(fs)
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		if ok, st := c.noArgs(env, fs); !ok {
			return st
		}
		ln, err := net.Listen("tcp", listenAddr(addr))
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook serve: cannot listen on %s: %v\n", listenAddr(addr), unwrapNet(err))
			return ExitUsage
		}
		defer ln.Close()
		ctx, stop := interruptible() // a second Ctrl+C ends the process at once, even mid-build
		defer stop()
		bopts, err := sf.options(env, env.Stderr)
		if err != nil {
			return exitFor(env, c.name, &build.UsageError{Err: err})
		}
		bopts.NoFigures = noFigures
		readers, err := rf.readers(ctx, env, sf.site, sf.audience)
		if err != nil {
			return exitFor(env, c.name, err)
		}
		if readers != nil && readers.Store != nil {
			defer readers.Store.Close()
		}
		sopts := serve.Options{Logger: bopts.Logger, Readers: readers}
		err = live.Run(ctx, ln, live.Options{
			Build: bopts, Serve: sopts, Watch: watching,
			Prebuilt: filepath.Join(sf.site, "public"), // where handbook build writes by default
			Stdout:   env.Stdout, Stderr: env.Stderr, PrintDiags: printDiags, Quiet: sf.quiet,
			OnServing: func() {
				url := "http://" + ln.Addr().String() + "/"
				announce(env, url, sf.audience, watching)
				if readers != nil {
					fmt.Fprintf(env.Stdout, "Readers: signed in through the proxy at %s; editions %s\n", rf.trusted, strings.Join(sopts.Editions(), ", "))
				}
				if open {
					openBrowser(env, url)
				}
			},
		})
		if err != nil {
			return exitFor(env, c.name, err)
		}
		fmt.Fprintln(env.Stdout, "Stopped.")
		return ExitOK
	}
	return c
}

// listenAddr completes an address without a host to loopback: the
// handbook is served to this machine unless a host is named.
func listenAddr(a string) string {
	if strings.HasPrefix(a, ":") {
		return "127.0.0.1" + a
	}
	if !strings.Contains(a, ":") {
		return "127.0.0.1:" + a
	}
	return a
}

func announce(env *Env, url, audience string, watching bool) {
	fmt.Fprintf(env.Stdout, "Serving the handbook at %s (press Ctrl+C to stop)\n", url)
	if host, _, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")); err == nil {
		if ip := net.ParseIP(host); ip != nil && !ip.IsLoopback() {
			fmt.Fprintf(env.Stderr, "handbook serve: note: listening on %s, not on loopback: other machines can read this handbook\n", host)
		}
	}
	if audience == "" {
		fmt.Fprintln(env.Stdout, "Audience: all documents (no --audience)")
	} else {
		fmt.Fprintf(env.Stdout, "Audience: %s\n", audience)
	}
	if watching {
		fmt.Fprintf(env.Stdout, "Watching %s and %s: pages reload after each rebuild\n", strings.Join(watch.Trees, "/, ")+"/", watch.ConfigFile)
	} else {
		fmt.Fprintln(env.Stdout, "Not watching for changes (add --watch to rebuild on save)")
	}
}

// openBrowser opens url with the desktop's opener, or says why it cannot.
func openBrowser(env *Env, url string) {
	opener := "xdg-open"
	if runtime.GOOS == "darwin" {
		opener = "open"
	}
	path, err := exec.LookPath(opener)
	if err != nil {
		fmt.Fprintf(env.Stderr, "handbook serve: --open: no browser opener here (%s not found); open %s yourself\n", opener, url)
		return
	}
	cmd := exec.Command(path, url)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(env.Stderr, "handbook serve: --open: %s failed: %v; open %s yourself\n", opener, err, url)
		return
	}
	go func() { _ = cmd.Wait() }() // reap it; a failed opener is not our failure
}

func unwrapNet(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return errors.New("the port is already in use (choose another with --addr, or --addr :0 for a free one)")
		}
		return op.Err
	}
	return err
}
