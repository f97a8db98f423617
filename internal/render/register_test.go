package render

import (
	"reflect"
	"testing"

	"handbook/internal/register"
)

// TestLogRowHasEveryRowField: LogRow copies register.Row's fields (a
// template finds them faster than promoted ones), so a field added to the
// log's rows must be added to LogRow too, and copied by logRow. Clauses
// is the exception: LogRow holds them as links.
func TestLogRowHasEveryRowField(t *testing.T) {
	row := reflect.TypeFor[register.Row]()
	logRowType := reflect.TypeFor[LogRow]()
	var r register.Row
	rv := reflect.ValueOf(&r).Elem()
	for i := range row.NumField() {
		f := row.Field(i)
		if f.Name == "Clauses" {
			continue
		}
		lf, ok := logRowType.FieldByName(f.Name)
		if !ok || lf.Type != f.Type {
			t.Errorf("LogRow has no field %s %s", f.Name, f.Type)
			continue
		}
		switch f.Type.Kind() {
		case reflect.String:
			rv.Field(i).SetString("value of " + f.Name)
		case reflect.Bool:
			rv.Field(i).SetBool(true)
		default:
			t.Fatalf("register.Row.%s is a %s: teach this test to fill it", f.Name, f.Type)
		}
	}
	got := reflect.ValueOf(logRow(r, DocRef{}, nil, false))
	for i := range row.NumField() {
		f := row.Field(i)
		if f.Name == "Clauses" {
			continue
		}
		if want := rv.Field(i).Interface(); got.FieldByName(f.Name).Interface() != want {
			t.Errorf("logRow copies %s as %v, want %v", f.Name, got.FieldByName(f.Name).Interface(), want)
		}
	}
}
