package register

import (
	"cmp"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// Change is one revision of a document, from its history.
type Change struct {
	ID, Title, URL string
	Version        string
	Date           time.Time
	Author         string
	Summary        string
}

// FeedInfo describes the feed as a whole.
type FeedInfo struct {
	Title string
	// SiteURL is the handbook's home address and SelfURL the feed's own;
	// either may be a path when the base URL is not absolute.
	SiteURL, SelfURL string
	Author           string
}

// Atom writes an Atom 1.0 feed (RFC 4287) of changes, newest first. It
// holds no wall-clock time: the feed's <updated> is the newest change's
// date, so the same content gives the same bytes.
func Atom(info FeedInfo, changes []Change) ([]byte, error) {
	f := atomFeed{
		NS:     "http://www.w3.org/2005/Atom",
		Title:  info.Title,
		ID:     feedID(info, ""),
		Author: &atomPerson{Name: cmp.Or(info.Author, info.Title)},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: info.SelfURL},
			{Rel: "alternate", Type: "text/html", Href: info.SiteURL},
		},
		// With no changes at all, the zero time: still a fixed value.
		Updated: atomDate(newest(changes)),
	}
	for _, c := range changes {
		e := atomEntry{
			Title:   fmt.Sprintf("%s %s: version %s", c.ID, c.Title, c.Version),
			ID:      feedID(info, c.ID+"@"+c.Version),
			Updated: atomDate(c.Date),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: c.URL}},
			Summary: cmp.Or(c.Summary, "Version "+c.Version),
		}
		if c.Author != "" {
			e.Author = &atomPerson{Name: c.Author}
		}
		f.Entries = append(f.Entries, e)
	}
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), b...), '\n'), nil
}

func newest(changes []Change) time.Time {
	var t time.Time
	for _, c := range changes {
		if c.Date.After(t) {
			t = c.Date
		}
	}
	return t
}

// feedID makes a permanent IRI for the feed or one entry. An absolute site
// address gives a URL-based id; otherwise a name-based UUID (RFC 4122,
// version 5 layout over SHA-1) of the feed's title and the entry's key, as
// Atom ids must be absolute.
func feedID(info FeedInfo, key string) string {
	if strings.Contains(info.SiteURL, "://") {
		if key == "" {
			return info.SiteURL
		}
		return info.SiteURL + "#" + key
	}
	h := sha1.Sum([]byte(info.Title + "\x00" + key))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func atomDate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  *atomPerson `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  *atomPerson `xml:"author,omitempty"`
	Links   []atomLink  `xml:"link"`
	Summary string      `xml:"summary"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}
