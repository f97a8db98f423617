package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/output"
	"handbook/internal/serve/servetest"
	"handbook/internal/sitetest"
)

// doc is alpha's source as the tests rewrite it, its body saying which
// version it is.
func doc(version string) string {
	return sitetest.Procedure("SMS-PROC-001", "Alpha Procedure", "internal", "Alpha body, "+version+".")
}

// alpha is the document the tests edit in the shared fixture
// served-procedures, whose body says "version one".
const alpha = "content/procedures/alpha.md"

// prebuiltSite writes the shared fixture served-procedures, built into
// SITE/public as handbook build leaves it, plus extra files.
func prebuiltSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	site := sitetest.FromTxtar(t, sitetest.Shared(t, "served-procedures"))
	if _, _, err := build.Full(context.Background(), build.Options{Site: site, Out: filepath.Join(site, "public")}); err != nil {
		t.Fatal(err)
	}
	sitetest.Write(t, site, extra)
	return site
}

// running is a Run in progress, on a free port.
type running struct {
	url     string
	serving chan struct{} // closed when Run calls OnServing
	done    chan struct{} // closed when Run returns
	err     error         // what Run returned, once done
	stop    context.CancelFunc
	stdout  servetest.Buffer // what Run printed
}

// start runs Run on site with opts (Build.Site and the reporting set
// here). full, if set, replaces build.Full.
func start(t *testing.T, site string, opts Options) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{url: "http://" + ln.Addr().String() + "/", serving: make(chan struct{}), done: make(chan struct{}), stop: cancel}
	opts.Build.Site, opts.Prebuilt = site, filepath.Join(site, "public")
	opts.Stdout, opts.Stderr, opts.PrintDiags = &r.stdout, io.Discard, printDiags
	onServing := opts.OnServing
	opts.OnServing = func() {
		if onServing != nil {
			onServing()
		}
		close(r.serving)
	}
	go func() {
		r.err = Run(ctx, ln, opts)
		close(r.done)
	}()
	t.Cleanup(func() {
		cancel()
		_ = r.wait(t)
	})
	return r
}

// wait returns what Run returned, failing the test if it does not return
// within servetest.WaitBound.
func (r *running) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-r.done:
		return r.err
	case <-time.After(servetest.WaitBound):
		t.Errorf("Run did not return within %v", servetest.WaitBound)
		return nil
	}
}

func printDiags(w io.Writer, list *diag.List, _ bool) {
	for _, d := range list.All() {
		fmt.Fprintln(w, d)
	}
}

// waitServing waits until the server answers, or fails the test.
func (r *running) waitServing(t *testing.T) {
	t.Helper()
	select {
	case <-r.serving:
	case <-r.done:
		t.Fatalf("Run returned before serving: %v", r.err)
	case <-time.After(servetest.WaitBound):
		t.Fatalf("the server did not start answering within %v", servetest.WaitBound)
	}
}

func (r *running) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(r.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// gated is a build.Full that waits until gate is closed: a slow build.
func gated(gate <-chan struct{}) func(context.Context, build.Options) (*build.Incremental, *build.Result, error) {
	return func(ctx context.Context, o build.Options) (*build.Incremental, *build.Result, error) {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
		return build.Full(ctx, o)
	}
}

// TestAnswersFromLastBuildWhileBuilding: with an output of handbook build
// in SITE/public, the server answers from it while its first build runs
// (here held until the test lets it go), then from that build, and leaves
// SITE/public as it was. In watch mode, a body edit saved after that
// build is applied and found by the search.
func TestAnswersFromLastBuildWhileBuilding(t *testing.T) {
	t.Parallel()
	for _, watching := range []bool{false, true} {
		t.Run(fmt.Sprintf("watch=%v", watching), func(t *testing.T) {
			t.Parallel()
			site := prebuiltSite(t, map[string]string{alpha: doc("version two")})
			gate := make(chan struct{})
			r := start(t, site, Options{Watch: watching, full: gated(gate)})
			r.waitServing(t)
			if status, page := r.get(t, "docs/sms-proc-001/"); status != 200 || !strings.Contains(page, "version one") {
				t.Errorf("before the first build finished: %d, want 200 from the last build\n%.300s", status, page)
			}
			if status, hits := r.get(t, "api/search?q=alpha"); status != 200 || !strings.Contains(hits, "SMS-PROC-001") {
				t.Errorf("the last build's search: %d %.300s", status, hits)
			}
			close(gate)
			servetest.WaitFor(t, "the first build to replace the last one", func() bool {
				_, page := r.get(t, "docs/sms-proc-001/")
				return strings.Contains(page, "version two")
			})
			if watching {
				sitetest.Write(t, site, map[string]string{alpha: doc("version three, with zanzibar")})
				servetest.WaitFor(t, "the edit to be served and found", func() bool {
					_, page := r.get(t, "docs/sms-proc-001/")
					_, hits := r.get(t, "api/search?q=zanzibar")
					return strings.Contains(page, "version three") && strings.Contains(hits, "SMS-PROC-001")
				})
				if out := r.stdout.String(); !strings.Contains(out, "Rebuilt SMS-PROC-001 in") {
					t.Errorf("the body edit was not applied incrementally:\n%s", out)
				}
			}
			r.stop()
			if err := r.wait(t); err != nil {
				t.Errorf("Run: %v", err)
			}
			if _, err := os.Stat(filepath.Join(site, "public", output.Marker)); err != nil {
				t.Errorf("SITE/public was not left alone: %v", err)
			}
		})
	}
}

// TestWithdrawsLastBuildWhenFirstBuildFails: a last build is not served
// once the first build shows the content has errors (it is not known to
// be current): in watch mode the server answers 503 and goes on; without,
// Run returns the build's error.
func TestWithdrawsLastBuildWhenFirstBuildFails(t *testing.T) {
	t.Parallel()
	broken := map[string]string{alpha: "---\nid: SMS-PROC-001\ntitle: [unclosed\n---\nbody\n"}
	for _, watching := range []bool{true, false} {
		t.Run(fmt.Sprintf("watch=%v", watching), func(t *testing.T) {
			t.Parallel()
			gate := make(chan struct{})
			r := start(t, prebuiltSite(t, broken), Options{Watch: watching, full: gated(gate)})
			r.waitServing(t)
			if status, _ := r.get(t, "docs/sms-proc-001/"); status != 200 {
				t.Errorf("before the first build finished: %d, want 200 from the last build", status)
			}
			close(gate)
			if !watching {
				if err := r.wait(t); !errors.Is(err, build.ErrContent) {
					t.Errorf("Run after a failed first build: %v, want content errors", err)
				}
				return
			}
			servetest.WaitFor(t, "the last build to be withdrawn", func() bool {
				status, _ := r.get(t, "docs/sms-proc-001/")
				return status == http.StatusServiceUnavailable
			})
		})
	}
}

// TestPrebuiltOnlyForTheSameEdition: a last build is answered from only
// when it can be the served edition: written by handbook build, for every
// document, at base URL "/". Otherwise the server answers after its own
// first build (OnServing comes after the build).
func TestPrebuiltOnlyForTheSameEdition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		extra    map[string]string
		audience string
		early    bool // answers before its own build
	}{
		{"a build of every document", nil, "", true},
		{"serving one audience", nil, "staff", false},
		{"another base URL", map[string]string{"handbook.yaml": "base_url: /handbook/\n"}, "", false},
		{"no marker", map[string]string{"public/.handbook-output": ""}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			site := prebuiltSite(t, tt.extra)
			if tt.name == "no marker" {
				if err := os.Remove(filepath.Join(site, "public", output.Marker)); err != nil {
					t.Fatal(err)
				}
			}
			var built, early atomic.Bool
			full := func(ctx context.Context, o build.Options) (*build.Incremental, *build.Result, error) {
				defer built.Store(true)
				return build.Full(ctx, o)
			}
			r := start(t, site, Options{Build: build.Options{Audience: tt.audience}, full: full,
				OnServing: func() { early.Store(!built.Load()) }})
			r.waitServing(t)
			if early.Load() != tt.early {
				t.Errorf("answered before its own build: %v, want %v", early.Load(), tt.early)
			}
		})
	}
}
