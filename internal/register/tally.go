package register

// Tally counts the clauses in each coverage state.
type Tally struct{ Covered, Unapproved, Gaps int }

// Count adds one clause in state to the tally.
func (t *Tally) Count(state string) {
	switch state {
	case Covered:
		t.Covered++
	case Unapproved:
		t.Unapproved++
	default:
		t.Gaps++
	}
}
