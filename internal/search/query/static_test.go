package query

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handbook/internal/search/format"
	"handbook/internal/search/searchtest"
)

// TestStaticDeterministic writes the index twice: the static files are
// byte for byte the same.
func TestStaticDeterministic(t *testing.T) {
	a, b := searchtest.WriteFixture(t, searchtest.FixtureDocs()), searchtest.WriteFixture(t, searchtest.FixtureDocs())
	files := func(dir string) map[string]string {
		m := map[string]string{}
		root := filepath.Join(dir, "_search", format.StaticDir)
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				m[rel] = string(b)
			}
			return err
		})
		return m
	}
	fa, fb := files(a), files(b)
	if len(fa) < 10 {
		t.Fatalf("only %d static files", len(fa))
	}
	for k, v := range fa {
		if fb[k] != v {
			t.Errorf("%s differs between two writes", k)
		}
	}
}

// TestEmptyHandbook: no documents, an index all the same.
func TestEmptyHandbook(t *testing.T) {
	ix, err := Open(searchtest.WriteFixture(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), Request{Q: "incident"})
	if err != nil || res.Total != 0 {
		t.Errorf("%v, %v", res, err)
	}
}

// staticAnswer is what testdata/static.js prints for a request.
type staticAnswer struct {
	Response
	Approximate bool   `json:"approximate"`
	Bytes       int    `json:"bytes"`
	Error       string `json:"error"`
	QueryError  bool   `json:"query_error"`
}

// runStatic runs the browser's search (static/js/search.js) in Node on
// the static index of the output folder dir.
func runStatic(t testing.TB, dir string, reqs []Request) []staticAnswer {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the static search's ranking is not compared")
	}
	var in bytes.Buffer
	for _, r := range reqs {
		size := r.Size
		if size == 0 {
			size = format.DefaultSize
		}
		b, _ := json.Marshal(map[string]any{"q": r.Q, "type": r.Type, "clause": r.Clause, "from": r.From, "size": size, "group": r.Group, "exact": r.Exact})
		in.Write(append(b, '\n'))
	}
	cmd := exec.Command(node, "testdata/static.js", "../../../static/js/search.js", filepath.Join(dir, "_search", format.StaticDir))
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var answers []staticAnswer
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a staticAnswer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		answers = append(answers, a)
	}
	if len(answers) != len(reqs) {
		t.Fatalf("%d answers to %d requests\n%s", len(answers), len(reqs), stderr.String())
	}
	return answers
}

// TestStaticMatchesServer runs the same requests through the server's
// search and the browser's: the same hits in the same order, the same
// fragments, the same scores, the same errors.
func TestStaticMatchesServer(t *testing.T) {
	dir := searchtest.WriteFixture(t, searchtest.FixtureDocs())
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	reqs := []Request{
		{Q: "how do I raise a major incident"}, {Q: "who approves changes"}, {Q: "incidnet priority"}, {Q: "escal*"},
		{Q: "SMS-PROC-004"}, {Q: "8.6.1"}, {Q: `"major incident"`}, {Q: `"incident major"`}, {Q: `"service continuity plan"`}, {Q: `"outage" incident`},
		{Q: "incident", Type: "process"}, {Q: "change", Clause: "8.5"}, {Q: "incident service change", From: 2, Size: 3},
		{Q: "the manager's duty phone"}, {Q: "continuity plan"}, {Q: "zzyzx"},
		{Q: ""}, {Q: "*"}, {Q: "a*"}, {Q: "the"}, {Q: "incident", Type: "nope"}, {Q: "incident", Clause: "8.x"},
		{Q: strings.Repeat("x", format.MaxQueryBytes+1)},
	}
	for _, r := range slices.Clone(reqs) { // and each by document
		r.Group = GroupDocument
		reqs = append(reqs, r)
	}
	reqs = append(reqs, Request{Q: "Service Continuity Plan", Group: GroupDocument}, Request{Q: "sms-prc-005", Group: GroupDocument},
		Request{Q: "incident", Group: "page"}, Request{Q: "incidnet", Exact: true}, Request{Q: "Incidnet escalaton", Group: GroupDocument},
		Request{Q: "zzyzx incidnet", Type: "policy"}, Request{Q: "chnage"})
	assertStaticMatches(t, ix, dir, reqs)
}

// assertStaticMatches checks that the browser's search of the index in
// dir answers reqs as ix does.
func assertStaticMatches(t *testing.T, ix *Index, dir string, reqs []Request) {
	t.Helper()
	answers := runStatic(t, dir, reqs)
	for i, r := range reqs {
		a := answers[i]
		want, err := ix.Search(context.Background(), r)
		if err != nil {
			if !a.QueryError || a.Error != err.Error() {
				t.Errorf("%+v: the browser says %q (query error %v), the server %q", r, a.Error, a.QueryError, err)
			}
			continue
		}
		if a.Error != "" {
			t.Errorf("%+v: the browser fails: %s", r, a.Error)
			continue
		}
		if len(a.Hits) != len(want.Hits) || (!a.Approximate && a.Total != want.Total) {
			t.Errorf("%+v: the browser finds %d of %d, the server %d of %d", r, len(a.Hits), a.Total, len(want.Hits), want.Total)
			continue
		}
		for j, h := range a.Hits {
			w := want.Hits[j]
			if h.URL != w.URL || !slices.Equal(h.Fragments, w.Fragments) || math.Abs(h.Score-w.Score) > 1e-9*w.Score {
				t.Errorf("%+v: hit %d is %s %v %q in the browser, %s %v %q on the server", r, j, h.URL, h.Score, h.Fragments, w.URL, w.Score, w.Fragments)
			}
			if !slices.EqualFunc(h.Sections, w.Sections, func(a, b SectionHit) bool { return a.URL == b.URL && slices.Equal(a.Fragments, b.Fragments) }) {
				t.Errorf("%+v: hit %d has sections %+v in the browser, %+v on the server", r, j, h.Sections, w.Sections)
			}
		}
		if a.Corrected != want.Corrected || !slices.Equal(a.Suggestions, want.Suggestions) {
			t.Errorf("%+v: the browser says it searched %q (suggesting %v), the server %q (%v)", r, a.Corrected, a.Suggestions, want.Corrected, want.Suggestions)
		}
		if !a.Approximate && !equalFacets(a.Facets, want.Facets) {
			t.Errorf("%+v: facets %v in the browser, %v on the server", r, a.Facets, want.Facets)
		}
	}
}

func equalFacets(a, b map[string]map[string]int) bool {
	for _, k := range []string{"type", "clause"} {
		if len(a[k]) != len(b[k]) {
			return false
		}
		for n, c := range a[k] {
			if b[k][n] != c {
				return false
			}
		}
	}
	return true
}
