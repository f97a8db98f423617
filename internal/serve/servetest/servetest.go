// Package servetest helps tests of the server: it reads the live-reload
// event stream (server-sent events), as an open page does, and waits for a
// condition or a value with a deadline.
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
