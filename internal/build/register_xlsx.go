package build

import (
	"cmp"

	"handbook/internal/register"
)

// writeLogXLSX writes /log.xlsx: the Documentation Log as the workbook
// document controllers keep (the log, the clause-coverage matrix and the
// revision history), dated by the build's date so that the same input
// gives the same bytes.
func writeLogXLSX(st *state, out sink) error {
	b, err := register.LogXLSX(st.workbook())
	if err != nil {
		return err
	}
	return out.Write("log.xlsx", b)
}

// workbook is what this build's workbooks are made from: its documents
// in log order, their rows, and the build's date.
func (st *state) workbook() register.Workbook {
	return register.Workbook{
		Title:        "Service Management System Documentation Log",
		Organisation: cmp.Or(st.Config.Organisation, st.Config.Title),
		Date:         st.Today,
		Docs:         st.Docs,
		Rows:         st.logRows(),
	}
}
