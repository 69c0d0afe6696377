package rules

import (
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadPath(t *testing.T) {
	tests := []struct {
		name, raw, want, why, loose string
	}{
		{name: "plain", raw: "/v1/chat/completions", want: "/v1/chat/completions"},
		{name: "query and fragment dropped", raw: "/mcp?x=%2F#f", want: "/mcp"},
		{name: "unreserved decoded", raw: "/%6D%63%70/%7Ex", want: "/mcp/~x"},
		{name: "reserved kept encoded, hex upper-cased", raw: "/a%3fb%3A", want: "/a%3Fb%3A"},
		{name: "case folded", raw: "/V1/Messages", want: "/v1/messages"},
		{name: "slashes merged", raw: "//v1///messages", want: "/v1/messages"},
		{name: "trailing slash kept", raw: "/v1/chat/completions/", want: "/v1/chat/completions/"},
		{name: "dot segments", raw: "/a/./b/../../mcp", want: "/mcp"},
		{name: "dot-dot above the root", raw: "/../../mcp", want: "/mcp"},
		{name: "trailing dot-dot", raw: "/mcp/x/..", want: "/mcp/"},
		{name: "encoded slash", raw: "/a%2fb", want: "/a%2Fb", why: "a percent-encoded '/'", loose: "/a/b"},
		{name: "encoded backslash", raw: "/x%5c..%5cmcp", want: "/x%5C..%5Cmcp", why: "a percent-encoded '\\'", loose: "/mcp"},
		{name: "backslash", raw: "/x\\..\\mcp", want: "/x\\..\\mcp", why: "a backslash", loose: "/mcp"},
		{name: "encoded dot segment", raw: "/x/%2E%2e/mcp", want: "/mcp", why: "a percent-encoded dot segment", loose: "/mcp"},
		{name: "encoded dot not a segment", raw: "/a%2Ejson", want: "/a.json"},
		{name: "invalid escape", raw: "/mcp/%zz", want: "/mcp/%zz", why: "an invalid percent-escape", loose: "/mcp/%zz"},
		{name: "truncated escape", raw: "/mcp%4", want: "/mcp%4", why: "an invalid percent-escape", loose: "/mcp%4"},
		{name: "encoded NUL", raw: "/mcp%00.json", want: "/mcp%00.json", why: "an encoded NUL", loose: "/mcp"},
		{name: "raw NUL", raw: "/mcp\x00x", want: "/mcp%00x", why: "a NUL byte", loose: "/mcp"},
		{name: "double encoding", raw: "/%256Dcp", want: "/%256dcp", why: "double percent-encoding", loose: "/mcp"},
		{name: "control character", raw: "/mcp\t", want: "/mcp\t", why: "a control character", loose: "/mcp\t"},
		{name: "asterisk form", raw: "*", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, why := wire.ReadPath(tc.raw, false)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.why, why)
			if tc.why != "" {
				loose, _ := wire.ReadPath(tc.raw, true)
				assert.Equal(t, tc.loose, loose)
			}
		})
	}
}

func TestRouteRequest(t *testing.T) {
	p, err := Load([]byte(`{"policy_version":"r","filter":{"hosts":[
		{"authority":"api.openai.test","unrouted":"refuse"},
		{"authority":"*.mcp.test","format":"mcp"},
		{"authority":"pass.mcp.test","unrouted":"pass"}]}}`))
	require.NoError(t, err)
	tests := []struct {
		name, authority, path string
		format                Format
		refuse                Reason
	}{
		{"suffix", "", "/v1/chat/completions", FormatOpenAIChat, ""},
		{"suffix with base path", "", "/openai/deployments/gpt/chat/completions", FormatOpenAIChat, ""},
		{"suffix then segment", "", "/v1/responses/resp_1", FormatOpenAIResponses, ""},
		{"suffix then parameter", "", "/v1/messages;a=b", FormatAnthropic, ""},
		{"suffix inside a word", "", "/v1/chat/completionsx", FormatUnknown, ""},
		{"prefix before suffix", "", "/mcp/messages", FormatMCP, ""},
		{"prefix is a string prefix", "", "/mcpx", FormatMCP, ""},
		{"upper case", "", "/A2A/x", FormatA2A, ""},
		{"other path", "", "/healthz", FormatUnknown, ""},
		{"ambiguous routed path", "", "/v1/chat%2Fcompletions", FormatUnknown, "ambiguous_path"},
		{"ambiguous unrouted path", "", "/files/a%2Fb", FormatUnknown, ""},
		{"host refuses unrouted", "api.openai.test", "/v2/x", FormatUnknown, "unrouted"},
		{"host spelled differently", "API.OPENAI.TEST.:8443", "/v2/x", FormatUnknown, "unrouted"},
		{"host route still applies", "api.openai.test", "/v1/chat/completions", FormatOpenAIChat, ""},
		{"host refuses ambiguous", "api.openai.test", "/files/a%2Fb", FormatUnknown, "ambiguous_path"},
		{"host format", "x.mcp.test:80", "/anything", FormatMCP, ""},
		{"host format over routes", "x.mcp.test", "/v1/messages", FormatMCP, ""},
		{"wildcard is not the apex", "mcp.test", "/anything", FormatUnknown, ""},
		{"exact entry before wildcard", "pass.mcp.test", "/anything", FormatUnknown, ""},
		{"suffix-lookalike host", "evilmcp.test", "/anything", FormatUnknown, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := p.RouteRequest(tc.authority, tc.path)
			assert.Equal(t, tc.format, r.Format)
			assert.Equal(t, tc.refuse, r.Refuse)
		})
	}
	q, err := Load([]byte(`{"policy_version":"r","filter":{"unrouted":"refuse"}}`))
	require.NoError(t, err)
	assert.Equal(t, ReasonUnrouted, q.RouteRequest("any.test", "/v2/x").Refuse)
}

func TestRouteConfigErrors(t *testing.T) {
	tests := []struct{ name, filter, want string }{
		{"relative prefix", `{"routes":[{"path_prefix":"mcp","format":"mcp"}]}`, `filter.routes[0].path_prefix: invalid value "mcp": must start with '/'`},
		{"encoded prefix", `{"routes":[{"path_prefix":"/m%63p","format":"mcp"}]}`, `filter.routes[0].path_prefix: invalid value "/m%63p": must be a plain path`},
		{"dot segment", `{"routes":[{"path_prefix":"/x/../mcp","format":"mcp"}]}`, `filter.routes[0].path_prefix: invalid value "/x/../mcp": must be a plain path`},
		{"double slash", `{"routes":[{"path_suffix":"//messages","format":"anthropic_messages"}]}`, `filter.routes[0].path_suffix: invalid value "//messages": must be a plain path`},
		{"suffix with trailing slash", `{"routes":[{"path_suffix":"/messages/","format":"anthropic_messages"}]}`, `filter.routes[0].path_suffix: invalid value "/messages/": must not end with '/'`},
		{"bad unrouted", `{"unrouted":"block"}`, `filter.unrouted: invalid value "block" (want pass|refuse)`},
		{"host without authority", `{"hosts":[{"format":"mcp"}]}`, `filter.hosts[0].authority: required`},
		{"host with port", `{"hosts":[{"authority":"a.test:443","unrouted":"refuse"}]}`, `filter.hosts[0].authority: invalid value "a.test:443"`},
		{"host with both", `{"hosts":[{"authority":"a.test","format":"mcp","unrouted":"refuse"}]}`, `filter.hosts[0]: set format or unrouted, not both`},
		{"host bad format", `{"hosts":[{"authority":"a.test","format":"grpc"}]}`, `filter.hosts[0].format: invalid value "grpc"`},
		{"host unknown key", `{"hosts":[{"authority":"a.test","path":"/"}]}`, `filter.hosts[0].path: unknown field`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(`{"policy_version":"r","filter":` + tc.filter + `}`))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	c, err := ParseConfig([]byte(`{"policy_version":"r","filter":{"routes":[{"path_prefix":"/MCP/v1","format":"mcp"}]}}`))
	require.NoError(t, err)
	assert.Equal(t, "/mcp/v1", c.Filter.Routes[0].PathPrefix, "kept in lower case")
	for _, r := range config.DefaultRoutes() {
		p := r.PathPrefix + r.PathSuffix
		got, why := wire.ReadPath(p, false)
		assert.Equal(t, p, got, "default route %s is a plain lower-case path", p)
		assert.Empty(t, why)
		assert.Equal(t, strings.ToLower(p), p)
	}
}
