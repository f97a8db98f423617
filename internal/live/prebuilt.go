package live

import (
	"fmt"
	"os"
	"path/filepath"

	"handbook/internal/config"
	"handbook/internal/output"
	"handbook/internal/search"
	"handbook/internal/serve"
)

// publishPrebuilt publishes the output folder dir, built earlier by
// `handbook build`, when it is a build of the one edition served (see
// Options.Prebuilt), and reports whether it did. The folder is only read:
// its release closes its search index and leaves the folder alone.
func (e editions) publishPrebuilt(dir string) bool {
	if dir == "" || len(e) != 1 || !e[0].servesPrebuilt(dir) {
		return false
	}
	p := e[0]
	sh, closer, err := search.OpenHandler(dir)
	if err != nil {
		p.opts.Logger.Debug("not answering from the last build", "folder", dir, "reason", err)
		return false
	}
	release := func() { _ = closer.Close() }
	if err := p.srv.Publish(serve.Site{Dir: dir, Audience: p.audience, Search: sh, Release: release}); err != nil {
		release()
		return false
	}
	p.prebuilt = true
	fmt.Fprintf(p.run.Stdout, "Answering from the last build in %s while building afresh\n", dir)
	return true
}

// servesPrebuilt reports whether the output folder dir was written by
// handbook build for what p publishes: every document (no audience, no
// single sign-on) at handbook.yaml's base URL, which is "/". A build made
// with other flags (--audience, --base-url) is not told apart: it is
// answered from only until the first build replaces it.
func (p *publisher) servesPrebuilt(dir string) bool {
	if p.run.Serve.Readers != nil || p.opts.Audience != "" {
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, output.Marker)); err != nil {
		return false
	}
	cfg, err := config.Load(p.opts.Site)
	return err == nil && cfg.BaseURL == "/"
}

// withdraw stops answering from the prebuilt output after the first
// build failed: its content is not known to be current. The server
// answers 503 until a build succeeds.
func (p *publisher) withdraw() {
	if p.prebuilt {
		p.prebuilt = false
		_ = p.srv.Publish(serve.Site{Audience: p.audience})
	}
}
