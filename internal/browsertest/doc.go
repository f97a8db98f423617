// Package browsertest holds the browser tests of the handbook: the
// repository's own handbook is built into a temporary folder, served from Go
// (as static files, as a plain web server would, and by the real server with
// search), and driven in one headless Chromium through chromedp.
//
// The tests skip only where Chromium is absent and HANDBOOK_REQUIRE_BROWSER
// is unset; .ci/run sets it, so that in CI they run. With
// HANDBOOK_SCREENSHOTS=1 they also save screenshots of the pages they look
// at in testdata/artifacts/ (ignored by git), for people to look at; the
// axe log and the printed PDFs are written there always.
package browsertest
