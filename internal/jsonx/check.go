package jsonx

import (
	"encoding/binary"
	"hash/maphash"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrorKind classifies why a body is not acceptable JSON.
type ErrorKind uint8

const (
	// Syntax: not JSON by RFC 8259's grammar (or a number longer than 512
	// characters).
	Syntax ErrorKind = iota + 1
	// InvalidUTF8: a string holds invalid UTF-8 or a lone surrogate escape.
	InvalidUTF8
	// TooDeep: objects and arrays nest deeper than the limit.
	TooDeep
	// DuplicateKey: an object repeats a key. gjson keeps the first of
	// duplicate keys while many upstream parsers keep the last, so such a
	// body can mean one thing to us and another to the model.
	DuplicateKey
	// FoldedKey: an object has two keys that Go's encoding/json
	// (case-insensitive field matching) binds to the same field, "path"
	// and "PATH", "method" and "Method", "s" and "\u017f" (long s), "k"
	// and "\u212a" (Kelvin sign). A server built on it reads whichever
	// comes last; we would read the one we look up.
	FoldedKey
)

var kindNames = [...]string{"", "invalid_json", "invalid_utf8", "too_deep", "ambiguous_json", "ambiguous_json"}

// Ambiguous reports whether the error means two readers could take the
// body differently: refused whatever on_error says.
func (k ErrorKind) Ambiguous() bool { return k == DuplicateKey || k == FoldedKey }

// Reason is the verdict reason for this kind of error (the engine's reason
// table in rules has a row for each).
func (k ErrorKind) Reason() string {
	if int(k) < len(kindNames) && k > 0 {
		return kindNames[k]
	}
	return "invalid_json"
}

// Error is a typed error from Check.
type Error struct {
	Kind   ErrorKind
	Offset int
	// Path is where the problem is, in the same dotted syntax as segment
	// paths ("" for the root).
	Path string
	Msg  string
}

func (e *Error) Error() string {
	where := e.Path
	if where == "" {
		where = "$"
	}
	return e.Kind.Reason() + " at " + where + " (offset " + strconv.Itoa(e.Offset) + "): " + e.Msg
}

// DefaultMaxDepth is the nesting limit when none is given (maxDepth <= 0).
const DefaultMaxDepth = 64

// Check validates body in one pass: grammar, UTF-8 in strings (lone
// surrogate escapes included), nesting depth, and duplicate keys in any
// object, exact or under encoding/json's case folding. Keys are compared
// after unescaping, so "role" and "r\u006fle" collide, and so do "role"
// and "ROLE". It returns nil or a *Error.
func Check(body []byte, maxDepth int) error {
	return CheckTape(body, maxDepth, nil)
}

// CheckTape is Check that also records, when t is not nil, the
// members of every object and array on t.
func CheckTape(body []byte, maxDepth int, t *Tape) error {
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	// Room for the path and keys of ordinary bodies, so that checking one
	// allocates nothing for them.
	var pathBuf [16]pathElem
	var keysBuf [32]objKey
	c := checker{b: body, maxDepth: maxDepth, t: t, path: pathBuf[:0], keys: keysBuf[:0]}
	c.skipWS()
	if c.i >= len(c.b) {
		return c.fail(Syntax, "empty body")
	}
	if !c.value() {
		return c.err
	}
	c.skipWS()
	if c.i != len(c.b) {
		return c.fail(Syntax, "unexpected data after the top-level value")
	}
	return nil
}

type pathElem struct {
	key   string // object key, or "" for an array element
	index int
}

type checker struct {
	b        []byte
	i        int
	maxDepth int
	path     []pathElem
	// keys holds the keys of all open objects; each object remembers where
	// its own keys start.
	keys []objKey
	err  *Error
	// t, when set, records what the check saw (see tape); esc says
	// whether the last string scanned had escapes.
	t   *Tape
	esc bool
}

func (c *checker) fail(kind ErrorKind, msg string) *Error {
	if c.err == nil {
		c.err = &Error{Kind: kind, Offset: c.i, Path: c.pathString(), Msg: msg}
	}
	return c.err
}

func (c *checker) pathString() string {
	var sb strings.Builder
	for n, p := range c.path {
		if n > 0 {
			sb.WriteByte('.')
		}
		if p.key != "" || p.index < 0 {
			sb.WriteString(p.key)
		} else {
			sb.WriteString(strconv.Itoa(p.index))
		}
	}
	return sb.String()
}

func (c *checker) skipWS() {
	for c.i < len(c.b) {
		switch c.b[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

func (c *checker) value() bool {
	if c.i >= len(c.b) {
		c.fail(Syntax, "unexpected end of input")
		return false
	}
	switch ch := c.b[c.i]; {
	case ch == '{':
		return c.object()
	case ch == '[':
		return c.array()
	case ch == '"':
		_, ok := c.str(false)
		return ok
	case ch == '-' || (ch >= '0' && ch <= '9'):
		return c.number()
	case ch == 't':
		return c.literal("true")
	case ch == 'f':
		return c.literal("false")
	case ch == 'n':
		return c.literal("null")
	default:
		c.fail(Syntax, "unexpected character "+strconv.QuoteRune(rune(ch)))
		return false
	}
}

func (c *checker) literal(lit string) bool {
	if len(c.b)-c.i < len(lit) || string(c.b[c.i:c.i+len(lit)]) != lit {
		c.fail(Syntax, "invalid literal")
		return false
	}
	c.i += len(lit)
	return true
}

func (c *checker) number() bool {
	start := c.i
	if c.b[c.i] == '-' {
		c.i++
	}
	digits := func() int {
		n := 0
		for c.i < len(c.b) && c.b[c.i] >= '0' && c.b[c.i] <= '9' {
			c.i++
			n++
		}
		return n
	}
	if c.i < len(c.b) && c.b[c.i] == '0' {
		c.i++
	} else if digits() == 0 {
		c.fail(Syntax, "invalid number")
		return false
	}
	if c.i < len(c.b) && c.b[c.i] == '.' {
		c.i++
		if digits() == 0 {
			c.fail(Syntax, "invalid number")
			return false
		}
	}
	if c.i < len(c.b) && (c.b[c.i] == 'e' || c.b[c.i] == 'E') {
		c.i++
		if c.i < len(c.b) && (c.b[c.i] == '+' || c.b[c.i] == '-') {
			c.i++
		}
		if digits() == 0 {
			c.fail(Syntax, "invalid number")
			return false
		}
	}
	if c.i-start > 512 {
		c.fail(Syntax, "number longer than 512 characters")
		return false
	}
	return true
}

// str scans a string starting at the opening quote. When decode is set it
// returns the unescaped text (only keys are decoded, to compare them).
func (c *checker) str(decode bool) (string, bool) {
	c.i++      // opening quote
	run := c.i // start of the current run of unescaped bytes
	var buf []byte
	escaped := false
	for c.i < len(c.b) {
		// Fast skip over plain ASCII, the bulk of every string: eight
		// bytes at a time while none of them is a quote, a backslash, a
		// control character or non-ASCII.
		// One test per eight bytes, not four (each a branch, and inside
		// Wasm a taken branch is a jump through the dispatch table).
		i := c.i
		for i+8 <= len(c.b) && plainWord(binary.LittleEndian.Uint64(c.b[i:])) {
			i += 8
		}
		c.i = i
		for c.i < len(c.b) && plainString[c.b[c.i]] {
			c.i++
		}
		if c.i >= len(c.b) {
			break
		}
		ch := c.b[c.i]
		switch {
		case ch == '"':
			var s string
			if decode {
				if escaped {
					s = string(append(buf, c.b[run:c.i]...))
				} else {
					// A view, not a copy: keys live only while the
					// body is checked and extracted (the tape keeps
					// them until it is released).
					s = BytesView(c.b[run:c.i])
				}
			}
			c.i++
			c.esc = escaped
			return s, true
		case ch == '\\':
			if decode {
				buf = append(buf, c.b[run:c.i]...)
			}
			escaped = true
			r, ok := c.escape()
			if !ok {
				return "", false
			}
			if decode {
				buf = utf8.AppendRune(buf, r)
			}
			run = c.i
		case ch < 0x20:
			c.fail(Syntax, "control character in string")
			return "", false
		case ch < utf8.RuneSelf:
			c.i++
		default:
			r, size := utf8.DecodeRune(c.b[c.i:])
			if r == utf8.RuneError && size <= 1 {
				c.fail(InvalidUTF8, "invalid UTF-8 byte in string")
				return "", false
			}
			c.i += size
		}
	}
	c.fail(Syntax, "unterminated string")
	return "", false
}

// plainWord reports whether none of the eight bytes of w is a quote, a
// backslash, a control character or non-ASCII, in one expression: w's
// own high bits, then the classic test for a byte below n,
// (x - n*0x0101...) &^ x, for control characters (n = 0x20) and for the
// zero bytes that xoring w with '"' and '\\' leaves where those were. No
// high bit is set unless some byte is one of those (a borrow can mark a
// byte above a true match, never a word without one).
func plainWord(w uint64) bool {
	const ones = 0x0101010101010101
	q, bs := w^('"'*ones), w^('\\'*ones)
	return (w|(w-0x20*ones)&^w|(q-ones)&^q|(bs-ones)&^bs)&0x8080808080808080 == 0
}

// plainString marks bytes that need no attention inside a string.
var plainString = func() (tab [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		tab[c] = c != '"' && c != '\\'
	}
	return
}()

// escape reads one escape sequence at c.i (the backslash) and returns the
// rune it stands for.
func (c *checker) escape() (rune, bool) {
	if c.i+1 >= len(c.b) {
		c.fail(Syntax, "unterminated escape")
		return 0, false
	}
	e := c.b[c.i+1]
	c.i += 2
	switch e {
	case '"', '\\', '/':
		return rune(e), true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'u':
		r, ok := c.hex4()
		if !ok {
			return 0, false
		}
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 || c.i+1 >= len(c.b) || c.b[c.i] != '\\' || c.b[c.i+1] != 'u' {
				c.fail(InvalidUTF8, "lone surrogate escape")
				return 0, false
			}
			c.i += 2
			r2, ok := c.hex4()
			if !ok {
				return 0, false
			}
			d := utf16.DecodeRune(r, r2)
			if d == utf8.RuneError {
				c.fail(InvalidUTF8, "lone surrogate escape")
				return 0, false
			}
			return d, true
		}
		return r, true
	default:
		c.i -= 2
		c.fail(Syntax, "invalid escape")
		return 0, false
	}
}

func (c *checker) hex4() (rune, bool) {
	if c.i+4 > len(c.b) {
		c.fail(Syntax, "short \\u escape")
		return 0, false
	}
	var r rune
	for _, h := range c.b[c.i : c.i+4] {
		r <<= 4
		switch {
		case h >= '0' && h <= '9':
			r |= rune(h - '0')
		case h >= 'a' && h <= 'f':
			r |= rune(h - 'a' + 10)
		case h >= 'A' && h <= 'F':
			r |= rune(h - 'A' + 10)
		default:
			c.fail(Syntax, "invalid \\u escape")
			return 0, false
		}
	}
	c.i += 4
	return r, true
}

// smallObject is the key count up to which duplicate keys are found by a
// linear scan; larger objects get a map of signatures.
const smallObject = 16

// clash returns the index in c.keys of an earlier key of the object
// starting at first that folds like key (whose signature is sig), or -1.
func (c *checker) clash(first int, key string, sig uint64) int {
	for j := first; j < len(c.keys); j++ {
		if c.keys[j].sig == sig && strings.EqualFold(c.keys[j].key, key) {
			return j
		}
	}
	return -1
}

// objKey is an object key and its foldSig.
type objKey struct {
	key string
	sig uint64
}

// foldSeed keys foldSig per process, so that a body cannot be built to
// make many keys share a signature (which would cost a scan each).
var foldSeed = maphash.String(maphash.MakeSeed(), "jsoncheck") | 1

// foldSig is a hash of key as encoding/json folds it to match a field:
// ASCII letters upper-cased, any other rune mapped to the smallest rune of
// its simple case-folding orbit (GOROOT/src/encoding/json/fold.go). Keys
// that fold alike have equal signatures; strings.EqualFold, which folds
// the same way, confirms a match.
func foldSig(key string) uint64 {
	const prime = 0x100000001b3
	h := foldSeed
	for i := 0; i < len(key); {
		b := key[i]
		if b < utf8.RuneSelf {
			if 'a' <= b && b <= 'z' {
				b -= 'a' - 'A'
			}
			h = (h ^ uint64(b)) * prime
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(key[i:])
		h = (h ^ uint64(foldRune(r))) * prime
		i += n
	}
	return h
}

// foldRune is the smallest rune of r's simple case-folding orbit.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// object and array check a container, then drop its keys and path
// elements (by hand: with this many returns Go would not inline deferred
// calls, and a runtime defer per container shows in the profile).
func (c *checker) object() bool {
	if len(c.path) >= c.maxDepth {
		c.fail(TooDeep, "nesting deeper than "+strconv.Itoa(c.maxDepth))
		return false
	}
	first, depth := len(c.keys), len(c.path)
	ok := c.objectBody(first)
	c.keys, c.path = c.keys[:first], c.path[:depth]
	return ok
}

func (c *checker) array() bool {
	if len(c.path) >= c.maxDepth {
		c.fail(TooDeep, "nesting deeper than "+strconv.Itoa(c.maxDepth))
		return false
	}
	depth := len(c.path)
	ok := c.arrayBody()
	c.path = c.path[:depth]
	return ok
}

func (c *checker) objectBody(first int) bool {
	start := c.i
	c.i++                       // {
	var big map[uint64]struct{} // the keys' signatures, past smallObject keys
	var ci, open int
	if c.t != nil {
		ci, open = c.t.open(start)
	}
	c.skipWS()
	if c.i < len(c.b) && c.b[c.i] == '}' {
		c.i++
		if c.t != nil {
			c.t.close(ci, open)
		}
		return true
	}
	c.path = append(c.path, pathElem{})
	for {
		c.skipWS()
		if c.i >= len(c.b) || c.b[c.i] != '"' {
			c.fail(Syntax, "expected object key")
			return false
		}
		keyAt := c.i
		key, ok := c.str(true)
		if !ok {
			return false
		}
		c.path[len(c.path)-1] = pathElem{key: key, index: -1}
		// Keys are compared by their folded signature first: equal
		// signatures are rare unless the keys fold alike, and comparing
		// them allocates nothing.
		sig := foldSig(key)
		clash := -1
		if big != nil {
			if _, hit := big[sig]; hit {
				clash = c.clash(first, key, sig)
			}
			big[sig] = struct{}{}
		} else {
			clash = c.clash(first, key, sig)
			if len(c.keys)-first >= smallObject {
				big = make(map[uint64]struct{}, 4*smallObject)
				for _, k := range c.keys[first:] {
					big[k.sig] = struct{}{}
				}
				big[sig] = struct{}{}
			}
		}
		c.keys = append(c.keys, objKey{key, sig})
		if clash >= 0 {
			c.i = keyAt
			if c.keys[clash].key == key {
				c.fail(DuplicateKey, "duplicate key "+strconv.Quote(key))
			} else {
				c.fail(FoldedKey, "keys "+strconv.Quote(c.keys[clash].key)+" and "+strconv.Quote(key)+
					" are one key to case-insensitive decoders (Go's encoding/json)")
			}
			return false
		}
		c.skipWS()
		if c.i >= len(c.b) || c.b[c.i] != ':' {
			c.fail(Syntax, "expected ':' after object key")
			return false
		}
		c.i++
		c.skipWS()
		vs := c.i
		if !c.value() {
			return false
		}
		if c.t != nil {
			c.t.add(key, vs, c.i, c.esc)
		}
		c.skipWS()
		if c.i >= len(c.b) {
			c.fail(Syntax, "unterminated object")
			return false
		}
		switch c.b[c.i] {
		case ',':
			c.i++
		case '}':
			c.i++
			if c.t != nil {
				c.t.close(ci, open)
			}
			return true
		default:
			c.fail(Syntax, "expected ',' or '}' in object")
			return false
		}
	}
}

func (c *checker) arrayBody() bool {
	start := c.i
	c.i++ // [
	var ci, open int
	if c.t != nil {
		ci, open = c.t.open(start)
	}
	c.skipWS()
	if c.i < len(c.b) && c.b[c.i] == ']' {
		c.i++
		if c.t != nil {
			c.t.close(ci, open)
		}
		return true
	}
	c.path = append(c.path, pathElem{index: 0})
	for n := 0; ; n++ {
		c.path[len(c.path)-1] = pathElem{index: n}
		c.skipWS()
		vs := c.i
		if !c.value() {
			return false
		}
		if c.t != nil {
			c.t.add("", vs, c.i, c.esc)
		}
		c.skipWS()
		if c.i >= len(c.b) {
			c.fail(Syntax, "unterminated array")
			return false
		}
		switch c.b[c.i] {
		case ',':
			c.i++
		case ']':
			c.i++
			if c.t != nil {
				c.t.close(ci, open)
			}
			return true
		default:
			c.fail(Syntax, "expected ',' or ']' in array")
			return false
		}
	}
}
