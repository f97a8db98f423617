// Package config reads handbook.yaml, the site configuration. Every key is
// optional; Default gives a working site.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"handbook/internal/diag"
	"handbook/internal/seal"
	"handbook/internal/suggest"
)

// FileName is the configuration file's name inside a site folder.
const FileName = "handbook.yaml"

// Config is the parsed handbook.yaml.
type Config struct {
	Title        string            `yaml:"title"`
	Organisation string            `yaml:"organisation"`
	BaseURL      string            `yaml:"base_url"`
	Types        []string          `yaml:"types"`
	Statuses     []string          `yaml:"-"`
	Classes      []string          `yaml:"classifications"`
	Audiences    map[string]string `yaml:"audiences"`
	Placeholders map[string]string `yaml:"placeholders"`
	IDPattern    string            `yaml:"id_pattern"`
	// Numbering maps a type to the id format of its new documents:
	// "{n}" is the next free number, "{nnn}" the same padded to three digits.
	Numbering   map[string]string `yaml:"numbering"`
	ReviewDays  int               `yaml:"review_window_days"`
	UnsafeHTML  bool              `yaml:"unsafe_html"`
	ExtraFields []string          `yaml:"extra_fields"`
	// AudienceGroups maps an audience to the single sign-on groups whose
	// readers get its edition under `serve` ("*": every signed-in reader).
	AudienceGroups map[string][]string `yaml:"audience_groups"`
	// Acknowledge says which documents readers acknowledge (clause 7.3).
	Acknowledge Acknowledge `yaml:"acknowledge"`

	// Document control (clause 7.5.3), checked by internal/control.
	// ReviewMaxMonths is the longest a document may go between issues
	// (history dates, approval to review); 0 turns that check off.
	ReviewMaxMonths int `yaml:"review_max_months"`
	// Roles are the site's roles; when set, an owner, approver or role in a
	// document's roles section that is not one of them is a warning.
	Roles []string `yaml:"roles"`
	// Leftovers are plain-text template leftovers ("Service Provider")
	// that must not remain once placeholders are replaced.
	Leftovers []string `yaml:"leftovers"`
	// Versioning says which changes need a new major version (check --since).
	Versioning Versioning `yaml:"versioning"`
	// Language is the BCP 47 tag of documents without their own lang.
	Language string `yaml:"language"`

	// Home configures the home page: its common tasks.
	Home Home `yaml:"home"`
	// EditURL, when set, gives every document page an edit link: {path}
	// becomes the path of the document's file in the site folder
	// ("content/procedures/x.md").
	EditURL string `yaml:"edit_url"`

	idRE *regexp.Regexp
}

// Versioning is the site's versioning rule.
type Versioning struct {
	// MajorWhen lists what, when changed, needs a new major version:
	// "clauses" (front matter), "roles" (the roles named in a roles
	// section), "steps" (numbered list items).
	MajorWhen []string `yaml:"major_when"`
}

// MajorWhenKinds are the values versioning.major_when accepts.
var MajorWhenKinds = []string{"clauses", "roles", "steps"}

// Default returns the configuration used when handbook.yaml is absent.
func Default() *Config {
	c := &Config{
		Title:   "Service Management System Handbook",
		BaseURL: "/",
		Types:   []string{"policy", "plan", "process", "procedure", "register", "record", "template", "form", "report"},
		Classes: []string{"public", "internal", "confidential", "restricted"},
		Audiences: map[string]string{
			"public": "public", "staff": "internal", "managers": "confidential", "auditors": "restricted",
		},
		IDPattern: `^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`,
		Numbering: map[string]string{
			"policy": "SMS-POL-{nnn}", "plan": "SMS-PLN-{nnn}", "process": "SMS-PRC-{nnn}",
			"procedure": "SMS-PROC-{nnn}", "register": "SMS-REG-{nnn}", "record": "SMS-REC-{nnn}",
			"template": "SMS-TPL-{nnn}", "form": "SMS-FRM-{nnn}", "report": "SMS-RPT-{nnn}",
		},
		ReviewDays:      60,
		ReviewMaxMonths: 12,
		Language:        "en",
	}
	c.finish()
	return c
}

// Statuses are the lifecycle states of a document, fixed by the spec.
var Statuses = []string{"draft", "in-review", "approved", "retired"}

// Load reads SITE/handbook.yaml over the defaults. A missing file is not an
// error. Problems are returned as positioned diagnostics, joined. A key
// that is written replaces its default, except that numbering and
// placeholders entries are added to the defaults' (audiences are replaced
// as a whole).
func Load(siteDir string) (*Config, error) {
	c := Default()
	path := filepath.Join(siteDir, FileName)
	if d := seal.Check(siteDir, path); d != nil {
		return nil, d
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, diag.Errorf(FileName, 0, "cannot read configuration: %v", err)
	}
	if err := c.parse(data); err != nil {
		return nil, err
	}
	return c, nil
}

// parse decodes handbook.yaml over the defaults and checks it, reporting
// every problem at the line of its key.
func (c *Config) parse(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := YAMLError(err, data)
		return diag.Errorf(FileName, line, "invalid YAML: %s", msg)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file: the defaults
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return diag.Errorf(FileName, root.Line, "the configuration must be a mapping of keys (title: ..., base_url: ...)")
	}
	lines, errs := keyLines(root)
	// A site that lists its audiences lists all of them: merging the
	// defaults in would keep audiences it removed, and name classifications
	// it may not have.
	if _, ok := lines["audiences"]; ok {
		c.Audiences = nil
	}
	if err := root.Decode(c); err != nil {
		errs = append(errs, yamlTypeErrors(err, data)...)
	}
	errs = append(errs, c.check(lines)...)
	if len(errs) == 0 {
		c.finish()
	}
	return errors.Join(errs...)
}

// keyLines records the line of every top-level key, and of every entry of
// a mapping value as "key.entry"; unknown keys are errors.
func keyLines(root *yaml.Node) (map[string]int, []error) {
	known := Keys()
	lines := map[string]int{}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		lines[k.Value] = k.Line
		if !slices.Contains(known, k.Value) {
			errs = append(errs, diag.Errorf(FileName, k.Line, "unknown key %q%s", k.Value, suggest.Hint(k.Value, known)))
		}
		if v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				lines[k.Value+"."+v.Content[j].Value] = v.Content[j].Line
			}
		}
	}
	return lines, errs
}

// Keys lists the keys handbook.yaml may have, in the order of Config.
func Keys() []string {
	var keys []string
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

var yamlLineRE = regexp.MustCompile(`^line (\d+): `)

// yamlParserProblems are the problems yaml.v3 reports from its parser (not
// its scanner). For these it prints the 0-based line of the construct being
// parsed (the opening "[" of a flow sequence, say), one less than the real
// line, and no line at all when that is the first line.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected key",
	"did not find expected node content", "did not find expected <document start>",
	"did not find expected <stream-start>", "found incompatible YAML document",
	"found duplicate %YAML directive", "found duplicate %TAG directive", "found undefined tag handle",
}

// YAMLError splits a yaml.v3 syntax error in src into its 1-based line (0
// when unknown) and message, correcting yaml.v3's off-by-one for parser
// errors. The line is one src has: at the end of a text without a final
// line break, yaml.v3 places the end of the stream on a line after it.
func YAMLError(err error, src []byte) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	if slices.Contains(yamlParserProblems, msg) {
		line++
	}
	return min(line, diag.LineCount(src)), msg
}

// yamlTypeErrors turns yaml.v3's "line N: cannot unmarshal ..." errors in
// src into diagnostics.
func yamlTypeErrors(err error, src []byte) []error {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	out := make([]error, 0, len(msgs))
	for _, m := range msgs {
		line, msg := YAMLError(errors.New(m), src)
		out = append(out, diag.Errorf(FileName, line, "%s", msg))
	}
	return out
}

// check validates the decoded values; lines gives each key's line.
func (c *Config) check(lines map[string]int) []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, diag.Errorf(FileName, lines[key], format, args...))
	}
	if err := CheckBaseURL(c.BaseURL); err != nil {
		bad("base_url", "%v", err)
	}
	if _, err := regexp.Compile(c.IDPattern); err != nil {
		bad("id_pattern", "id_pattern: %v", err)
	}
	for _, name := range c.AudienceNames() {
		class := c.Audiences[name]
		switch _, written := lines["audiences."+name]; {
		case slices.Contains(c.Classes, class):
		case written:
			bad("audiences."+name, "audience %q: unknown classification %q (known: %s)%s", name, class, strings.Join(c.Classes, ", "), suggest.Hint(class, c.Classes))
		default:
			bad("classifications", "the default audience %q reads %q, which is not one of these classifications: declare audiences: for them", name, class)
		}
	}
	if len(c.Types) == 0 {
		bad("types", "types must not be empty")
	}
	if len(c.Classes) == 0 {
		bad("classifications", "classifications must not be empty")
	}
	if c.ReviewDays < 0 {
		bad("review_window_days", "review_window_days must not be negative")
	}
	for _, k := range c.Versioning.MajorWhen {
		if !slices.Contains(MajorWhenKinds, k) {
			bad("versioning.major_when", "versioning.major_when: unknown %q (known: %s)%s", k, strings.Join(MajorWhenKinds, ", "), suggest.Hint(k, MajorWhenKinds))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(lines)) {
		if sub, ok := strings.CutPrefix(key, "versioning."); ok && sub != "major_when" {
			bad(key, "versioning: unknown key %q (known: major_when)", sub)
		}
	}
	if _, ok := c.Placeholders[""]; ok {
		// An empty text is found between every two bytes: replacing it
		// would write its value all through every page.
		bad("placeholders.", "placeholders: a placeholder's text must not be empty")
	}
	if c.ReviewMaxMonths < 0 {
		bad("review_max_months", "review_max_months must not be negative (0 turns the check off)")
	}
	errs = append(errs, c.checkAwareness(lines)...)
	if p := editURLProblem(c.EditURL); p != "" {
		bad("edit_url", "edit_url %q %s", c.EditURL, p)
	}
	c.checkHome(lines, bad)
	return errs
}

// CheckBaseURL says what is wrong with a base URL (from handbook.yaml or
// --base-url), or returns nil. Every internal address is the base URL
// followed by a site path, so it must be a path ("/", "/handbook/") or an
// absolute http(s) URL, without query or fragment.
func CheckBaseURL(base string) error {
	if problem := baseURLProblem(base); problem != "" {
		return fmt.Errorf("base_url %q %s", base, problem)
	}
	return nil
}

func baseURLProblem(base string) string {
	u, err := url.Parse(base)
	switch {
	case err != nil || strings.ContainsAny(base, " \t\n"):
		return "is not a valid URL"
	case strings.ContainsAny(base, "?#"):
		return "must not have a query (?) or fragment (#)"
	case u.Scheme == "" && !strings.HasPrefix(base, "/"):
		return "must start with / or be an absolute URL (https://host/path/)"
	case u.Scheme != "" && (u.Scheme != "http" && u.Scheme != "https" || u.Host == ""):
		return "must be an http or https URL with a host, or a path starting with /"
	}
	return ""
}

func (c *Config) finish() {
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	c.idRE = regexp.MustCompile(c.IDPattern)
}

// ValidID reports whether id matches id_pattern.
func (c *Config) ValidID(id string) bool { return c.idRE.MatchString(id) }

// ClassRank is the position of a classification (lowest first), or -1.
func (c *Config) ClassRank(class string) int { return slices.Index(c.Classes, class) }

// AudienceNames returns the declared audiences, sorted.
func (c *Config) AudienceNames() []string {
	names := make([]string, 0, len(c.Audiences))
	for n := range c.Audiences {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// MaxRank returns the highest classification rank an audience may read.
func (c *Config) MaxRank(audience string) (int, error) {
	class, ok := c.Audiences[audience]
	if !ok {
		return 0, fmt.Errorf("unknown audience %q (known: %s)", audience, strings.Join(c.AudienceNames(), ", "))
	}
	return c.ClassRank(class), nil
}

// PlaceholderKeys returns the placeholder texts longest first (then
// alphabetically), the order in which they are replaced, so that
// "[Insert Service Provider]" wins over "[Service Provider]".
func (c *Config) PlaceholderKeys() []string {
	keys := make([]string, 0, len(c.Placeholders))
	for k := range c.Placeholders {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	return keys
}

// URL joins the base URL and a site-relative path ("docs/x/").
func (c *Config) URL(rel string) string {
	return c.BaseURL + strings.TrimPrefix(rel, "/")
}
