package serve

import (
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// TestWorkbookContentType: /log.xlsx goes out as a spreadsheet, not as
// the zip that sniffing its bytes would say, whatever the machine's
// /etc/mime.types holds.
func TestWorkbookContentType(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	sitetest.WriteFile(t, filepath.Join(dir, "log.xlsx"), "PK\x03\x04 a workbook")
	_, addr := startServer(t, Options{}, Site{Dir: dir})
	status, answer := rawGet(t, addr, "GET", "/log.xlsx")
	if status != 200 || !strings.Contains(answer, "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n") {
		t.Errorf("GET /log.xlsx: %d\n%s", status, answer)
	}
}
