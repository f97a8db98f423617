package build_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handbook/internal/build"
	"handbook/internal/register"
	"handbook/internal/register/xlsxtest"
	"handbook/internal/sitetest"
)

// TestRepositoryLogXLSX: /log.xlsx of the repository's handbook has a row
// for every row of /log.json, in the same order, dated by the build's date.
func TestRepositoryLogXLSX(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	out := buildSite(t, repoSite, build.Options{NoSearch: true, Today: today})
	var rows []register.Row
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "log.json"))), &rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "log.xlsx"))
	if err != nil {
		t.Fatalf("log.xlsx does not open: %v", err)
	}
	defer f.Close()
	got, err := f.GetRows(register.LogSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows)+1 || len(rows) != 44 {
		t.Fatalf("log.xlsx has %d rows, log.json %d documents; want a header and 44", len(got), len(rows))
	}
	for i, r := range rows {
		if got[i+1][0] != r.ID || got[i+1][8] != r.NextReview {
			t.Errorf("row %d: %s reviewed %s; log.json has %s reviewed %s", i+2, got[i+1][0], got[i+1][8], r.ID, r.NextReview)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Modified != "2026-07-01T00:00:00Z" {
		t.Errorf("document properties %+v (%v); want modified on the build's date", props, err)
	}
}

var updateLogXLSX = flag.Bool("update-log-xlsx", false, "rewrite testdata/repository_log_xlsx.golden from the current log.xlsx")

// TestRepositoryLogXLSXContent pins the content of the repository
// handbook's /log.xlsx — every cell's kind, value and style, and each
// sheet's panes, filter, widths and conditional format (xlsxtest.Dump) —
// in testdata/repository_log_xlsx.golden, so that a change to how the
// workbook is written cannot change what a reader finds in it. A change
// of the handbook's documents changes it too: -update-log-xlsx rewrites it.
func TestRepositoryLogXLSXContent(t *testing.T) {
	out := buildSite(t, repoSite, build.Options{NoSearch: true, NoFigures: true})
	b, err := os.ReadFile(filepath.Join(out, "log.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	dump, err := xlsxtest.Dump(b)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.Golden(t, "testdata/repository_log_xlsx.golden", []byte(dump), *updateLogXLSX)
}
