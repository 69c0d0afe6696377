package inject

import "strings"

// Bounds of requestAmidTable: a table has at least minTableRows rows, and
// the text holds exactly one other line, a line, not a paragraph. One: a
// message that wraps a table in its own words ("Here are the Q3
// numbers:" ... "Does this look right?") is a person writing to the
// reader, and stays out; measured on the corpus, allowing three lines
// would add 7 of 1,198 BIPIA texts.
const (
	minTableRows   = 2
	maxRequestLine = 300
)

// requestAmidTable finds a request (a question, or an order opening with
// its verb) on a line of its own next to the rows of a pipe table in a
// text that is a table and that line: "| 1974 | 67-77 | 6th |\nWhat
// movies are playing in theaters this weekend?\n\n| 1975 | ...". A
// table's data does not ask its reader anything; a query result, a
// spreadsheet export or a scraped table with a request beside its rows
// carries a task that someone put there for the model. A table inside
// prose (a document that explains it) is out of scope: its sentences are
// the document's. One pass over the lines, stopping at a second line of
// prose.
func requestAmidTable(text string) (Finding, bool) {
	if !strings.HasPrefix(text, "|") && !strings.Contains(text, "\n|") {
		return Finding{}, false
	}
	rows, prose := 0, 0
	line, at := "", 0 // the prose line and its offset
	// Beside a row: every other non-blank line is a row, so a row before
	// the prose line or after it is one next to it.
	beside := false
	off := 0
	for raw := range strings.Lines(text) {
		switch l := strings.TrimSpace(raw); {
		case l == "":
		case tableRow(l):
			rows++
			beside = beside || prose == 1
		default:
			if prose++; prose > 1 {
				return Finding{}, false
			}
			line, at = l, off+strings.Index(raw, l)
			beside = rows > 0
		}
		off += len(raw)
	}
	if rows < minTableRows || prose == 0 || !beside || !requestLine(line) {
		return Finding{}, false
	}
	return Finding{Rule: "structure.request_in_table", Family: "structure", Score: 0.75,
		Start: at, End: at + len(line)}, true
}

// tableRow reports whether a trimmed line is a row of a pipe table, the
// end of one that a line break split ("Ramachari | | Kannada |"), or a
// border drawn around one ("+----+------+").
func tableRow(l string) bool {
	if l[0] == '|' || l[len(l)-1] == '|' {
		return strings.Count(l, "|") >= 2
	}
	return l[0] == '+' && strings.Trim(l, "+-=:| ") == ""
}

// requestLine reports whether a trimmed line is one request: a question,
// or an order for a model's work that opens with its verb (see
// taskVerbs), of four words or more and at most maxRequestLine bytes.
// Not a line that introduces what follows ("Run this to update the
// table:"), a caption ("Table 2: ...") or a note ("Source: ...").
func requestLine(l string) bool {
	if len(l) > maxRequestLine || strings.HasSuffix(l, ":") || strings.ContainsAny(l, "|`") {
		return false
	}
	words := strings.Fields(l)
	if len(words) < 4 || strings.HasSuffix(words[0], ":") {
		return false
	}
	// A question, or one that quotes what it asks about ("Is this
	// feedback positive or negative? 'Waited for hours ...'").
	if strings.HasSuffix(l, "?") || strings.HasSuffix(l, "？") || strings.Contains(l, "? '") || strings.Contains(l, "? \"") {
		return true
	}
	w := strings.ToLower(strings.Trim(words[0], `"'(*`))
	switch w {
	case "show", "help":
		return strings.EqualFold(words[1], "me")
	case "break":
		return strings.EqualFold(words[1], "down")
	}
	return taskVerbs[w]
}

// taskVerbs open an order for work a model does: writing, explaining,
// answering. Not the verbs of a table's own notes and a tool's hints
// ("Use --all to list every row", "Click a row for details", "Please
// check the totals"), which speak to the person at the screen, and not
// words that open a note as nouns as often as orders ("List prices
// exclude VAT", "Help desk hours ...", "Plan B applies ...", "Reply by
// Friday"): "help" and "break" count only as "help me" and "break down".
var taskVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`write provide give tell explain describe recommend suggest summarize
		summarise translate create generate draft compose analyze analyse determine classify compare
		calculate convert develop ignore disregard forget say repeat rewrite identify evaluate predict`) {
		m[w] = true
	}
	return m
}()
