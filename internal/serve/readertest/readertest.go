// Package readertest serves a small site behind a test "proxy" with
// single sign-on and acknowledgements on, for the tests of serve and the
// browser tests.
package readertest

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handbook/internal/acks"
	"handbook/internal/acks/acktest"
	"handbook/internal/build"
	"handbook/internal/config"
	"handbook/internal/identity"
	"handbook/internal/search/web"
	"handbook/internal/serve"
	"handbook/internal/sitetest"
)

// Canary is text only the managers' edition may hold.
const Canary = "CANARY-7f3a9c"

// ReadersSite writes the shared fixture readers: a policy that asks for
// acknowledgement, visible to staff, a confidential procedure only
// managers read (holding Canary), and a roster of two readers: ana
// (staff) and max (it-managers). extra more policies (SMS-POL-101 ...)
// ask for acknowledgement too.
func ReadersSite(t testing.TB, extra int) string {
	t.Helper()
	files := sitetest.Files(t, sitetest.Shared(t, "readers"))
	if !strings.Contains(files["content/secret.md"], Canary) {
		t.Fatalf("the readers fixture's confidential procedure lacks the canary %s", Canary)
	}
	for i := range extra {
		id := fmt.Sprintf("SMS-POL-%03d", 101+i)
		files["content/extra/"+id+".md"] = extraPolicy(id, fmt.Sprintf("Topic Policy %d", 101+i))
	}
	return sitetest.New(t, files)
}

// extraPolicy is an internal policy that asks for acknowledgement, as the
// fixture's own.
func extraPolicy(id, title string) string {
	return "---\nid: " + id + "\ntitle: " + title + "\ntype: policy\nversion: \"3.0\"\nstatus: approved\n" +
		"owner: Service Manager\napprover: CEO\napproved: 2026-01-01\nreview: 2027-11-01\nclauses: [\"5.2\"]\n" +
		"classification: internal\n---\n\n## Scope\n\nA policy.\n"
}

// Server is a running test server.
type Server struct {
	URL   string
	Store *acks.Store // nil without readers
}

// StartReaders builds every edition of the site and serves it behind a
// "proxy" at 127.0.0.1 (the test's own requests).
func StartReaders(t testing.TB, site string, b acktest.Backend) *Server {
	return start(t, site, &b)
}

// StartAnonymous serves the site's one edition without single sign-on,
// for comparisons.
func StartAnonymous(t testing.TB, site string) *Server { return start(t, site, nil) }

func start(t testing.TB, site string, b *acktest.Backend) *Server {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Load(site)
	if err != nil {
		t.Fatal(err)
	}
	var opts serve.Options
	if b != nil {
		opts.Readers = readers(t, site, cfg, *b)
	}
	srv := serve.New(opts)
	for _, aud := range opts.Editions() {
		out := filepath.Join(t.TempDir(), "public")
		if _, _, err := build.Full(ctx, build.Options{Site: site, Out: out, Audience: aud, NoFigures: true, Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatalf("building %s: %v", aud, err)
		}
		sh, closer, err := web.OpenHandler(out)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { closer.Close() })
		if err := srv.Publish(serve.Site{Dir: out, Audience: aud, Search: sh}); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done; srv.Close() })
	out := &Server{URL: "http://" + ln.Addr().String()}
	if opts.Readers != nil {
		out.Store = opts.Readers.Store
	}
	return out
}

// readers opens the backend's store and reads the site's roster.
func readers(t testing.TB, site string, cfg *config.Config, b acktest.Backend) *serve.Readers {
	t.Helper()
	store, err := acks.Open(context.Background(), b.DSN, b.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	roster, err := os.ReadFile(filepath.Join(site, acks.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	list, err := acks.ReadRoster(acks.RosterFile, roster)
	if err != nil {
		t.Fatal(err)
	}
	return &serve.Readers{Config: cfg, Store: store, Roster: list,
		Proxy: identity.Proxy{Trusted: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}}
}
