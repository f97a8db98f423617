package build_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// fuzzSiteFiles places FuzzSite's inputs in a site.
func fuzzSiteFiles(cfg, scope, a, b string) map[string]string {
	return map[string]string{"handbook.yaml": cfg, "content/_data/scope.yaml": scope, "content/a.md": a, "content/sub/b.md": b}
}

// FuzzSite runs the whole pipeline on a small site made of fuzz bytes: a
// handbook.yaml, a scope model and two documents. Check and build never
// panic, a failed build says why, and every diagnostic names a file of the
// site (or none) and a line that file has. The first seed builds without a
// problem (TestFuzzSiteSeedBuilds); the others are it with other line
// breaks and a few broken sites; go test -fuzz=FuzzSite explores further.
func FuzzSite(f *testing.F) {
	seed := [][]byte{[]byte(fuzzConfig), []byte(fuzzScope), []byte(fuzzPolicy), []byte(fuzzProcedure)}
	f.Add(seed[0], seed[1], seed[2], seed[3])
	for _, nl := range []string{"\r\n", "\r"} {
		var s [4][]byte
		for i, b := range seed {
			s[i] = []byte(strings.ReplaceAll(string(b), "\n", nl))
		}
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Add([]byte("title: [\n"), []byte("groups: 1\n"), []byte("---\nid: X\n---\n[a](X#b) [[Y]]\n"), []byte("+++\n"))
	f.Add([]byte(""), []byte(""), []byte("---\n0: \"0\r0000\n---"), []byte("{\n\"id\": 1\n}\n"))
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, cfg, scope, a, b []byte) {
		dir := sitetest.New(t, fuzzSiteFiles(string(cfg), string(scope), string(a), string(b)))
		opts := build.Options{Site: dir, Out: filepath.Join(t.TempDir(), "public"), Today: today}
		res, _, err := build.Check(context.Background(), opts)
		checkDiagnostics(t, dir, res, err)
		res, err = build.Build(context.Background(), opts)
		checkDiagnostics(t, dir, res, err)
	})
}

// checkDiagnostics fails unless each diagnostic of res names a site file
// and a line that file has, and a failure with content errors lists them.
func checkDiagnostics(t *testing.T, dir string, res *build.Result, err error) {
	t.Helper()
	if res == nil || res.Diags == nil {
		if err == nil {
			t.Fatal("no result and no error")
		}
		return
	}
	ds := res.Diags.All()
	if errors.Is(err, build.ErrContent) && len(ds) == 0 {
		t.Fatal("content errors, but no diagnostic says which")
	}
	for _, d := range ds {
		if d.Msg == "" || d.Line < 0 {
			t.Fatalf("diagnostic %q", d.Error())
		}
		if d.Line == 0 {
			continue
		}
		src, rerr := os.ReadFile(filepath.Join(dir, filepath.FromSlash(d.Path)))
		if rerr != nil {
			t.Fatalf("diagnostic %q: line %d of a file that is not there: %v", d.Error(), d.Line, rerr)
		}
		if n := diag.LineCount(src); d.Line > n {
			t.Fatalf("diagnostic %q: line %d of a file of %d lines", d.Error(), d.Line, n)
		}
	}
}

// The seed site: a configuration, a scope model, and a policy and a
// procedure that link to each other, with a figure, an anchor, a mention
// and a replaced placeholder: every step has something to do.
const (
	fuzzConfig = `title: Fuzz handbook
organisation: Example Ltd
placeholders:
  "[Organization Name]": "Example Ltd"
audiences:
  staff: internal
`
	fuzzScope = `title: Scope
system: Service management system
groups:
  - name: Operation
    clause: "8"
    row: 1
    processes:
      - {name: Incident management, clauses: ["8.6.1"]}
`
	fuzzPolicy = `---
id: SMS-POL-001
title: Service Management Policy
type: policy
version: "1.0"
status: approved
owner: Service Manager
approver: Chief Executive
approved: 2026-01-10
review: 2027-01-10
clauses: ["5.2"]
related: [SMS-PROC-001]
history:
  - {version: "1.0", date: 2026-01-10, author: Service Manager, summary: First issue}
---
## Scope

[Organization Name] follows the Incident Procedure ([steps](SMS-PROC-001#steps)).

{{< figure scope >}}

{{< figure structure >}}
`
	fuzzProcedure = `+++
id = "SMS-PROC-001"
title = "Incident Procedure"
type = "procedure"
version = "1.0"
status = "approved"
owner = "Incident Manager"
approver = "Service Manager"
approved = 2026-02-01
review = 2027-02-01
clauses = ["8.6.1"]
parent = "SMS-POL-001"
classification = "internal"
+++
## Steps

1. Record it in [[SMS-POL-001]].
2. See the [policy](../a.md).

{{< log >}}
`
)

// TestFuzzSiteSeedBuilds: the first seed of FuzzSite is a site without
// problems, so that fuzzing starts from a build that runs every step.
func TestFuzzSiteSeedBuilds(t *testing.T) {
	dir := sitetest.New(t, fuzzSiteFiles(fuzzConfig, fuzzScope, fuzzPolicy, fuzzProcedure))
	res, err := build.Build(context.Background(), build.Options{Site: dir, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(res.Diags.All()) > 0 {
		var msgs []string
		for _, d := range res.Diags.All() {
			msgs = append(msgs, d.Error())
		}
		t.Fatalf("%v\n%s", err, strings.Join(msgs, "\n"))
	}
	if res.Stats.Documents != 2 || res.Stats.Figures == 0 {
		t.Errorf("stats %+v: want 2 documents and the figures", res.Stats)
	}
}
