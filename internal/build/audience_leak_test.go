package build_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// canary marks everything of the restricted document: it is in its title,
// headings, body, tags, owner and history. It is one lower-case word, so
// that a search index keeps it whole.
const canary = "qzcanaryx"

// canaryID is the restricted document's id.
const canaryID = "SMS-REC-900"

// leakSite writes the shared fixture audience-leak: documents of every
// classification around the restricted canaryID, each reaching it in a
// different way (links of every form, a parent, related, a shared clause,
// a shared tag, a link back), everything of it marked with canary.
func leakSite(t *testing.T) string {
	return sitetest.FromTxtar(t, sitetest.Shared(t, "audience-leak"))
}

// TestAudienceLeaksNothing: a staff build has no byte of the restricted
// document in any output file (pages, log, feed, links.json, figures,
// static and server search indexes), and an auditors build has it.
func TestAudienceLeaksNothing(t *testing.T) {
	t.Parallel()
	site := leakSite(t)
	for _, tt := range []struct {
		audience string
		leaks    bool
	}{
		{"public", false},
		{"staff", false},
		{"managers", false},
		{"auditors", true},
		{"", true},
	} {
		t.Run("audience="+tt.audience, func(t *testing.T) {
			out := buildSite(t, site, build.Options{Audience: tt.audience})
			found := scanOutput(t, out, []string{canary, canaryID, strings.ToLower(canaryID)})
			if !tt.leaks {
				for _, f := range found {
					t.Errorf("%s: the restricted document reaches the %s build", f, tt.audience)
				}
				return
			}
			if len(found) == 0 {
				t.Errorf("the %q build does not contain the restricted document at all", tt.audience)
			}
			if !containsPrefix(found, "docs/sms-rec-900/index.html") {
				t.Errorf("the %q build lacks the restricted page; found in %v", tt.audience, found)
			}
		})
	}
}

func containsPrefix(found []string, prefix string) bool {
	for _, f := range found {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

// scanOutput returns "file: needle" for every needle found in any file
// under out, compared case-insensitively: raw bytes, the inflated bytes of
// gzip files, and the terms and stored fields of every bleve index.
func scanOutput(t *testing.T, out string, needles []string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(out, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(p, "index_meta.json")); err == nil {
				for _, n := range bleveContains(t, p, needles) {
					found = append(found, rel+" (bleve): "+n)
				}
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
		}
		if bytes.HasPrefix(b, []byte("PK\x03\x04")) { // log.xlsx: a zip of XML parts
			b = unzipAll(t, rel, b)
		}
		lower := bytes.ToLower(b)
		for _, n := range needles {
			if bytes.Contains(lower, []byte(strings.ToLower(n))) {
				found = append(found, rel+": "+n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// unzipAll returns the inflated contents of every file in a zip archive,
// one after the other.
func unzipAll(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var all []byte
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %s: %v", name, f.Name, err)
		}
		part, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %s: %v", name, f.Name, err)
		}
		all = append(all, part...)
	}
	return all
}

// bleveContains opens a bleve index read-only and lists the needles found
// in its term dictionaries (every field) or its stored fields, which the
// index keeps compressed on disk, out of reach of a byte scan.
func bleveContains(t *testing.T, dir string, needles []string) []string {
	t.Helper()
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
	if err != nil {
		t.Fatalf("opening the index %s: %v", dir, err)
	}
	defer idx.Close()
	hit := map[string]bool{}
	check := func(s string) {
		s = strings.ToLower(s)
		for _, n := range needles {
			if strings.Contains(s, strings.ToLower(n)) {
				hit[n] = true
			}
		}
	}
	fields, err := idx.Fields()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		dict, err := idx.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			e, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			check(e.Term)
		}
		dict.Close()
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false)
	req.Fields = []string{"*"}
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		check(h.ID)
		for _, v := range h.Fields {
			if s, ok := v.(string); ok {
				check(s)
			}
		}
	}
	var out []string
	for _, n := range needles {
		if hit[n] {
			out = append(out, n)
		}
	}
	return out
}
