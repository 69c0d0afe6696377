package plugin

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// hardeningPolicy fails open on the filter's own errors: the runner's
// failures must still never let a sandbox or approve call through.
const hardeningPolicy = `{
  "policy_version": "handoff-hardening",
  "on_error": "allow",
  "tools": {"default": "deny", "rules": [
    {"name": "run_python", "action": "sandbox", "sandbox": {"tool": "starlark", "timeout_ms": 2000}},
    {"name": "send_email", "risk": "irreversible", "action": "approve"}
  ]},
  "sandbox_runner": {"cluster": "runner", "authority": "runner", "timeout_ms": 5000, "secret": "s3cret-s3cret-s3cret"},
  "approval": {"timeout_ms": 8000}
}`

// runnerAnswer is what the runner (or Envoy, for a failed call) hands
// back for one dispatched call; status 0 is a connection failure or a
// timeout, which Envoy reports as a callback without headers.
type runnerAnswer struct {
	status int
	body   string
}

func (a runnerAnswer) deliver(host proxytest.HostEmulator, calloutID uint32) {
	var hdrs [][2]string
	if a.status != 0 {
		hdrs = [][2]string{{":status", strconv.Itoa(a.status)}, {"content-type", "application/json"}}
	}
	var body []byte
	if a.body != "" {
		body = []byte(a.body)
	}
	host.CallOnHttpCallResponse(calloutID, hdrs, nil, body)
}

func mcpCall(id int, name, args string) []byte {
	return []byte(`{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"method":"tools/call","params":{"name":"` + name +
		`","arguments":` + args + `}}`)
}

// startCall sends the request through the filter and returns the stream
// id; the filter must have paused it to ask the runner.
func startCall(t *testing.T, host proxytest.HostEmulator, body []byte, chunk int) uint32 {
	id := host.InitializeHttpContext()
	hdrs := [][2]string{{":method", "POST"}, {":path", "/mcp"}, {":authority", "tools.test"},
		{"content-type", "application/json"}, {"x-request-id", "req-1"}, {"content-length", strconv.Itoa(len(body))}}
	host.CallOnRequestHeaders(id, hdrs, false)
	act := feed(body, chunk, func(p []byte, end bool) types.Action { return host.CallOnRequestBody(id, p, end) })
	require.Equal(t, types.ActionPause, act, "the filter holds the call while it asks the runner")
	return id
}

// answerCallouts answers the stream's runner calls in order, one answer
// per call, and returns the paths the filter asked for.
func answerCallouts(t *testing.T, host proxytest.HostEmulator, id uint32, answers []runnerAnswer) []string {
	var paths []string
	for i, a := range answers {
		calls := host.GetCalloutAttributesFromContext(id)
		require.Len(t, calls, i+1, "runner call %d was not made (paths so far %v)", i+1, paths)
		c := calls[i]
		assert.Equal(t, "runner", c.Upstream)
		paths = append(paths, header(c.Headers, ":path"))
		a.deliver(host, c.CalloutID)
	}
	return paths
}

// TestRunnerFailureNeverForwards: whatever the runner answers short of a
// result or a human decision, a sandbox or approve call is refused with
// runner_error in the protocol's shape, under on_error allow too; the
// failure is counted and logged.
func TestRunnerFailureNeverForwards(t *testing.T) {
	approvalCreated := runnerAnswer{201, `{"id":"a1b2","state":"pending"}`}
	cases := []struct {
		name    string
		tool    string
		args    string
		answers []runnerAnswer
	}{
		{"sandbox runner down or timeout", "run_python", `{"code":"print(1)"}`, []runnerAnswer{{0, ""}}},
		{"sandbox runner 400", "run_python", `{"code":"print(1)"}`, []runnerAnswer{{400, `{"error":"body: too_deep"}`}}},
		{"sandbox runner 429", "run_python", `{"code":"print(1)"}`, []runnerAnswer{{429, `{"error":"busy"}`}}},
		{"sandbox runner 503", "run_python", `{"code":"print(1)"}`, []runnerAnswer{{503, "upstream connect error"}}},
		{"sandbox answer not JSON", "run_python", `{"code":"print(1)"}`, []runnerAnswer{{200, "<html>ok</html>"}}},
		{"sandbox answer without exit code", "run_python", `{"code":"print(1)"}`, []runnerAnswer{{200, `{"stdout":"1\n"}`}}},
		{"sandbox answer with a string exit code", "run_python", `{"code":"print(1)"}`, []runnerAnswer{{200, `{"exit_code":"0","stdout":"1\n","stderr":""}`}}},
		{"approval create runner down", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{{0, ""}}},
		{"approval create 400", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{{400, `{"error":"args"}`}}},
		{"approval create 429", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{{429, `{"error":"busy"}`}}},
		{"approval create 503", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{{503, ""}}},
		{"approval create answer without id", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{{201, `{"state":"pending"}`}}},
		{"approval wait runner down", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{approvalCreated, {0, ""}}},
		{"approval wait 503", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{approvalCreated, {503, ""}}},
		{"approval wait answer with unknown state", "send_email", `{"to":"boss@example.com"}`,
			[]runnerAnswer{approvalCreated, {200, `{"id":"a1b2","state":"maybe"}`}}},
		{"approval wait answer not JSON", "send_email", `{"to":"boss@example.com"}`, []runnerAnswer{approvalCreated, {200, "approved"}}},
		{"approval consume 503", "send_email", `{"to":"boss@example.com"}`,
			[]runnerAnswer{approvalCreated, {200, `{"id":"a1b2","state":"approved"}`}, {503, ""}}},
	}
	forEach(t, func(t *testing.T, r runner, chunk int) {
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				host := newHost(t, r, hardeningPolicy)
				id := startCall(t, host, mcpCall(i+1, tc.tool, tc.args), chunk)
				answerCallouts(t, host, id, tc.answers)
				local := host.GetSentLocalResponse(id)
				require.NotNil(t, local, "refused with a local reply, never forwarded (stream action %v)", host.GetCurrentHttpStreamAction(id))
				assert.False(t, gjson.GetBytes(local.Data, "result").Exists(), "no tool result: %s", local.Data)
				assert.Equal(t, "runner_error", gjson.GetBytes(local.Data, "error.data.reason").String(), "%s", local.Data)
				assert.Equal(t, int64(i+1), gjson.GetBytes(local.Data, "id").Int(), "the JSON-RPC error answers the call's id")
				assert.Equal(t, "runner_error", header(local.Headers, "x-aisecops-reason"))
				assert.Len(t, host.GetCalloutAttributesFromContext(id), len(tc.answers), "nothing more asked of the runner")
				assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.runner_error"))
				assert.Zero(t, counter(t, host, "aisecops_passthrough_total.reason.on_error_allow"))
				var logged bool
				for _, e := range events(host) {
					if gjson.Get(e, "reason").String() == "runner_error" {
						logged = true
						assert.Equal(t, "block", gjson.Get(e, "action").String(), "the event records the refusal: %s", e)
					}
				}
				assert.True(t, logged, "a runner_error event is logged: %v", events(host))
				host.CompleteHttpContext(id)
			})
		}
	})
}

// nestedArgs builds an arguments object nested depth levels deep.
func nestedArgs(depth int) string {
	return strings.Repeat(`{"a":`, depth-1) + `{}` + strings.Repeat(`}`, depth-1)
}

// TestApprovalArgsDepthAgreesWithRunner: arguments the runner would
// reject as too deep are refused by the filter before any hand-off, with
// too_deep and a reason naming the runner's limit; one level less goes to
// the runner. The filter's own limit (64) is deeper than the runner's.
func TestApprovalArgsDepthAgreesWithRunner(t *testing.T) {
	forEach(t, func(t *testing.T, r runner, chunk int) {
		t.Run("at the runner's limit", func(t *testing.T) {
			host := newHost(t, r, hardeningPolicy)
			id := startCall(t, host, mcpCall(7, "send_email", nestedArgs(runnerapi.MaxArgsDepth)), chunk)
			calls := host.GetCalloutAttributesFromContext(id)
			require.Len(t, calls, 1, "the approval is asked for")
			assert.Equal(t, "/v1/approvals", header(calls[0].Headers, ":path"))
			assert.Nil(t, host.GetSentLocalResponse(id))
			host.CompleteHttpContext(id)
		})
		t.Run("one level past it", func(t *testing.T) {
			host := newHost(t, r, hardeningPolicy)
			body := mcpCall(8, "send_email", nestedArgs(runnerapi.MaxArgsDepth+1))
			id := host.InitializeHttpContext()
			host.CallOnRequestHeaders(id, [][2]string{{":method", "POST"}, {":path", "/mcp"}, {":authority", "tools.test"},
				{"content-type", "application/json"}, {"content-length", strconv.Itoa(len(body))}}, false)
			feed(body, chunk, func(p []byte, end bool) types.Action { return host.CallOnRequestBody(id, p, end) })
			assert.Empty(t, host.GetCalloutAttributesFromContext(id), "nothing the runner would reject is sent to it")
			local := host.GetSentLocalResponse(id)
			require.NotNil(t, local, "refused, not forwarded, under on_error allow")
			assert.Equal(t, "too_deep", gjson.GetBytes(local.Data, "error.data.reason").String(), "%s", local.Data)
			assert.Equal(t, int64(8), gjson.GetBytes(local.Data, "id").Int())
			assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.too_deep"))
			var detail string
			for _, e := range events(host) {
				if gjson.Get(e, "reason").String() == "too_deep" {
					detail = gjson.Get(e, "detail").String()
				}
			}
			assert.Contains(t, detail, "sandbox-runner accepts "+strconv.Itoa(runnerapi.MaxArgsDepth), "events: %v", events(host))
			assert.Contains(t, detail, "send_email")
			host.CompleteHttpContext(id)
		})
	})
}
