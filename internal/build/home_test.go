package build_test

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// homeSite writes the shared fixture home-tasks (three procedures and a
// process, linked so that Gamma is the most referenced procedure, then
// Alpha) with config as its handbook.yaml.
func homeSite(t *testing.T, config string) string {
	files := sitetest.Files(t, sitetest.Shared(t, "home-tasks"))
	files["handbook.yaml"] = config
	return sitetest.New(t, files)
}

var taskRE = regexp.MustCompile(`<li><a href="([^"]*)"><span class="task-title">([^<]*)</span>`)

// homeTasks returns the common tasks of a built home page as "title -> href".
func homeTasks(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, m := range taskRE.FindAllStringSubmatch(readFile(t, filepath.Join(out, "index.html")), -1) {
		got = append(got, m[2]+" -> "+m[1])
	}
	return got
}

// TestHomeTasks: the home page lists handbook.yaml's tasks in order with
// their anchors; without them, the procedures most linked to, then by id,
// and documents of other types after every procedure.
func TestHomeTasks(t *testing.T) {
	out := buildSite(t, homeSite(t, "home:\n  tasks:\n    - {title: Raise one, link: \"SMS-PROC-001#raise\"}\n    - {title: Read Beta, link: SMS-PROC-002}\n"), build.Options{NoSearch: true, NoFigures: true})
	want := []string{"Raise one -> /docs/sms-proc-001/#raise", "Read Beta -> /docs/sms-proc-002/"}
	if got := homeTasks(t, out); !slices.Equal(got, want) {
		t.Errorf("configured tasks: %q, want %q", got, want)
	}
	out = buildSite(t, homeSite(t, "title: T\n"), build.Options{NoSearch: true, NoFigures: true})
	want = []string{
		"Gamma Procedure -> /docs/sms-proc-003/", "Alpha Procedure -> /docs/sms-proc-001/",
		"Beta Procedure -> /docs/sms-proc-002/", "Delta Process -> /docs/sms-prc-001/",
	}
	if got := homeTasks(t, out); !slices.Equal(got, want) {
		t.Errorf("default tasks: %q, want %q", got, want)
	}
}

// TestHomeTaskErrors: a task naming an unknown id or anchor is an error at
// its line of handbook.yaml, with a hint; all are reported at once.
func TestHomeTaskErrors(t *testing.T) {
	site := homeSite(t, "home:\n  tasks:\n    - {title: A, link: SMS-PROC-01}\n    - {title: B, link: \"SMS-PROC-001#rise\"}\n    - {title: C, link: SMS-PROC-009}\n")
	res, err := build.Build(context.Background(), build.Options{Site: site, Out: filepath.Join(t.TempDir(), "public"), Today: today, NoSearch: true, NoFigures: true})
	if err == nil {
		t.Fatal("a site whose home.tasks name unknown documents built")
	}
	got := errorMessages(res)
	want := []string{
		`handbook.yaml:3: home.tasks: link to unknown document id SMS-PROC-01 (did you mean "SMS-PROC-001"?)`,
		`handbook.yaml:4: link to unknown anchor #rise in SMS-PROC-001 (did you mean #raise?)`,
		`handbook.yaml:5: home.tasks: link to unknown document id SMS-PROC-009 (did you mean "SMS-PROC-001"?)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
	}
}
