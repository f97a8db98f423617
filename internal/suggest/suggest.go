// Package suggest finds the closest known word to a misspelt one, for
// "did you mean" hints in front matter, configuration and the command line.
package suggest

import "strings"

// Closest returns the candidate nearest to word by edit distance, if it is
// near enough to be a plausible misspelling (at most a third of the word's
// length, and at most 3 edits); otherwise "".
func Closest(word string, candidates []string) string {
	best, bestDist := "", 4
	limit := max(1, len(word)/3)
	for _, c := range candidates {
		d := Distance(strings.ToLower(word), strings.ToLower(c))
		if d < bestDist && d <= limit {
			best, bestDist = c, d
		}
	}
	return best
}

// Hint returns ` (did you mean "x"?)` for the closest candidate, or "".
func Hint(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" {
		return ` (did you mean "` + c + `"?)`
	}
	return ""
}

// Distance is the optimal-string-alignment edit distance: insertions,
// deletions, substitutions and transpositions of neighbours each cost 1, so
// "reveiw" is one edit from "review".
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
