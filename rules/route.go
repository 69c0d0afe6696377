package rules

import (
	"strings"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/wire"
)

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
	Refuse Reason
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
	var host *config.HostConfig
	refuseUnrouted := p.refuseUnrouted
	if i := matchHost(fc, authority); i >= 0 {
		host, refuseUnrouted = &fc.Hosts[i], p.hostRefuse[i]
	}
	clean, why := wire.ReadPath(path, false)
	if why != "" {
		loose, _ := wire.ReadPath(path, true)
		// A path no reading can route is none of our business: other
		// services behind the same proxy keep their %2F.
		if host != nil && host.Format != FormatUnknown || refuseUnrouted ||
			matchRoute(fc, clean) != FormatUnknown || matchRoute(fc, loose) != FormatUnknown {
			return RouteResult{Refuse: ReasonAmbiguousPath, Detail: "request path has " + why + ": servers read it differently"}
		}
		return RouteResult{}
	}
	if host != nil && host.Format != FormatUnknown {
		return RouteResult{Format: host.Format}
	}
	if f := matchRoute(fc, clean); f != FormatUnknown {
		return RouteResult{Format: f}
	}
	if refuseUnrouted {
		return RouteResult{Refuse: ReasonUnrouted, Detail: "no route of filter.routes matches the request path"}
	}
	return RouteResult{}
}

// matchRoute matches a path read by wire.ReadPath (lower case, no query)
// against the routes, which ParseConfig keeps in lower case.
// A prefix matches as a plain string prefix, as Envoy's prefix match does;
// a suffix matches where the path ends or goes on with a further segment
// or a ';' parameter: "/v1/responses/resp_1" is a Responses call.
func matchRoute(fc *config.FilterConfig, path string) Format {
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

// matchHost finds the filter.hosts entry for an authority: exact names
// first, then "*.domain" entries in document order. The port and a
// trailing dot are ignored, and case does not matter. It returns the
// entry's index, or -1.
func matchHost(fc *config.FilterConfig, authority string) int {
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
