package cli

import (
	"context"
	"errors"
	"fmt"
	"handbook/internal/build"
	"handbook/internal/search"
	"handbook/internal/serve"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

func serveCommand() *command {
	c := &command{
		name:    "serve",
		summary: "Build the handbook and serve it with search at http://127.0.0.1:8080",
		usage:   "handbook serve [-s SITE] [--addr 127.0.0.1:8080] [--audience NAME] [--watch] [--open]",
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
		addr := fs.String("addr", "127.0.0.1:8080", "the `address` to listen on (host:port; :0 picks a free port)")
		fs.StringVar(&sf.audience, "audience", "", "serve the edition for one audience `name`")
		watch := fs.Bool("watch", false, "rebuild when content, layouts or static files change, and reload open pages")
		_ = fs.Bool("open", false, "open the handbook in a browser")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		_ = watch
		a := *addr
		if strings.HasPrefix(a, ":") {
			a = "127.0.0.1" + a
		}
		tmp, err := os.MkdirTemp("", "handbook-serve-")
		if err != nil {
			return exitFor(env, c.name, err)
		}
		defer os.RemoveAll(tmp)
		out := filepath.Join(tmp, "public")
		res, err := build.Build(context.Background(), build.Options{Site: sf.site, Out: out, Audience: sf.audience, Logger: sf.logger(env)})
		if res != nil {
			printDiags(env.Stderr, res.Diags, sf.quiet)
		}
		if err != nil {
			return exitFor(env, c.name, err)
		}
		ln, err := net.Listen("tcp", a)
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook serve: cannot listen on %s: %v\n", a, unwrapNet(err))
			return ExitUsage
		}
		fmt.Fprintf(env.Stdout, "Serving the handbook at http://%s/ (press Ctrl+C to stop)\n", ln.Addr())
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		sh, closer, err := search.OpenHandler(out)
		if err != nil {
			return exitFor(env, c.name, err)
		}
		defer closer.Close()
		srv := &serve.Server{Dir: out, Search: sh}
		if err := srv.Serve(ctx, ln); err != nil {
			return exitFor(env, c.name, err)
		}
		return ExitOK
	}
	return c
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
