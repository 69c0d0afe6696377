package inject

import (
	"sort"
	"strings"
)

// markupIndex answers the hidden-element check's questions about one
// text (where is the next '>', where does this element close, how many
// words of prose lie between two offsets) in time linear in the text,
// whatever it repeats. Asked tag by tag, each question would read up to
// maxMarkupScan bytes: a body of unclosed hidden tags cost thousands of
// bytes read per byte of input, seconds per MiB inside Wasm, where
// strings.Index has no vector code.
//
// Offsets given to it only grow, as hiddenAndExfil reads the text from
// its start; the memos rely on that.
type markupIndex struct {
	low string

	gt, gtFrom   int // the first '>' at or after gtFrom; -1 for none
	src, srcFrom int // the first "src=" at or after srcFrom; -1 for none

	closes []int32                // offsets of every "</", on first use
	closed map[string]closeAnswer // per tag name, the last answer
	prose  []proseState           // proseWords' state before byte k*proseStride
}

// closeAnswer: the first "</name" at or after from is at pos; pos -1
// means none starts in [from, upto).
type closeAnswer struct{ from, pos, upto int }

const proseStride = 64

func newMarkupIndex(low string) markupIndex {
	return markupIndex{low: low, gt: -1, gtFrom: -1, src: -1, srcFrom: -1}
}

// after returns the offset of the first sep at or after i, or -1, with
// *at and *from as the memo of the last answer.
func (m *markupIndex) after(sep string, i int, at, from *int) int {
	if *from < 0 || *from > i || (*at >= 0 && *at < i) {
		*from, *at = i, strings.Index(m.low[i:], sep)
		if *at >= 0 {
			*at += i
		}
	}
	return *at
}

// srcAfter returns the offset of the first "src=" at or after i, or -1.
func (m *markupIndex) srcAfter(i int) int { return m.after("src=", i, &m.src, &m.srcFrom) }

// gtAfter returns the offset of the first '>' at or after i, or -1.
func (m *markupIndex) gtAfter(i int) int { return m.after(">", i, &m.gt, &m.gtFrom) }

// closeBefore returns the offset of the first "</"+name that starts at
// or after off and ends by limit, or -1: what strings.Index of "</"+name
// in low[off:limit] would find.
func (m *markupIndex) closeBefore(name string, off, limit int) int {
	if a, ok := m.closed[name]; ok && a.from <= off {
		switch {
		case a.pos >= off:
			if a.pos+2+len(name) <= limit {
				return a.pos
			}
			return -1
		case a.pos < 0 && a.upto >= limit:
			return -1
		}
	}
	if m.closes == nil {
		m.closes = []int32{}
		for i := 0; ; {
			k := strings.Index(m.low[i:], "</")
			if k < 0 {
				break
			}
			m.closes = append(m.closes, int32(i+k))
			i += k + 2
		}
		m.closed = map[string]closeAnswer{}
	}
	a := closeAnswer{from: off, pos: -1, upto: limit}
	for _, p := range m.closes[sort.Search(len(m.closes), func(k int) bool { return int(m.closes[k]) >= off }):] {
		if int(p)+2+len(name) > limit {
			break
		}
		if strings.HasPrefix(m.low[p+2:], name) {
			a.pos = int(p)
			break
		}
	}
	m.closed[name] = a
	return a.pos
}

// proseWords returns proseWords(low[off:end]) for an off that follows a
// tag's '>', where proseWords' reader, run over the whole text, is
// between words and outside tags, as it is at the start of a string.
func (m *markupIndex) proseWords(off, end int) int {
	a := m.stateAt(off)
	if a != (proseState{n: a.n}) {
		// Not the state a string starts in: read the span itself.
		return proseWords(m.low[off:end])
	}
	b := m.stateAt(end)
	return int(b.n-a.n) + b.pending()
}

// stateAt returns proseWords' state after reading low[:p].
func (m *markupIndex) stateAt(p int) proseState {
	if m.prose == nil {
		m.prose = make([]proseState, 0, len(m.low)/proseStride+1)
		var st proseState
		for i := 0; i < len(m.low); i++ {
			if i%proseStride == 0 {
				m.prose = append(m.prose, st)
			}
			st.step(m.low[i])
		}
		if len(m.low)%proseStride == 0 {
			m.prose = append(m.prose, st)
		}
	}
	st := m.prose[p/proseStride]
	for i := p / proseStride * proseStride; i < p; i++ {
		st.step(m.low[i])
	}
	return st
}

// hiddenProse counts the prose words of low[off:end] outside script and
// style elements: a hidden counter's "<script>var user=...</script>" is
// code for the browser, not text hidden from a reader.
func hiddenProse(m *markupIndex, off, end int) int {
	span := m.low[off:end]
	if !strings.Contains(span, "<script") && !strings.Contains(span, "<style") {
		return m.proseWords(off, end)
	}
	return proseOutsideCode(span)
}

// proseOutsideCode is proseWords of span (lower case) without its script
// and style elements.
func proseOutsideCode(span string) int {
	n := 0
	for len(span) > 0 {
		i, name := strings.Index(span, "<script"), "</script"
		if j := strings.Index(span, "<style"); j >= 0 && (i < 0 || j < i) {
			i, name = j, "</style"
		}
		if i < 0 {
			return n + proseWords(span)
		}
		n += proseWords(span[:i])
		k := strings.Index(span[i:], name)
		if k < 0 {
			return n // unclosed: the rest is code
		}
		span = span[i+k+len(name):]
		if gt := strings.IndexByte(span, '>'); gt >= 0 {
			span = span[gt+1:]
		} else {
			span = ""
		}
	}
	return n
}
