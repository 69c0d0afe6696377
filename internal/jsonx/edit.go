package jsonx

import (
	"errors"
	"sort"
)

// Edit changes one span of a JSON body: Replace puts new JSON in place of
// [Start, End); RemoveElement deletes an array element and its separating
// comma.
type Edit struct {
	Start, End    int
	Replace       []byte
	RemoveElement bool
}

// ApplyEdits applies non-overlapping edits; an edit nested inside a removed
// element is dropped (the element goes anyway). Edits that overlap
// otherwise are an error: the result could not be trusted to be valid.
func ApplyEdits(body []byte, edits []Edit) ([]byte, error) {
	if len(edits) == 0 {
		return body, nil
	}
	es := append([]Edit(nil), edits...)
	sort.Slice(es, func(i, j int) bool {
		if es[i].Start != es[j].Start {
			return es[i].Start < es[j].Start
		}
		return es[i].End > es[j].End
	})
	kept := es[:0]
	for _, e := range es {
		if e.Start < 0 || e.End > len(body) || e.Start > e.End {
			return nil, errors.New("edit out of range")
		}
		if n := len(kept); n > 0 && e.Start < kept[n-1].End {
			if kept[n-1].RemoveElement && e.End <= kept[n-1].End {
				continue
			}
			return nil, errors.New("overlapping edits")
		}
		kept = append(kept, e)
	}
	out := make([]byte, 0, len(body))
	pos := 0
	for _, e := range kept {
		start, end := e.Start, e.End
		if e.RemoveElement {
			start, end = elementWithComma(body, start, end, pos)
		}
		if start < pos {
			start = pos
		}
		out = append(out, body[pos:start]...)
		out = append(out, e.Replace...)
		pos = end
	}
	return append(out, body[pos:]...), nil
}

// elementWithComma widens an array element's span to take one separating
// comma: the one before it when it is still there (not taken by an earlier
// removal), else the one after it. Preferring the leading comma keeps
// adjacent removals at the end of an array valid: [A,B,C] minus B and C
// is [A], not [A,].
func elementWithComma(b []byte, start, end, floor int) (int, int) {
	i := start - 1
	for i >= floor && IsSpace(b[i]) {
		i--
	}
	if i >= floor && b[i] == ',' {
		return i, end
	}
	j := end
	for j < len(b) && IsSpace(b[j]) {
		j++
	}
	if j < len(b) && b[j] == ',' {
		j++
		for j < len(b) && IsSpace(b[j]) {
			j++
		}
		return start, j
	}
	return start, end
}

// IsSpace reports whether c is JSON whitespace.
func IsSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }
