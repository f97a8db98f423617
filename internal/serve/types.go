package serve

import (
	"net/http"
	"strings"
)

// setFileType names the content type of the files whose extension Go's
// table lacks on a machine without /etc/mime.types, where http.ServeContent
// would sniff them: /log.xlsx would go out as application/zip.
func setFileType(h http.Header, name string) {
	if strings.HasSuffix(name, ".xlsx") {
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
}
