package config

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"handbook/internal/suggest"
)

// Home is the home page's configuration (handbook.yaml home:).
type Home struct {
	// Tasks are the "common tasks" the home page lists first. Empty: the
	// build derives them from the content (the procedures most linked to).
	Tasks []Task `yaml:"tasks"`
}

// Task is one common task: a title and a link to a document by id, with an
// optional anchor ("SMS-PROC-004#raise-major-incident"). The build checks
// the link as it checks links in documents.
type Task struct {
	Title string `yaml:"title"`
	Link  string `yaml:"link"`
	Line  int    `yaml:"-"` // the line of the entry in handbook.yaml
}

var taskKeys = []string{"title", "link"}

// UnmarshalYAML decodes a task, keeping its line and refusing unknown keys.
// The errors carry yaml.v3's "line N: " prefix, which YAMLError reads.
func (t *Task) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: home.tasks: each task is a mapping {title: ..., link: ...}", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(taskKeys, k.Value) {
			return fmt.Errorf("line %d: home.tasks: unknown key %q (known: %s)%s", k.Line, k.Value, strings.Join(taskKeys, ", "), suggest.Hint(k.Value, taskKeys))
		}
	}
	type plain Task
	if err := n.Decode((*plain)(t)); err != nil {
		return err
	}
	t.Line = n.Line
	return nil
}

// ID and Anchor split the task's link at "#".
func (t Task) ID() string     { id, _, _ := strings.Cut(t.Link, "#"); return id }
func (t Task) Anchor() string { _, a, _ := strings.Cut(t.Link, "#"); return a }

// checkHome reports tasks without a title or link, at their lines; whether
// a link names a document (and anchor) is the build's to check.
func (c *Config) checkHome(lines map[string]int, bad func(key, format string, args ...any)) {
	for _, key := range slices.Sorted(maps.Keys(lines)) {
		if sub, ok := strings.CutPrefix(key, "home."); ok && sub != "tasks" {
			bad(key, "home: unknown key %q (known: tasks)", sub)
		}
	}
	for i, t := range c.Home.Tasks {
		key := fmt.Sprintf("home.tasks.%d", i)
		lines[key] = t.Line
		switch {
		case t.Line == 0: // not decoded: its decoding error says why
		case strings.TrimSpace(t.Title) == "":
			bad(key, "home.tasks: entry %d has no title", i+1)
		case strings.TrimSpace(t.ID()) == "":
			bad(key, "home.tasks: %q has no link (a document id, with an optional #anchor)", t.Title)
		}
	}
}

// EditLink is the address where the source of the document at path
// (relative to the site folder: "content/procedures/x.md") is edited, or "" when edit_url is not set.
func (c *Config) EditLink(path string) string {
	if c.EditURL == "" {
		return ""
	}
	return strings.ReplaceAll(c.EditURL, "{path}", path)
}

// editURLProblem says what is wrong with edit_url, or returns "".
func editURLProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case s == "":
		return ""
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "must be an http or https URL"
	case !strings.Contains(s, "{path}"):
		return "must contain {path}, the path of the document's file in the site folder"
	}
	return ""
}
