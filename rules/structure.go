package rules

import "strings"

// Bounds of requestAmidTable: a table has at least minTableRows rows, and
// the text around it at most maxProseLines lines of anything else, each
// a line, not a paragraph. One line: a message that wraps a table in its
// own words ("Here are the Q3 numbers:" ... "Does this look right?") is
// a person writing to the reader, and stays out; measured on the corpus,
// allowing three lines instead of one would add 7 of 1,198 BIPIA texts.
const (
	minTableRows   = 2
	maxProseLines  = 1
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
// the document's.
func requestAmidTable(text string) (Finding, bool) {
	if !strings.HasPrefix(text, "|") && !strings.Contains(text, "\n|") {
		return Finding{}, false
	}
	rows, prose := 0, 0
	for line := range strings.Lines(text) {
		switch l := strings.TrimSpace(line); {
		case l == "":
		case tableRow(l):
			rows++
		default:
			if prose++; prose > maxProseLines {
				return Finding{}, false
			}
		}
	}
	if rows < minTableRows || prose == 0 || prose > maxProseLines {
		return Finding{}, false
	}
	// Walk the lines again, knowing the kind of the last non-blank line.
	prevRow := false
	for at := 0; at < len(text); {
		end := strings.IndexByte(text[at:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += at
		}
		l := strings.TrimSpace(text[at:end])
		switch {
		case l == "":
		case tableRow(l):
			prevRow = true
		default:
			if requestLine(l) && (prevRow || nextRow(text, end)) {
				start := at + strings.Index(text[at:end], l)
				return Finding{Rule: "structure.request_in_table", Family: "structure", Score: 0.75,
					Start: start, End: start + len(l)}, true
			}
			prevRow = false
		}
		at = end + 1
	}
	return Finding{}, false
}

// tableRow reports whether a trimmed line is a row of a pipe table, or
// a border drawn around one ("+----+------+").
func tableRow(l string) bool {
	if l[0] == '|' {
		return strings.Count(l, "|") >= 2
	}
	return l[0] == '+' && strings.Trim(l, "+-=:| ") == ""
}

// nextRow reports whether the next non-blank line after text[from] (a
// line's end) is a table row.
func nextRow(text string, from int) bool {
	for at := from + 1; at < len(text); {
		end := strings.IndexByte(text[at:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += at
		}
		if l := strings.TrimSpace(text[at:end]); l != "" {
			return tableRow(l)
		}
		at = end + 1
	}
	return false
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
	if strings.HasSuffix(l, "?") || strings.HasSuffix(l, "？") {
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
