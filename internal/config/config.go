// Package config reads handbook.yaml, the site configuration. Every key is
// optional; Default gives a working site.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"handbook/internal/diag"
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

	idRE *regexp.Regexp
}

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
		ReviewDays: 60,
	}
	c.finish()
	return c
}

// Statuses are the lifecycle states of a document, fixed by the spec.
var Statuses = []string{"draft", "in-review", "approved", "retired"}

// Load reads SITE/handbook.yaml over the defaults. A missing file is not an
// error. Problems are returned as positioned diagnostics.
func Load(siteDir string) (*Config, error) {
	c := Default()
	path := filepath.Join(siteDir, FileName)
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

var yamlLine = regexp.MustCompile(`line (\d+): `)

func (c *Config) parse(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return yamlErrors(err)
	}
	return c.check()
}

// yamlErrors turns yaml.v3's "line N: message" errors into diagnostics.
func yamlErrors(err error) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var out []error
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		line := 0
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = strings.Replace(m, sm[0], "", 1)
		}
		if m == "EOF" {
			continue
		}
		out = append(out, diag.Errorf(FileName, line, "%s", m))
	}
	return errors.Join(out...)
}

func (c *Config) check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, diag.Errorf(FileName, 0, format, args...)) }
	if !strings.HasPrefix(c.BaseURL, "/") && !strings.Contains(c.BaseURL, "://") {
		bad("base_url %q must start with / or be an absolute URL", c.BaseURL)
	}
	if _, err := regexp.Compile(c.IDPattern); err != nil {
		bad("id_pattern: %v", err)
	}
	for name, class := range c.Audiences {
		if !slices.Contains(c.Classes, class) {
			bad("audience %q: unknown classification %q (known: %s)", name, class, strings.Join(c.Classes, ", "))
		}
	}
	if len(c.Types) == 0 || len(c.Classes) == 0 {
		bad("types and classifications must not be empty")
	}
	if c.ReviewDays < 0 {
		bad("review_window_days must not be negative")
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	c.finish()
	return nil
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
