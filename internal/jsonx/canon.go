package jsonx

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// Canonical re-encodes a valid JSON value with object keys sorted, no
// insignificant whitespace and minimal string escaping, so two documents
// that mean the same thing hash the same. Numbers keep their text. The
// input must have passed Check; anything else yields "null".
func Canonical(raw []byte) []byte {
	// The canonical form is at most about as long as the input: one
	// buffer, not a doubling series (events are sealed this way, one
	// per decision).
	return appendCanonical(make([]byte, 0, len(raw)+16), gjson.ParseBytes(raw))
}

func appendCanonical(out []byte, v gjson.Result) []byte {
	switch {
	case v.IsObject():
		type kv struct {
			k string
			v gjson.Result
		}
		// Counted first: one slice of the right size rather than a
		// doubling series of 96-byte members.
		n := 0
		v.ForEach(func(_, _ gjson.Result) bool { n++; return true })
		kvs := make([]kv, 0, n)
		v.ForEach(func(k, val gjson.Result) bool {
			kvs = append(kvs, kv{k.String(), val})
			return true
		})
		slices.SortFunc(kvs, func(a, b kv) int { return strings.Compare(a.k, b.k) })
		out = append(out, '{')
		for i, e := range kvs {
			if i > 0 {
				out = append(out, ',')
			}
			out = AppendString(out, e.k)
			out = append(out, ':')
			out = appendCanonical(out, e.v)
		}
		return append(out, '}')
	case v.IsArray():
		out = append(out, '[')
		i := 0
		v.ForEach(func(_, e gjson.Result) bool {
			if i > 0 {
				out = append(out, ',')
			}
			out = appendCanonical(out, e)
			i++
			return true
		})
		return append(out, ']')
	case v.Type == gjson.String:
		return AppendString(out, v.Str)
	case v.Type == gjson.Number, v.Type == gjson.True, v.Type == gjson.False:
		return append(out, v.Raw...)
	}
	return append(out, "null"...)
}

// AppendString appends s as a JSON string, escaping only what JSON
// requires (quote, backslash, control characters).
func AppendString(out []byte, s string) []byte {
	out = append(out, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				out = append(out, `\ufffd`...)
			} else {
				out = append(out, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"':
			out = append(out, `\"`...)
		case c == '\\':
			out = append(out, `\\`...)
		case c == '\n':
			out = append(out, `\n`...)
		case c == '\r':
			out = append(out, `\r`...)
		case c == '\t':
			out = append(out, `\t`...)
		case c < 0x20:
			out = append(out, `\u00`...)
			out = append(out, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xF])
		default:
			out = append(out, c)
		}
		i++
	}
	return append(out, '"')
}

// Quote returns s as a JSON string literal.
func Quote(s string) string { return string(AppendString(nil, s)) }

// SHA256Hex is the SHA-256 of b in lower-case hex.
func SHA256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// CanonicalHash is SHA256Hex of the canonical form of raw: equal for two
// documents that mean the same thing.
func CanonicalHash(raw []byte) string { return SHA256Hex(Canonical(raw)) }
