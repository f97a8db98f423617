// Package servetest reads the server's live-reload event stream
// (server-sent events), for tests that act as an open page.
package servetest

import (
	"bufio"
	"strings"
)

// Next returns the next event's name and data from a stream, skipping
// comments (keep-alives) and the retry field.
func Next(r *bufio.Reader) (event, data string, err error) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" && event != "":
			return event, data, nil
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
}
