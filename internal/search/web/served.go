package web

import "bytes"

// ServedMarker is what a server that answers /api/search adds to the
// <head> of every page it serves (serve does). The pages' script asks the
// API only where it finds the marker; on a plain web server, which has no
// API, it searches the static index without ever requesting /api/search.
const ServedMarker = `<meta name="handbook-search" content="api">`

// MarkServed returns page with ServedMarker before its </head> (at the
// start when it has none).
func MarkServed(page []byte) []byte {
	at := bytes.Index(bytes.ToLower(page), []byte("</head>"))
	if at < 0 {
		at = 0
	}
	out := make([]byte, 0, len(page)+len(ServedMarker))
	out = append(out, page[:at]...)
	out = append(out, ServedMarker...)
	return append(out, page[at:]...)
}
