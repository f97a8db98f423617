package control

import (
	"cmp"
	"strconv"
	"strings"
)

// compareVersions orders dotted version numbers numerically ("1.10" after
// "1.9"); a part that is not a number compares as text after numbers.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		x, y := part(pa, i), part(pb, i)
		if c := comparePart(x, y); c != 0 {
			return c
		}
	}
	return 0
}

func part(parts []string, i int) string {
	if i < len(parts) {
		return parts[i]
	}
	return "0"
}

func comparePart(x, y string) int {
	nx, ex := strconv.Atoi(x)
	ny, ey := strconv.Atoi(y)
	switch {
	case ex == nil && ey == nil:
		return cmp.Compare(nx, ny)
	case ex == nil:
		return -1
	case ey == nil:
		return 1
	}
	return strings.Compare(x, y)
}

// major is the version's first number ("2" of "2.1").
func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}
