package control

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"handbook/internal/diag"
	"handbook/internal/load"
	"handbook/internal/site"
)

// past is a document as it was at the reference revision.
type past struct {
	doc *site.Document
	raw []byte
}

// Since compares the site's documents with the same files at the git
// revision ref (a commit, branch or tag of the repository holding the
// site, read with go-git; no git program is needed) and reports the
// changes clause 7.5.3 controls:
//   - a document whose file changed without a higher version and a new
//     history entry;
//   - a change of what versioning.major_when names without a new major version;
//   - a document removed instead of retired;
//   - an id that now names a document of another title (a rename is
//     accepted when a new history entry names the old title).
//
// The error is for a repository or revision that cannot be read.
func Since(s *site.Site, ref string) ([]*diag.Diagnostic, error) {
	before, err := readPast(s, ref)
	if err != nil {
		return nil, err
	}
	var out []*diag.Diagnostic
	for _, id := range slices.Sorted(maps.Keys(before)) {
		old := before[id]
		d, ok := s.ByID[id]
		if !ok {
			if !s.Unreadable[id] {
				out = append(out, diag.Warnf(old.doc.Path, old.doc.Line("id"), "%s (%s) was removed since %s: a document leaves the handbook with status: retired, keeping its number and record", id, old.doc.Meta.Title, ref))
			}
			continue
		}
		raw, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(d.Path)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Path, err)
		}
		out = append(out, compare(s, ref, old, d, raw)...)
	}
	return out, nil
}

// compare checks one document against its past self.
func compare(s *site.Site, ref string, old past, d *site.Document, raw []byte) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	warn := func(key, format string, args ...any) {
		out = append(out, diag.Warnf(d.Path, d.Line(key), format, args...))
	}
	was, now := old.doc.Meta, d.Meta
	added := newEntries(was.History, now.History)
	if !strings.EqualFold(was.Title, now.Title) && !renamed(added, was.Title) {
		warn("title", "%s was %q at %s: a number names one document for life; give this document a new number, or record the rename in a new history entry that names the old title", now.ID, was.Title, ref)
	}
	if string(old.raw) == string(raw) {
		return out
	}
	switch {
	case compareVersions(now.Version, was.Version) <= 0:
		warn("version", "changed since %s without a new version (still %s): issue it as a new version with a history entry", ref, now.Version)
	case len(added) == 0:
		warn("history", "version %s since %s has no new history entry saying what changed", now.Version, ref)
	}
	if major(now.Version) == major(was.Version) && compareVersions(now.Version, was.Version) > 0 {
		if what := majorChanges(s.Config.Versioning.MajorWhen, old.doc, d); len(what) > 0 {
			warn("version", "%s changed since %s, which the versioning rule (versioning.major_when) makes a major change: issue %s.0, not %s", strings.Join(what, " and "), ref, nextMajor(was.Version), now.Version)
		}
	}
	return out
}

// newEntries are the history entries whose version the old history lacks.
func newEntries(was, now []site.Revision) []site.Revision {
	var out []site.Revision
	for _, r := range now {
		if !slices.ContainsFunc(was, func(o site.Revision) bool { return o.Version == r.Version }) {
			out = append(out, r)
		}
	}
	return out
}

func renamed(added []site.Revision, oldTitle string) bool {
	return slices.ContainsFunc(added, func(r site.Revision) bool {
		return strings.Contains(strings.ToLower(r.Summary), strings.ToLower(oldTitle))
	})
}

func nextMajor(v string) string {
	var n int
	if _, err := fmt.Sscanf(major(v), "%d", &n); err != nil {
		return major(v) + "+1"
	}
	return fmt.Sprint(n + 1)
}

var stepRE = regexp.MustCompile(`^\s*\d+[.)]\s+(.*)$`)

// majorChanges names the kinds of major_when that differ between the two
// versions of a document.
func majorChanges(kinds []string, was, now *site.Document) []string {
	var out []string
	for _, k := range kinds {
		var same bool
		switch k {
		case "clauses":
			same = slices.Equal(sorted(was.Meta.Clauses), sorted(now.Meta.Clauses))
		case "roles":
			same = slices.Equal(roleNames(was), roleNames(now))
		case "steps":
			same = slices.Equal(steps(was.Body), steps(now.Body))
		default:
			same = true
		}
		if !same {
			out = append(out, k)
		}
	}
	return out
}

func sorted(xs []string) []string {
	return slices.Sorted(slices.Values(xs))
}

func roleNames(d *site.Document) []string {
	var names []string
	for _, r := range SectionRoles(d.Body, d.BodyLine) {
		names = append(names, roleKey(r.Name))
	}
	return slices.Compact(sorted(names))
}

// steps are the numbered list items of a body, in order.
func steps(body []byte) []string {
	var out []string
	for _, line := range prose(strings.Split(string(body), "\n")) {
		if m := stepRE.FindStringSubmatch(line); m != nil {
			out = append(out, strings.Join(strings.Fields(m[1]), " "))
		}
	}
	return out
}

// readPast parses the site's documents as they were at ref, by id.
func readPast(s *site.Site, ref string) (map[string]past, error) {
	dir, err := filepath.Abs(s.Dir)
	if err != nil {
		return nil, err
	}
	// EnableDotGitCommonDir: a linked worktree (git worktree add) reads its
	// objects from the main repository.
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("--since: %s is not in a git repository: %w", s.Dir, err)
	}
	hash, err := repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return nil, fmt.Errorf("--since %s: %w", ref, err)
	}
	commit, err := repo.CommitObject(*hash)
	if err != nil {
		return nil, fmt.Errorf("--since %s: %w", ref, err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("--since %s: %w", ref, err)
	}
	prefix, err := sitePrefix(repo, dir)
	if err != nil {
		return nil, err
	}
	out := map[string]past{}
	content, err := tree.Tree(path.Join(prefix, load.ContentDir))
	if errors.Is(err, object.ErrDirectoryNotFound) {
		return out, nil // no content then: every document is new
	}
	if err != nil {
		return nil, fmt.Errorf("--since %s: %w", ref, err)
	}
	err = content.Files().ForEach(func(f *object.File) error {
		if !isDocument(f.Name) {
			return nil
		}
		data, err := f.Contents()
		if err != nil {
			return err
		}
		d, _ := load.Parse(load.ContentDir+"/"+f.Name, []byte(data), s.Config.ExtraFields)
		if d != nil && d.Meta.ID != "" {
			if _, dup := out[d.Meta.ID]; !dup {
				out[d.Meta.ID] = past{doc: d, raw: []byte(data)}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("--since %s: %w", ref, err)
	}
	return out, nil
}

// sitePrefix is the site folder's slash path inside the repository.
func sitePrefix(repo *git.Repository, dir string) (string, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return "", fmt.Errorf("--since: %w", err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return "", err
	}
	if dir, err = filepath.EvalSymlinks(dir); err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}

// isDocument says whether a path under content/ is a document, as the
// loader decides: a .md file, not in _data, no part starting with ".".
func isDocument(name string) bool {
	parts := strings.Split(name, "/")
	if parts[0] == load.DataDir && len(parts) > 1 {
		return false
	}
	for _, p := range parts {
		if strings.HasPrefix(p, ".") {
			return false
		}
	}
	return strings.EqualFold(path.Ext(name), ".md")
}
