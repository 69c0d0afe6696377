package plugin

import (
	"strconv"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// Issue 17 item 14: every path the shipped Envoy routes send to an upstream
// is inspected, whatever its spelling and method; a path that could be read
// two ways is refused.

const routesPolicy = `{
  "policy_version": "routes-1",
  "on_error": "allow",
  "tools": {"default": "deny", "rules": [{"name": "search_docs"}, {"name": "delete_*", "action": "deny"}]}
}`

// hostsPolicy adds hosts inspected whole, as under Istio, where each host
// has one catch-all route.
var hostsPolicy = withPolicy(routesPolicy, `{"name": "delete_*", "action": "deny"}]}`,
	`{"name": "delete_*", "action": "deny"}]},
  "filter": {"hosts": [
    {"authority": "api.openai.test", "unrouted": "refuse"},
    {"authority": "*.mcp.test", "format": "mcp"}
  ]}`)

// routeBodies holds one well-formed request body per format.
var routeBodies = map[string]string{
	"openai_chat":        `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}`,
	"openai_responses":   `{"model":"gpt-4.1","input":"hi"}`,
	"anthropic_messages": `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}`,
	"mcp":                `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"delete_all","arguments":{}}}`,
	"a2a":                `{"jsonrpc":"2.0","id":"r1","method":"message/send","params":{"message":{"role":"user","messageId":"m1","kind":"message","parts":[{"kind":"text","text":"hi"}]}}}`,
}

type rawRequest struct {
	method, authority, path string
	body                    []byte
	headers                 [][2]string
	status                  string
	respBody                []byte
}

// doRaw is do with the method and authority under the test's control.
func doRaw(t testing.TB, host proxytest.HostEmulator, rq rawRequest, chunk int) result {
	if rq.authority == "" {
		rq.authority = "upstream.test"
	}
	hdrs := [][2]string{{":method", rq.method}, {":path", rq.path}, {":authority", rq.authority},
		{"content-type", "application/json"}, {"x-request-id", "req-1"}}
	hdrs = append(hdrs, rq.headers...)
	if len(rq.body) > 0 {
		hdrs = append(hdrs, [2]string{"content-length", strconv.Itoa(len(rq.body))})
	}
	var res result
	res.id = host.InitializeHttpContext()
	res.reqAction = host.CallOnRequestHeaders(res.id, hdrs, len(rq.body) == 0)
	if len(rq.body) > 0 {
		res.reqAction = feed(rq.body, chunk, func(p []byte, end bool) types.Action {
			return host.CallOnRequestBody(res.id, p, end)
		})
	}
	res.local = host.GetSentLocalResponse(res.id)
	res.upBody = host.GetCurrentRequestBody(res.id)
	if res.local == nil && rq.respBody != nil {
		status := rq.status
		if status == "" {
			status = "200"
		}
		host.CallOnResponseHeaders(res.id, [][2]string{{":status", status}, {"content-type", "application/json"},
			{"content-length", strconv.Itoa(len(rq.respBody))}}, false)
		feed(rq.respBody, chunk, func(p []byte, end bool) types.Action {
			return host.CallOnResponseBody(res.id, p, end)
		})
		res.downBody = host.GetCurrentResponseBody(res.id)
		res.downHeaders = host.GetCurrentResponseHeaders(res.id)
	}
	host.CompleteHttpContext(res.id)
	return res
}

func TestRoutesInspectEveryRoutedPath(t *testing.T) {
	cases := []struct {
		name, method, path, format string
	}{
		{"trailing slash", "POST", "/v1/chat/completions/", "openai_chat"},
		{"further segment", "POST", "/v1/chat/completions/x", "openai_chat"},
		{"merged slashes inside", "POST", "/v1//chat/completions", "openai_chat"},
		{"path parameter", "POST", "/v1/chat/completions;v=1", "openai_chat"},
		{"query string", "POST", "/v1/messages?beta=true", "anthropic_messages"},
		{"encoded unreserved letter", "POST", "/%6dcp", "mcp"},
		{"encoded letter lower-case hex", "POST", "/v1/chat/c%6fmpletions", "openai_chat"},
		{"leading double slash", "POST", "//mcp", "mcp"},
		{"upper case", "POST", "/MCP", "mcp"},
		{"mixed case suffix", "POST", "/V1/Chat/Completions", "openai_chat"},
		{"dot-dot segment", "POST", "/x/../mcp", "mcp"},
		{"dot segment", "POST", "/./v1/messages", "anthropic_messages"},
		{"responses resource", "POST", "/v1/responses/resp_123/cancel", "openai_responses"},
		{"PUT", "PUT", "/mcp", "mcp"},
		{"PATCH", "PATCH", "/v1/messages", "anthropic_messages"},
		{"lower-case post", "post", "/mcp", "mcp"},
		{"DELETE with a body", "DELETE", "/a2a", "a2a"},
		{"GET with a body", "GET", "/v1/responses", "openai_responses"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forEach(t, func(t *testing.T, r runner, chunk int) {
				host := newHost(t, r, routesPolicy)
				res := doRaw(t, host, rawRequest{method: tc.method, path: tc.path, body: []byte(routeBodies[tc.format])}, chunk)
				assert.Equal(t, uint64(1), counter(t, host, "aisecops_requests_total.format."+tc.format+".direction.request"),
					"%s %s was not inspected as %s", tc.method, tc.path, tc.format)
				if tc.format == "mcp" {
					require.NotNil(t, res.local, "the denied tools/call must be refused")
					assert.Equal(t, "tool_denied", gjson.GetBytes(res.local.Data, "error.data.reason").String())
				}
			})
		})
	}
}

func TestRoutesRefuseAmbiguousPaths(t *testing.T) {
	paths := []struct{ name, path, why string }{
		{"encoded slash", "/v1/chat%2Fcompletions", "percent-encoded '/'"},
		{"encoded slash lower-case", "/mcp%2fx", "percent-encoded '/'"},
		{"encoded backslash", "/x%5C..%5Cmcp", "percent-encoded '\\'"},
		{"backslash", "/x\\..\\mcp", "backslash"},
		{"encoded dot-dot segment", "/x/%2e%2e/mcp", "percent-encoded dot segment"},
		{"half-encoded dot-dot segment", "/x/.%2E/mcp", "percent-encoded dot segment"},
		{"invalid escape", "/mcp/%zz", "invalid percent-escape"},
		{"truncated escape", "/mcp/%4", "invalid percent-escape"},
		{"encoded NUL", "/mcp%00.json", "NUL"},
		{"raw NUL", "/mcp\x00", "NUL"},
		{"double encoding", "/%256dcp", "double percent-encoding"},
		{"control character", "/mcp\x01x", "control character"},
	}
	for _, tc := range paths {
		t.Run(tc.name, func(t *testing.T) {
			forEach(t, func(t *testing.T, r runner, chunk int) {
				// on_error is allow in routesPolicy: ambiguity is not a
				// failure of the filter and never fails open.
				host := newHost(t, r, routesPolicy)
				res := doRaw(t, host, rawRequest{method: "POST", path: tc.path, body: []byte(routeBodies["mcp"])}, chunk)
				require.NotNil(t, res.local, "%q must be refused", tc.path)
				assert.Equal(t, uint32(400), res.local.StatusCode)
				assert.Equal(t, "ambiguous_path", header(res.local.Headers, "x-aisecops-reason"))
				assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.ambiguous_path"))
				ev := events(host)
				require.Len(t, ev, 1)
				assert.Equal(t, "ambiguous_path", gjson.Get(ev[0], "reason").String())
				assert.Contains(t, gjson.Get(ev[0], "detail").String(), tc.why)
			})
		})
	}
	t.Run("ambiguous path no route could reach passes", func(t *testing.T) {
		forEach(t, func(t *testing.T, r runner, chunk int) {
			host := newHost(t, r, routesPolicy)
			res := doRaw(t, host, rawRequest{method: "POST", path: "/storage/a%2Fb", body: []byte(`{}`)}, chunk)
			assert.Nil(t, res.local)
			assert.Equal(t, uint64(1), counter(t, host, "aisecops_passthrough_total.reason.no_route"))
		})
	})
}

func TestRoutesBodilessGetResponseInspected(t *testing.T) {
	// GET /v1/responses/{id} retrieves a stored response (or resumes its
	// stream): the request has nothing to judge, its answer does.
	resp := []byte(`{"id":"resp_123","object":"response","status":"completed","model":"gpt-4.1","output":[` +
		`{"type":"function_call","id":"fc_1","call_id":"call_1","name":"delete_all","arguments":"{}","status":"completed"}]}`)
	for _, method := range []string{"GET", "get"} {
		t.Run(method, func(t *testing.T) {
			forEach(t, func(t *testing.T, r runner, chunk int) {
				host := newHost(t, r, routesPolicy)
				res := doRaw(t, host, rawRequest{method: method, path: "/v1/responses/resp_123", respBody: resp}, chunk)
				require.Nil(t, res.local, "a bodiless GET passes its request")
				assert.Equal(t, uint64(1), counter(t, host, "aisecops_passthrough_total.reason.method"))
				assert.Equal(t, uint64(1), counter(t, host, "aisecops_requests_total.format.openai_responses.direction.response"),
					"the GET's response must be judged")
				assert.NotContains(t, string(res.downBody), "delete_all", "the denied call must not reach the agent")
				assert.Equal(t, "403", header(res.downHeaders, ":status"))
			})
		})
	}
}

func TestRoutesUnroutedHosts(t *testing.T) {
	forEach(t, func(t *testing.T, r runner, chunk int) {
		host := newHost(t, r, hostsPolicy)
		// A host that is inspected whole: a path no adapter knows is
		// refused, whatever the authority's spelling.
		for _, authority := range []string{"api.openai.test", "API.OpenAI.test.:443"} {
			res := doRaw(t, host, rawRequest{method: "POST", authority: authority, path: "/v2/unknown", body: []byte(`{}`)}, chunk)
			require.NotNil(t, res.local, authority)
			assert.Equal(t, uint32(404), res.local.StatusCode)
			assert.Equal(t, "unrouted", header(res.local.Headers, "x-aisecops-reason"))
		}
		res := doRaw(t, host, rawRequest{method: "GET", authority: "api.openai.test", path: "/v2/models"}, chunk)
		require.NotNil(t, res.local, "a bodiless request to an unknown path is refused too")
		assert.Equal(t, uint64(3), counter(t, host, "aisecops_errors_total.kind.unrouted"))
		// Known paths on that host are inspected.
		res = doRaw(t, host, rawRequest{method: "POST", authority: "api.openai.test", path: "/v1/chat/completions", body: []byte(routeBodies["openai_chat"])}, chunk)
		assert.Nil(t, res.local)
		assert.Equal(t, uint64(1), counter(t, host, "aisecops_requests_total.format.openai_chat.direction.request"))
		// Other hosts keep unrouted: pass.
		res = doRaw(t, host, rawRequest{method: "POST", authority: "other.test", path: "/v2/unknown", body: []byte(`{}`)}, chunk)
		assert.Nil(t, res.local)
		assert.Equal(t, uint64(1), counter(t, host, "aisecops_passthrough_total.reason.no_route"))
		// A host with a default format: every path is read as that format.
		res = doRaw(t, host, rawRequest{method: "POST", authority: "tools.mcp.test:8080", path: "/", body: []byte(routeBodies["mcp"])}, chunk)
		require.NotNil(t, res.local, "the denied tools/call must be refused")
		assert.Equal(t, "tool_denied", gjson.GetBytes(res.local.Data, "error.data.reason").String())
	})
}

func TestRoutesRefuseUpgrade(t *testing.T) {
	// An upgraded stream (WebSocket) carries frames the filter cannot
	// read: on an inspected route it is refused, elsewhere it passes.
	upgrade := [][2]string{{"connection", "upgrade"}, {"upgrade", "websocket"}}
	forEach(t, func(t *testing.T, r runner, chunk int) {
		host := newHost(t, r, routesPolicy)
		res := doRaw(t, host, rawRequest{method: "GET", path: "/mcp", headers: upgrade}, chunk)
		require.NotNil(t, res.local)
		assert.Equal(t, uint32(403), res.local.StatusCode)
		assert.Equal(t, "upgrade", header(res.local.Headers, "x-aisecops-reason"))
		assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.upgrade"))
		res = doRaw(t, host, rawRequest{method: "GET", path: "/ws", headers: upgrade}, chunk)
		assert.Nil(t, res.local)
	})
}
