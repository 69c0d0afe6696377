package wire

import (
	"errors"
	"strconv"
	"strings"
)

// ReadPath reads a request path the way the filter matches it: the query
// and fragment dropped, percent-escapes of unreserved characters decoded,
// slashes merged, dot segments removed, ASCII letters lower-cased.
//
// why names the first thing in the path that servers read differently: an
// encoded '/' or '\', a raw '\', an encoded dot segment, an invalid or
// double escape, NUL or another control character. With loose set, those
// are read the way the most lenient server would (decode everything, '\'
// as '/', a second decoding round, cut at NUL), to see where that reading
// goes.
func ReadPath(raw string, loose bool) (path, why string) {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	if raw == "" || raw[0] != '/' && raw[0] != '\\' {
		// "*" (OPTIONS) and anything not origin-form: no route applies.
		return "", ""
	}
	note := func(w string) {
		if why == "" {
			why = w
		}
	}
	b := make([]byte, 0, len(raw))
	// encDot holds the offsets in b of the '.'s decoded from "%2e".
	var encDot []int
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '%':
			if i+2 >= len(raw) || unhex(raw[i+1]) < 0 || unhex(raw[i+2]) < 0 {
				note("an invalid percent-escape")
				b = append(b, '%')
				continue
			}
			d := byte(unhex(raw[i+1])<<4 | unhex(raw[i+2]))
			i += 2
			switch {
			case isUnreserved(d):
				if d == '.' {
					encDot = append(encDot, len(b))
				}
				b = append(b, lowerByte(d))
			case d == '/' || d == '\\':
				note("a percent-encoded '" + string(d) + "'")
				if loose {
					b = append(b, '/')
				} else {
					b = append(b, '%', hexUpper[d>>4], hexUpper[d&15])
				}
			case d == 0:
				note("an encoded NUL")
				if loose {
					return finishPath(b), why
				}
				b = append(b, "%00"...)
			case d == '%' && i+2 < len(raw) && unhex(raw[i+1]) >= 0 && unhex(raw[i+2]) >= 0:
				note("double percent-encoding")
				if loose {
					// A second decoding round turns "%256d" into "m".
					d2 := byte(unhex(raw[i+1])<<4 | unhex(raw[i+2]))
					i += 2
					if d2 == 0 {
						return finishPath(b), why
					}
					if d2 == '\\' {
						d2 = '/'
					}
					b = append(b, lowerByte(d2))
				} else {
					b = append(b, "%25"...)
				}
			case d < 0x20 || d == 0x7f:
				note("an encoded control character")
				if loose {
					b = append(b, d)
				} else {
					b = append(b, '%', hexUpper[d>>4], hexUpper[d&15])
				}
			default:
				if loose {
					b = append(b, lowerByte(d))
				} else {
					b = append(b, '%', hexUpper[d>>4], hexUpper[d&15])
				}
			}
		case c == '\\':
			note("a backslash")
			if loose {
				b = append(b, '/')
			} else {
				b = append(b, '\\')
			}
		case c == 0:
			note("a NUL byte")
			if loose {
				return finishPath(b), why
			}
			b = append(b, "%00"...)
		case c < 0x20 || c == 0x7f:
			note("a control character")
			b = append(b, c)
		default:
			b = append(b, lowerByte(c))
		}
	}
	if len(encDot) > 0 && hasEncodedDotSegment(b, encDot) {
		note("a percent-encoded dot segment")
	}
	return finishPath(b), why
}

// hasEncodedDotSegment reports whether a "." or ".." segment of b holds a
// '.' decoded from "%2e" (at the offsets in enc).
func hasEncodedDotSegment(b []byte, enc []int) bool {
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != '/' {
			continue
		}
		seg := string(b[start:i])
		if seg == "." || seg == ".." {
			for _, e := range enc {
				if e >= start && e < i {
					return true
				}
			}
		}
		start = i + 1
	}
	return false
}

// finishPath merges slashes and removes dot segments (RFC 3986 5.2.4),
// keeping a trailing slash.
func finishPath(b []byte) string {
	var segs []string
	trailing := false
	for _, s := range strings.Split(string(b), "/") {
		trailing = false
		switch s {
		case "":
			trailing = true
		case ".":
			trailing = true
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			trailing = true
		default:
			segs = append(segs, s)
		}
	}
	out := "/" + strings.Join(segs, "/")
	if trailing && len(segs) > 0 {
		out += "/"
	}
	return out
}

const hexUpper = "0123456789ABCDEF"

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// PinServer is the server a tool pin is kept under: the authority as
// matchHost reads it (lower case, no trailing dot; the port kept) and the
// path as the routes read it. Spellings of one server that route alike
// (Tools.Internal/MCP, //mcp/./, /mcp/) share their pins; "" when the path is
// one the filter refuses.
func PinServer(authority, path string) string {
	clean, why := ReadPath(path, false)
	if why != "" {
		return ""
	}
	h := strings.ToLower(authority)
	port := ""
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		h, port = h[:i], h[i:]
	}
	// /mcp/ and /mcp reach one endpoint on the servers we know of; a
	// server at the root is named by its authority alone.
	clean = strings.TrimSuffix(clean, "/")
	return strings.TrimSuffix(h, ".") + port + clean
}

// PinServerOf is PinServer of a configured "authority/path".
func PinServerOf(server string) string {
	i := strings.IndexByte(server, '/')
	if i < 0 {
		return PinServer(server, "/")
	}
	return PinServer(server[:i], server[i:])
}

// CheckHostname accepts lower-case ASCII DNS names. Non-ASCII hosts are
// refused outright: a lookalike (Cyrillic "о" in "gооgle.com") must be
// written as punycode to be allowed, and then it does not match the real
// name.
func CheckHostname(h string) error {
	if h == "" {
		return errors.New("empty host")
	}
	if len(h) > 253 {
		return errors.New("host longer than 253 bytes")
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return errors.New("empty or over-long label")
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return errors.New("label starts or ends with '-'")
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			case c == '%':
				return errors.New("percent-encoded host")
			case c >= 0x80:
				return errors.New("non-ASCII host (possible lookalike; use punycode)")
			default:
				return errors.New("invalid character " + strconv.Quote(string(c)) + " in host")
			}
		}
	}
	return nil
}
