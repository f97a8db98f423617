package acks

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"handbook/internal/diag"
	"handbook/internal/identity"
	"handbook/internal/register"
)

// csvHeader is the export's header row; Import reads the same.
var csvHeader = []string{"reader", "email", "doc", "version", "page_sha256", "at"}

// CSV writes acks as CSV with a header row, each cell made inert for
// spreadsheets (register.Inert).
func CSV(acks []Ack) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(csvHeader)
	for _, a := range acks {
		_ = w.Write([]string{register.Inert(a.Reader), register.Inert(a.Email), register.Inert(a.Doc), register.Inert(a.Version), a.PageHash, a.At.UTC().Format(time.RFC3339Nano)})
	}
	w.Flush()
	return b.Bytes()
}

// JSON writes acks as a JSON array (exact text, no CSV escaping).
func JSON(acks []Ack) []byte {
	if acks == nil {
		acks = []Ack{}
	}
	b, _ := json.MarshalIndent(acks, "", "  ")
	return append(b, '\n')
}

// ReadExport reads what CSV or JSON wrote (by its first byte), for
// `handbook acks import`; name is used in messages.
func ReadExport(name string, data []byte) ([]Ack, error) {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		var out []Ack
		if err := json.Unmarshal(t, &out); err != nil {
			return nil, diag.Errorf(name, 0, "not an acknowledgement export: %v", err)
		}
		return out, nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	var out []Ack
	var errs []error
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, diag.Errorf(name, line, "%v", err)
		}
		if line == 1 {
			if strings.Join(rec, ",") != strings.Join(csvHeader, ",") {
				return nil, diag.Errorf(name, 1, "expected the header %s", strings.Join(csvHeader, ","))
			}
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, rec[5])
		if err != nil {
			errs = append(errs, diag.Errorf(name, line, "bad time %q", rec[5]))
			continue
		}
		un := func(s string) string { // undo register.Inert only
			if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(register.FormulaStarts, rune(s[1])) {
				return s[1:]
			}
			return s
		}
		out = append(out, Ack{Reader: un(rec[0]), Email: un(rec[1]), Doc: un(rec[2]), Version: un(rec[3]), PageHash: rec[4], At: at})
	}
	return out, errors.Join(errs...)
}

// RosterFile is the roster's path inside a site folder.
const RosterFile = "content/_data/readers.csv"

// ReadRoster reads readers.csv: a header row, then id, name, email,
// groups (separated by ";" or spaces). A malformed row is an error at its
// line; the good rows are returned all the same.
func ReadRoster(name string, data []byte) ([]identity.Reader, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out []identity.Reader
	var errs []error
	seen := map[string]int{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, diag.Errorf(name, line, "%v", err))
			break
		}
		if line == 1 && strings.EqualFold(strings.TrimSpace(rec[0]), "id") {
			continue // the header
		}
		if len(rec) != 4 || strings.TrimSpace(rec[0]) == "" {
			errs = append(errs, diag.Errorf(name, line, "expected 4 fields (id, name, email, groups), got %d%s", len(rec), emptyID(rec)))
			continue
		}
		id := strings.TrimSpace(rec[0])
		if first, dup := seen[id]; dup {
			errs = append(errs, diag.Errorf(name, line, "reader %q is listed twice (first on line %d)", id, first))
			continue
		}
		seen[id] = line
		groups := strings.FieldsFunc(rec[3], func(c rune) bool { return c == ';' || c == ' ' || c == ',' })
		if groups == nil {
			groups = []string{}
		}
		out = append(out, identity.Reader{ID: id, Email: strings.TrimSpace(rec[2]), Groups: groups})
	}
	return out, errors.Join(errs...)
}

func emptyID(rec []string) string {
	if len(rec) > 0 && strings.TrimSpace(rec[0]) == "" {
		return " and an empty id"
	}
	return ""
}
