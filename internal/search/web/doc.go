// Package web answers search over HTTP: GET /api/search (JSON) and the
// served /search/ page, whose results it renders into the built page at
// search.ResultsMarker as the browser's script would (page.go), marking pages as
// served (MarkServed) so the script asks the API instead of the static
// index. OverlayHandler puts a small index of edited documents over a
// handler's (serve --watch).
package web
