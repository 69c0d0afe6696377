package jsonx

import (
	"strconv"
	"sync"
	"unsafe"

	"github.com/tidwall/gjson"
)

// A Tape is what the strict checker saw on its one pass over a body: the
// members of every object and array, in order, with their spans. The
// format adapters (in rules) read the body through it. gjson alone rescans a value's bytes
// each time the value is iterated or searched, so a message of a large
// tool result was read once per level of nesting (the format check, the
// root's fields, the messages, the message's fields); through the Tape
// each byte is read by the checker, and a string once more only if it has
// escapes to undo.
//
// Results built from the Tape are the ones gjson would build: same Type,
// Raw, Str, Num and Index (TestTapeMatchesGjson holds them to it). A value
// the Tape does not know (nil Tape, or a Result made elsewhere) falls back
// to gjson.
type Tape struct {
	body    string
	members []Member
	// conts lists the containers in the order they open, which is the
	// order of their start offsets, so a container is found by binary
	// search (a map costs more to fill and to clear than the search).
	conts []container
	// pending holds the members of the containers still open; a container
	// moves its own to members when it closes, so each container's members
	// are contiguous.
	pending []Member
	// pendHigh is the most members pending at once for this body.
	pendHigh int
}

// container is an object or array: its start offset and its members,
// members[lo:hi].
type container struct{ start, lo, hi int32 }

// Member is one value of an object or array: its key and, unexported, its
// span in the body.
type Member struct {
	Key        string // unescaped object key ("" in an array)
	start, end int32  // the value's bytes
	esc        bool   // a string with escapes
}

var tapePool = sync.Pool{New: func() any { return new(Tape) }}

// GetTape takes a Tape from a pool, for body; pass it to CheckTape, read
// through it, then Release it.
func GetTape(body string) *Tape {
	t := tapePool.Get().(*Tape)
	t.body = body
	return t
}

// Release returns t to the pool. Nothing built from it may refer to its
// slices afterwards (Results refer to the body, which t does not own).
func (t *Tape) Release() {
	if t == nil || cap(t.members) > 1<<16 || cap(t.conts) > 1<<16 {
		return // an outsized Tape is left to the collector
	}
	t.body = ""
	// The keys are views of the body: cleared, so that a pooled Tape does
	// not keep the last body alive. Only what this body used: the rest was
	// cleared when the body that used it was released.
	clear(t.members)
	clear(t.pending[:max(t.pendHigh, len(t.pending))])
	t.pendHigh = 0
	t.members = t.members[:0]
	t.conts = t.conts[:0]
	t.pending = t.pending[:0]
	tapePool.Put(t)
}

// open and close bracket a container's members: open returns the
// container's number and where its members start in pending.
func (t *Tape) open(start int) (ci, first int) {
	t.conts = append(t.conts, container{start: int32(start)})
	return len(t.conts) - 1, len(t.pending)
}

func (t *Tape) close(ci, first int) {
	t.pendHigh = max(t.pendHigh, len(t.pending))
	c := &t.conts[ci]
	c.lo = int32(len(t.members))
	t.members = append(t.members, t.pending[first:]...)
	c.hi = int32(len(t.members))
	t.pending = t.pending[:first]
}

func (t *Tape) add(key string, start, end int, esc bool) {
	t.pending = append(t.pending, Member{Key: key, start: int32(start), end: int32(end), esc: esc})
}

// Members returns the members of v when the Tape recorded v.
func (t *Tape) Members(v gjson.Result) ([]Member, bool) {
	if t == nil || v.Type != gjson.JSON || len(v.Raw) == 0 {
		return nil, false
	}
	// A binary search written out: slices.BinarySearchFunc calls its
	// comparison at every step, and calls are dear inside Wasm.
	at := int32(v.Index)
	lo, hi := 0, len(t.conts)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.conts[mid].start < at {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(t.conts) || t.conts[lo].start != at || v.Index+len(v.Raw) > len(t.body) || t.body[v.Index] != v.Raw[0] {
		return nil, false
	}
	c := t.conts[lo]
	return t.members[c.lo:c.hi], true
}

// Result is the gjson Result of a member's value.
func (t *Tape) Result(m Member) gjson.Result {
	raw := t.body[m.start:m.end]
	switch raw[0] {
	case '"':
		if !m.esc {
			return gjson.Result{Type: gjson.String, Raw: raw, Str: raw[1 : len(raw)-1], Index: int(m.start)}
		}
	case '{', '[':
		return gjson.Result{Type: gjson.JSON, Raw: raw, Index: int(m.start)}
	}
	r := gjson.Parse(raw)
	r.Index = int(m.start)
	return r
}

// ForEach is v.ForEach through the Tape.
func (t *Tape) ForEach(v gjson.Result, fn func(k, v gjson.Result) bool) {
	ms, ok := t.Members(v)
	if !ok {
		v.ForEach(fn)
		return
	}
	isArray := v.Raw[0] == '['
	for i, m := range ms {
		var k gjson.Result
		if isArray {
			k = gjson.Result{Type: gjson.Number, Num: float64(i)}
		} else {
			k = gjson.Result{Type: gjson.String, Str: m.Key}
		}
		if !fn(k, t.Result(m)) {
			return
		}
	}
}

// Get is v.Get(path) through the Tape, for paths of plain keys and array
// indexes joined by dots (the only paths the adapters use); other paths
// fall back to gjson.
func (t *Tape) Get(v gjson.Result, path string) gjson.Result {
	ms, ok := t.Members(v)
	if !ok || !plainPath(path) {
		return v.Get(path)
	}
	for {
		key := path
		rest := ""
		for i := 0; i < len(path); i++ {
			if path[i] == '.' {
				key, rest = path[:i], path[i+1:]
				break
			}
		}
		found := false
		if v.Raw[0] == '[' {
			if n, err := strconv.Atoi(key); err == nil && n >= 0 && n < len(ms) && key == strconv.Itoa(n) {
				v, found = t.Result(ms[n]), true
			}
		} else {
			for _, m := range ms {
				if m.Key == key {
					v, found = t.Result(m), true
					break
				}
			}
		}
		if !found {
			return gjson.Result{}
		}
		if rest == "" {
			return v
		}
		if ms, ok = t.Members(v); !ok {
			return v.Get(rest)
		}
		path = rest
	}
}

// plainPath reports whether path has no gjson syntax but dots.
func plainPath(path string) bool {
	if path == "" {
		return false
	}
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '*', '?', '|', '#', '@', '\\', '!', '=', '<', '>', '%', '(', ')', '[', ']', '{', '}', ',', ':', '"':
			return false
		case '.':
			if i == 0 || i == len(path)-1 || path[i-1] == '.' {
				return false
			}
		}
	}
	return true
}

// BytesView returns b as a string without copying. Callers never write to
// b while the string (or a Tape or Result built on it) is in use.
func BytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// StringView returns s as bytes without copying, for readers that never
// write to them (Check).
func StringView(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
