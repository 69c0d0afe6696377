package wire

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/tidwall/gjson"
)

// MCP's streamable HTTP transport repeats parts of a request's body in
// headers (go-sdk sets them from protocol version 2026-07-28: SEP-2243),
// so that a proxy or load balancer can route on them without reading the
// body: Mcp-Method (the method), Mcp-Name (tools/call and prompts/get:
// params.name; resources/read: params.uri) and Mcp-Param-{Header} (a
// tools/call argument whose input-schema property says x-mcp-header:
// Header). Something that reads a header acts on one request while the
// server runs another when they disagree, so a header that names what the
// body does not is refused.
const (
	mcpMethodHeader = "mcp-method"
	mcpNameHeader   = "mcp-name"
	mcpParamPrefix  = "mcp-param-"
	// go-sdk wraps a parameter value that is not plain printable ASCII
	// (or has edge whitespace) as =?base64?<standard base64>?=.
	mcpBase64Prefix = "=?base64?"
	mcpBase64Suffix = "?="
)

// MCPHeaders keeps the request headers CheckMCPHeaders reads (Mcp-Method,
// Mcp-Name, Mcp-Param-*), names lower-cased, in order, repeats kept.
func MCPHeaders(all [][2]string) [][2]string {
	var out [][2]string
	for _, kv := range all {
		n := strings.ToLower(kv[0])
		if n == mcpMethodHeader || n == mcpNameHeader || strings.HasPrefix(n, mcpParamPrefix) {
			out = append(out, [2]string{n, kv[1]})
		}
	}
	return out
}

// CheckMCPHeaders checks the Mcp-* headers of an MCP request against its
// body, as extracted in pl. It returns "" when they agree (or there are
// none), else the reason "header_mismatch" and a detail naming the header
// and the message. Header values are not quoted in the detail (an
// argument may be personal data); method and tool names are.
//
// In a batch (which go-sdk never sends with these headers, and whose
// server then checks none) each header must hold for every message: what
// routes on the header must see what every message does.
//
// Mcp-Param-* names a header, not an argument: the binding is in the
// tool's input schema, which the request does not carry. The check is
// that the value (decoded as go-sdk encodes it) is the value of some
// string, integer or boolean argument; a value no argument has is refused.
func CheckMCPHeaders(hdrs [][2]string, body []byte, pl *Payload) (reason, detail string) {
	if len(hdrs) == 0 || pl == nil {
		return "", ""
	}
	for i, kv := range hdrs {
		for _, prev := range hdrs[:i] {
			if prev[0] == kv[0] {
				return "header_mismatch", headerTitle(kv[0]) + " header appears more than once"
			}
		}
	}
	if pl.Format != FormatMCP {
		return "", ""
	}
	root := gjson.ParseBytes(body)
	for _, m := range pl.RPC {
		where := "the body"
		if pl.Batch {
			where = "batch message " + m.Path
		}
		msg := root
		if m.Path != "" {
			msg = root.Get(m.Path)
		}
		for _, kv := range hdrs {
			if d := checkMCPHeader(kv[0], kv[1], m, msg); d != "" {
				return "header_mismatch", headerTitle(kv[0]) + " header " + d + " (" + where + ")"
			}
		}
	}
	return "", ""
}

// checkMCPHeader returns why one header disagrees with one message, or "".
func checkMCPHeader(name, value string, m RPCMessage, msg gjson.Result) string {
	if m.IsResponse {
		return "on a JSON-RPC response, which has no method"
	}
	params := msg.Get("params")
	switch {
	case name == mcpMethodHeader:
		if value != m.Method {
			return "does not match the method " + quote(m.Method)
		}
	case name == mcpNameHeader:
		key := ""
		switch m.Method {
		case "tools/call", "prompts/get":
			key = "name"
		case "resources/read":
			key = "uri"
		default:
			return "given for method " + quote(m.Method) + ", which names nothing"
		}
		if v := params.Get(key); v.Type != gjson.String || v.Str != value {
			return "does not match params." + key
		}
	default: // Mcp-Param-*
		if m.Method != "tools/call" {
			return "given for method " + quote(m.Method) + ", which has no arguments"
		}
		want, ok := decodeMCPHeaderValue(value)
		if !ok {
			return "is not valid =?base64?...?= encoding"
		}
		if !hasPrimitive(params.Get("arguments"), want) {
			return "value is not the value of any argument"
		}
	}
	return ""
}

// decodeMCPHeaderValue undoes go-sdk's =?base64?...?= wrapping.
func decodeMCPHeaderValue(v string) (string, bool) {
	if strings.HasPrefix(v, mcpBase64Prefix) && strings.HasSuffix(v, mcpBase64Suffix) && len(v) >= len(mcpBase64Prefix)+len(mcpBase64Suffix) {
		b, err := base64.StdEncoding.DecodeString(v[len(mcpBase64Prefix) : len(v)-len(mcpBase64Suffix)])
		if err != nil {
			return "", false
		}
		return string(b), true
	}
	return v, true
}

// hasPrimitive reports whether some string, safe integer or boolean
// inside v (objects followed, as a header binding's property path is)
// equals the header value h, compared as go-sdk compares them.
func hasPrimitive(v gjson.Result, h string) bool {
	found := false
	var walk func(v gjson.Result, depth int)
	walk = func(v gjson.Result, depth int) {
		switch {
		case found || depth > jsonx.DefaultMaxDepth:
		case v.IsObject():
			v.ForEach(func(_, c gjson.Result) bool {
				walk(c, depth+1)
				return !found
			})
		case v.Type == gjson.String:
			found = v.Str == h
		case v.Type == gjson.True || v.Type == gjson.False:
			found = strconv.FormatBool(v.Type == gjson.True) == h
		case v.Type == gjson.Number:
			found = safeIntEqual(v.Num, h)
		}
	}
	walk(v, 0)
	return found
}

// safeIntEqual is go-sdk's comparison of an integer argument with its
// header: both integral and within ±(2^53-1), and equal.
func safeIntEqual(body float64, h string) bool {
	const safe = 1<<53 - 1
	f, err := strconv.ParseFloat(h, 64)
	ok := func(x float64) bool {
		return !math.IsNaN(x) && !math.IsInf(x, 0) && x == math.Trunc(x) && x >= -safe && x <= safe
	}
	return err == nil && ok(f) && ok(body) && f == body
}

// headerTitle writes a lower-cased header name as HTTP canonicalises it
// (Mcp-Param-Region), for messages.
func headerTitle(n string) string {
	b := []byte(n)
	up := true
	for i, c := range b {
		if up && 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '-'
	}
	return string(b)
}
