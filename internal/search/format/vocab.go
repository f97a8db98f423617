package format

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"handbook/internal/suggest"
)

// Vocabulary is every word of the index (normalised and folded, stop
// words left out) with its stems (one per language that stems it
// differently) and how often it occurs. It corrects typos and expands
// prefixes ("incid*") the same way on the server and in the static
// search, which downloads it by first letter (vocabShard).
type Vocabulary struct {
	Words map[string]vocabWord // by word
	// ByShard lists the words of each shard, most frequent first.
	ByShard map[string][]string
	stems   map[string]bool
}

type vocabWord struct {
	Stems []string // sorted
	count int
}

func NewVocabulary() *Vocabulary {
	return &Vocabulary{Words: map[string]vocabWord{}, ByShard: map[string][]string{}, stems: map[string]bool{}}
}

// Add records occurrences of a word with stems; call sort when all are
// added.
func (v *Vocabulary) Add(word string, stems []string, count int) {
	vw, dup := v.Words[word]
	if !dup {
		sh := vocabShard(word)
		v.ByShard[sh] = append(v.ByShard[sh], word)
	}
	for _, st := range stems {
		if !slices.Contains(vw.Stems, st) {
			vw.Stems = append(vw.Stems, st)
		}
		v.stems[st] = true
	}
	vw.count += count
	v.Words[word] = vw
}

// Sort orders each shard by falling frequency, then alphabetically, and
// each word's stems.
func (v *Vocabulary) Sort() {
	for _, vw := range v.Words {
		slices.Sort(vw.Stems)
	}
	for _, ws := range v.ByShard {
		slices.SortFunc(ws, func(a, b string) int {
			if c := v.Words[b].count - v.Words[a].count; c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
	}
}

// vocabShard is the shard of a word: its first letter or digit, "_" for
// anything else.
func vocabShard(word string) string {
	r, _ := utf8.DecodeRuneInString(word)
	if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
		return string(r)
	}
	return "_"
}

// Limits of typo correction and prefix expansion (also in the static
// index's meta.json, which the JavaScript reads).
const (
	MinPrefix     = 2  // letters before a "*"
	maxExpansions = 12 // words a prefix or typo stands for
	maxTypos      = 3  // stems a misspelt word stands for
)

// MaxEdits is how many typos a word of n letters may have.
func MaxEdits(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 7:
		return 1
	default:
		return 2
	}
}

// Corrections returns the stems of the words nearest to an unknown word:
// the same first letter, at most maxEdits(len) edits (a swap of two
// neighbouring letters is one), the nearest first, then the most
// frequent.
func (v *Vocabulary) Corrections(word string) []string {
	var stems []string
	for _, w := range v.Nearest(word, MaxEdits(utf8.RuneCountInString(word))) {
		for _, st := range v.Words[w].Stems {
			if len(stems) < maxTypos && !slices.Contains(stems, st) {
				stems = append(stems, st)
			}
		}
	}
	return stems
}

// Nearest returns the words of the vocabulary at most limit edits from
// word with the same first letter, the nearest first, then the most
// frequent.
func (v *Vocabulary) Nearest(word string, limit int) []string {
	if limit == 0 {
		return nil
	}
	type cand struct {
		word string
		dist int
	}
	var cands []cand
	w := []rune(word)
	for _, other := range v.ByShard[vocabShard(word)] {
		if d := editDistance(w, []rune(other), limit); d <= limit {
			cands = append(cands, cand{other, d})
		}
	}
	// stable: keeps frequency order within a distance
	slices.SortStableFunc(cands, func(a, b cand) int { return a.dist - b.dist })
	out := make([]string, len(cands))
	for i, c := range cands {
		out[i] = c.word
	}
	return out
}

// Suggestions are the words nearest to a word the handbook does not have,
// a little further than a correction goes: what a query that found
// nothing is offered instead.
func (v *Vocabulary) Suggestions(word string) []string {
	ws := v.Nearest(word, max(1, MaxEdits(utf8.RuneCountInString(word))+1))
	return ws[:min(MaxSuggestions, len(ws))]
}

// maxSuggestions is how many words a query that found nothing is offered.
const MaxSuggestions = 3

// Expand returns the stems of the most frequent words starting with prefix.
func (v *Vocabulary) Expand(prefix string) []string {
	var stems []string
	for _, w := range v.ByShard[vocabShard(prefix)] {
		if len(stems) == maxExpansions {
			break
		}
		if !strings.HasPrefix(w, prefix) {
			continue
		}
		for _, st := range v.Words[w].Stems {
			if len(stems) < maxExpansions && !slices.Contains(stems, st) {
				stems = append(stems, st)
			}
		}
	}
	return stems
}

// editDistance is suggest.Distance (the optimal string alignment distance:
// a swap of neighbours is one edit), or limit+1 when it is larger than
// limit; words whose lengths differ by more are not compared.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	return min(suggest.Distance(string(a), string(b)), limit+1)
}

// EncodeShard writes the words of a shard, one a line: "word stems
// count", the stems joined by "|", "=" for a stem equal to the word.
func (v *Vocabulary) EncodeShard(sh string) []byte {
	var b bytes.Buffer
	for _, w := range v.ByShard[sh] {
		vw := v.Words[w]
		sts := make([]string, len(vw.Stems))
		for i, st := range vw.Stems {
			if st == w {
				st = "="
			}
			sts[i] = st
		}
		fmt.Fprintf(&b, "%s %s %d\n", w, strings.Join(sts, "|"), vw.count)
	}
	return b.Bytes()
}

// DecodeShard reads what encodeShard wrote.
func (v *Vocabulary) DecodeShard(data []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			return fmt.Errorf("vocabulary: bad line %q", sc.Text())
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("vocabulary: bad count in %q", sc.Text())
		}
		sts := strings.Split(f[1], "|")
		for i, st := range sts {
			if st == "=" {
				sts[i] = f[0]
			}
		}
		v.Add(f[0], sts, n)
	}
	return sc.Err()
}
