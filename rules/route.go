package rules

import "strings"

// Routing: which request the filter inspects, and as which format.
//
// Envoy routes on its own reading of :path (with normalize_path and
// merge_slashes: unreserved characters percent-decoded, slashes merged, dot
// segments removed), and the upstream server may read it again another way
// (case-insensitively, decoding %2F, turning '\' into '/', decoding twice,
// cutting at NUL). The filter matches on Envoy's reading, case-insensitively,
// and when a path holds anything that makes those readings differ it also
// reads it the loosest way a server might; if either reading reaches a
// route, the path is refused as ambiguous rather than guessed.

// RouteResult is the routing decision for one request.
type RouteResult struct {
	// Format to inspect the stream as; FormatUnknown passes it.
	Format Format
	// Refuse, when set, is the reason to refuse the request outright
	// ("ambiguous_path", "unrouted"), whatever on_error says.
	Refuse string
	// Detail says why, without quoting the path.
	Detail string
}

// Route returns the format of a request path, or FormatUnknown when no
// route matches or the path is refused (see RouteRequest).
func (p *Policy) Route(path string) Format {
	r := p.RouteRequest("", path)
	if r.Refuse != "" {
		return FormatUnknown
	}
	return r.Format
}

// RouteRequest decides how a request to authority and path is handled:
// the host's own format, then filter.routes (first match wins), then the
// host's or the filter's unrouted setting.
func (p *Policy) RouteRequest(authority, path string) RouteResult {
	fc := &p.cfg.Filter
	var host *HostConfig
	refuseUnrouted := p.refuseUnrouted
	if i := fc.matchHost(authority); i >= 0 {
		host, refuseUnrouted = &fc.Hosts[i], p.hostRefuse[i]
	}
	clean, why := readPath(path, false)
	if why != "" {
		loose, _ := readPath(path, true)
		// A path no reading can route is none of our business: other
		// services behind the same proxy keep their %2F.
		if host != nil && host.Format != FormatUnknown || refuseUnrouted ||
			fc.matchRoute(clean) != FormatUnknown || fc.matchRoute(loose) != FormatUnknown {
			return RouteResult{Refuse: string(ReasonAmbiguousPath), Detail: "request path has " + why + ": servers read it differently"}
		}
		return RouteResult{}
	}
	if host != nil && host.Format != FormatUnknown {
		return RouteResult{Format: host.Format}
	}
	if f := fc.matchRoute(clean); f != FormatUnknown {
		return RouteResult{Format: f}
	}
	if refuseUnrouted {
		return RouteResult{Refuse: string(ReasonUnrouted), Detail: "no route of filter.routes matches the request path"}
	}
	return RouteResult{}
}

// matchRoute matches a path read by readPath (lower case, no query)
// against the routes, which ParseConfig keeps in lower case.
// A prefix matches as a plain string prefix, as Envoy's prefix match does;
// a suffix matches where the path ends or goes on with a further segment
// or a ';' parameter: "/v1/responses/resp_1" is a Responses call.
func (fc *FilterConfig) matchRoute(path string) Format {
	if path == "" {
		return FormatUnknown
	}
	for _, r := range fc.Routes {
		if r.PathPrefix != "" && strings.HasPrefix(path, r.PathPrefix) {
			return r.Format
		}
		if r.PathSuffix != "" && hasSegmentSuffix(path, r.PathSuffix) {
			return r.Format
		}
	}
	return FormatUnknown
}

func hasSegmentSuffix(path, suffix string) bool {
	for from := 0; from < len(path); {
		i := strings.Index(path[from:], suffix)
		if i < 0 {
			return false
		}
		end := from + i + len(suffix)
		if end == len(path) || path[end] == '/' || path[end] == ';' {
			return true
		}
		from += i + 1
	}
	return false
}

// PinServer is the server a tool pin is kept under: the authority as
// matchHost reads it (lower case, no trailing dot; the port kept) and the
// path as the routes read it. Spellings of one server that route alike
// (Tools.Internal/MCP, //mcp/./, /mcp/) share their pins; "" when the path is
// one the filter refuses.
func PinServer(authority, path string) string {
	clean, why := readPath(path, false)
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

// pinServerOf is PinServer of a configured "authority/path".
func pinServerOf(server string) string {
	i := strings.IndexByte(server, '/')
	if i < 0 {
		return PinServer(server, "/")
	}
	return PinServer(server[:i], server[i:])
}

// matchHost finds the filter.hosts entry for an authority: exact names
// first, then "*.domain" entries in document order. The port and a
// trailing dot are ignored, and case does not matter. It returns the
// entry's index, or -1.
func (fc *FilterConfig) matchHost(authority string) int {
	if len(fc.Hosts) == 0 || authority == "" {
		return -1
	}
	h := strings.ToLower(authority)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	for i := range fc.Hosts {
		if fc.Hosts[i].Authority == h {
			return i
		}
	}
	for i := range fc.Hosts {
		a := fc.Hosts[i].Authority
		if strings.HasPrefix(a, "*.") && strings.HasSuffix(h, a[1:]) {
			return i
		}
	}
	return -1
}

// readPath reads a request path the way the filter matches it: the query
// and fragment dropped, percent-escapes of unreserved characters decoded,
// slashes merged, dot segments removed, ASCII letters lower-cased.
//
// why names the first thing in the path that servers read differently: an
// encoded '/' or '\', a raw '\', an encoded dot segment, an invalid or
// double escape, NUL or another control character. With loose set, those
// are read the way the most lenient server would (decode everything, '\'
// as '/', a second decoding round, cut at NUL), to see where that reading
// goes.
func readPath(raw string, loose bool) (path, why string) {
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
