package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Paths of the live-reload endpoints, mounted in watch mode only.
const (
	EventsPath = "/_handbook/events"
	ScriptPath = "/_handbook/livereload.js"
)

//go:embed livereload.js
var liveReloadJS []byte

// scriptTag is what watch mode adds to every HTML page: an external script,
// so the Content-Security-Policy needs no inline script. It carries the
// number of the build the page comes from, so that a page that connects
// after a newer build was published learns it is stale.
func scriptTag(build int64) []byte {
	return []byte(`<script src="` + ScriptPath + `?build=` + strconv.FormatInt(build, 10) + `" defer></script>`)
}

// keepAlive is how often an idle event stream gets a comment line, so
// proxies and browsers keep it open.
const keepAlive = 15 * time.Second

// The events a page receives.
const (
	eventReload = "reload"      // a build succeeded: load the page again
	eventError  = "build-error" // a build failed: show its errors
)

// buildState is what open pages are told: the latest build succeeded
// (eventReload) or failed (eventError, with the diagnostics). build is
// the number of the build being served.
type buildState struct {
	seq     int
	event   string
	message string
	build   int64
}

// events fans the build state out to the open pages (server-sent events).
type events struct {
	mu     sync.Mutex
	state  buildState
	subs   map[chan struct{}]struct{}
	closed chan struct{}
}

func newEvents() *events {
	return &events{subs: map[chan struct{}]struct{}{}, closed: make(chan struct{})}
}

// reload records that build is now served.
func (e *events) reload(build int64) { e.publish(eventReload, "", build) }

// fail records a failed build; the served build stays.
func (e *events) fail(message string) {
	e.publish(eventError, message, e.current().build)
}

// publish records a new state and wakes every subscriber.
func (e *events) publish(event, message string, build int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state = buildState{seq: e.state.seq + 1, event: event, message: message, build: build}
	for c := range e.subs {
		select {
		case c <- struct{}{}:
		default: // already woken; it reads the latest state
		}
	}
}

func (e *events) current() buildState {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state
}

func (e *events) subscribe() chan struct{} {
	c := make(chan struct{}, 1)
	e.mu.Lock()
	e.subs[c] = struct{}{}
	e.mu.Unlock()
	return c
}

func (e *events) unsubscribe(c chan struct{}) {
	e.mu.Lock()
	delete(e.subs, c)
	e.mu.Unlock()
}

// close ends every stream (on shutdown, which otherwise waits for them).
func (e *events) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	select {
	case <-e.closed:
	default:
		close(e.closed)
	}
}

// ServeHTTP streams build events. A page that connects while the last
// build failed is told at once, so the error overlay survives a reload;
// so is a page older than the served build (?since=its build number).
func (e *events) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	since, _ := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
	rc := http.NewResponseController(w)
	// The server's write timeout would cut a stream that is meant to last.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	c := e.subscribe()
	defer e.unsubscribe(c)
	fmt.Fprint(w, "retry: 500\n\n")
	seen := e.current()
	switch {
	case since > 0 && seen.build > since:
		writeEvent(w, buildState{seq: seen.seq, event: eventReload})
	case seen.event == eventError:
		writeEvent(w, seen)
	}
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-e.closed:
			return
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case <-c:
			if st := e.current(); st.seq != seen.seq {
				seen = st
				writeEvent(w, st)
			}
		}
		if rc.Flush() != nil {
			return
		}
	}
}

func writeEvent(w http.ResponseWriter, st buildState) {
	data, _ := json.Marshal(struct {
		Message string `json:"message,omitempty"`
	}{st.message})
	fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", st.seq, st.event, data)
}

// inject adds the live-reload script to an HTML page of a build, before
// </head> when there is one.
func inject(page []byte, build int64) []byte {
	tag := scriptTag(build)
	at := bytes.Index(bytes.ToLower(page), []byte("</head>"))
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}
