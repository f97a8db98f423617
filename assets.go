// Package handbook holds the built-in theme: the html/template layouts and
// the static assets (CSS, JavaScript) embedded in the binary. A site's own
// layouts/ and static/ files of the same name override them.
package handbook

import "embed"

// Theme holds layouts/ and static/ as shipped with the binary.
//
//go:embed all:layouts all:static
var Theme embed.FS
