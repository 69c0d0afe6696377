package plugin

import (
	"strconv"
	"time"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/tidwall/gjson"
)

// The hand-off to the sandbox-runner, over the runner's Envoy cluster:
//
//   - sandbox: POST /v1/exec with the call's program; the agent gets the
//     runner's output as the MCP tools/call result, and the upstream tool
//     server never sees the call.
//   - approve: POST /v1/approvals, then long-poll GET /v1/approvals/{id}
//     until a human decides or the approval times out; an approved call is
//     consumed (POST .../consume with the same tool and arguments, which
//     the runner checks against the approval's hash) and then resumed.
//
// Runner errors and timeouts follow on_error.

// handoff decides whether a verdict is carried out by the runner. It
// returns true when it took over the stream (the caller returns Pause).
func (h *httpContext) handoffRequest(v *rules.Verdict) bool {
	if h.p.policy.Config().SandboxRunner == nil || v.Payload == nil || len(v.Payload.Calls) != 1 ||
		len(v.Payload.RPC) != 1 || h.format != rules.FormatMCP {
		return false
	}
	c := v.Calls[0]
	call := v.Payload.Calls[0]
	id := v.Payload.RPC[0].ID
	switch c.Action {
	case rules.ActionSandbox:
		h.startSandbox(call, c.Sandbox, id)
		return true
	case rules.ActionApprove:
		h.startApproval([]rules.ToolCall{call}, "tool requires approval by policy ("+c.Rule+")", func() {
			h.phase = phaseResponse
			if err := proxywasm.ResumeHttpRequest(); err != nil {
				h.p.m.failure("host_error")
			}
		}, func(reason string) {
			h.refuseRequest(reason, []string{id})
		})
		return true
	}
	return false
}

// handoffResponse asks for approval of every call in an LLM response that
// needs it, then lets the response through, or refuses it.
func (h *httpContext) handoffResponse(v *rules.Verdict) bool {
	if h.p.policy.Config().SandboxRunner == nil || v.Payload == nil || v.Action != rules.ActionApprove {
		return false
	}
	var calls []rules.ToolCall
	for _, c := range v.Calls {
		switch c.Action {
		case rules.ActionApprove:
			calls = append(calls, v.Payload.Calls[c.Index])
		case rules.ActionAllow:
		default:
			return false // something else is refused: no point asking a human
		}
	}
	h.startApproval(calls, "irreversible tool call in a model response", func() {
		if err := proxywasm.ResumeHttpResponse(); err != nil {
			h.p.m.failure("host_error")
		}
	}, func(reason string) {
		r := h.p.policy.Refuse(h.format, rules.StatusFor(reason), reason, rules.RefusalMessage(reason), responseIDs(v))
		if err := h.replaceResponseBody(r.Body, r.ContentType, r.Status); err != nil {
			h.p.m.failure("host_error")
		}
		if err := proxywasm.ResumeHttpResponse(); err != nil {
			h.p.m.failure("host_error")
		}
	})
	return true
}

func (h *httpContext) runnerHeaders(method, path string) [][2]string {
	rc := h.p.policy.Config().SandboxRunner
	hdrs := [][2]string{{":method", method}, {":path", path}, {":authority", rc.Authority},
		{"content-type", "application/json"}, {"x-request-id", h.requestID}}
	if rc.Secret != "" {
		hdrs = append(hdrs, [2]string{rc.SecretHeader, rc.Secret})
	}
	return hdrs
}

// dispatch sends one call to the runner; fn gets the status and body, or
// status 0 when the call failed. Callbacks are guarded like host
// callbacks.
func (h *httpContext) dispatch(method, path string, body []byte, timeout time.Duration, fn func(status int, body []byte)) {
	rc := h.p.policy.Config().SandboxRunner
	_, err := proxywasm.DispatchHttpCall(rc.Cluster, h.runnerHeaders(method, path), body, nil, uint32(timeout.Milliseconds()),
		func(_, bodySize, _ int) {
			var act types.Action
			defer h.guard(&act, "runner_callback")
			status := 0
			if hdrs, err := proxywasm.GetHttpCallResponseHeaders(); err == nil {
				for _, kv := range hdrs {
					if kv[0] == ":status" {
						status, _ = strconv.Atoi(kv[1])
					}
				}
			}
			var b []byte
			if bodySize > 0 {
				b, _ = proxywasm.GetHttpCallResponseBody(0, bodySize)
			}
			fn(status, b)
		})
	if err != nil {
		h.p.m.failure("runner_error")
		fn(0, nil)
	}
}

// runnerFailed applies on_error to a runner failure: refuse with
// runner_error, or let the original exchange go on.
func (h *httpContext) runnerFailed(detail string, resume func(), refuse func(reason string)) {
	h.p.m.failure("runner_error")
	act := h.p.policy.OnErrorAction()
	h.reportError(rules.Request, "runner_error", detail, act)
	if act == rules.ActionAllow {
		h.p.m.pass("on_error_allow")
		resume()
		return
	}
	refuse("runner_error")
}

func (h *httpContext) startSandbox(call rules.ToolCall, sb *rules.SandboxConfig, rpcID string) {
	input := gjson.GetBytes(call.Args, sb.InputArg)
	if input.Type != gjson.String {
		h.refuseRequest("tool_sandbox", []string{rpcID})
		return
	}
	body := []byte(`{"tool":` + rules.QuoteJSON(sb.Tool) + `,"input":` + rules.QuoteJSON(input.Str) +
		`,"limits":{"timeout_ms":` + strconv.Itoa(sb.TimeoutMS) + `,"memory_mb":` + strconv.Itoa(sb.MemoryMB) +
		`},"request_id":` + rules.QuoteJSON(h.requestID) + `}`)
	timeout := time.Duration(h.p.policy.Config().SandboxRunner.TimeoutMS)*time.Millisecond + time.Duration(sb.TimeoutMS)*time.Millisecond
	h.dispatch("POST", "/v1/exec", body, timeout, func(status int, b []byte) {
		if status != 200 || !gjson.ValidBytes(b) {
			h.runnerFailed("exec answered "+strconv.Itoa(status), func() {
				h.phase = phaseResponse
				_ = proxywasm.ResumeHttpRequest()
			}, func(reason string) { h.refuseRequest(reason, []string{rpcID}) })
			return
		}
		res := gjson.ParseBytes(b)
		exit := res.Get("exit_code").Int()
		text := res.Get("stdout").String()
		if exit != 0 {
			text += res.Get("stderr").String()
			if lim := res.Get("limit_hit").String(); lim != "" {
				text += "\n[sandbox stopped the program: " + lim + " limit]"
			}
		}
		isErr := "false"
		if exit != 0 {
			isErr = "true"
		}
		id := rpcID
		if id == "" {
			id = "null"
		}
		out := []byte(`{"jsonrpc":"2.0","id":` + id + `,"result":{"content":[{"type":"text","text":` +
			rules.QuoteJSON(text) + `}],"isError":` + isErr + `}}`)
		h.phase = phaseDone
		if err := proxywasm.SendHttpResponse(200, [][2]string{{"content-type", "application/json"},
			{"x-aisecops-reason", "tool_sandbox"}}, out, -1); err != nil {
			h.p.m.failure("host_error")
		}
	})
}

// startApproval asks the runner for a human decision on each call in turn;
// all must be approved (and consumed) for approved() to run.
func (h *httpContext) startApproval(calls []rules.ToolCall, reason string, approved func(), refused func(reason string)) {
	pol := h.p.policy.Config()
	deadline := time.Now().Add(time.Duration(pol.Approval.TimeoutMS) * time.Millisecond)
	runnerTimeout := time.Duration(pol.SandboxRunner.TimeoutMS) * time.Millisecond
	var next func(i int)
	next = func(i int) {
		if i == len(calls) {
			approved()
			return
		}
		c := calls[i]
		body := []byte(`{"tool":` + rules.QuoteJSON(c.Name) + `,"args":` + string(c.Args) + `,"reason":` +
			rules.QuoteJSON(reason) + `,"request_id":` + rules.QuoteJSON(h.requestID) +
			`,"timeout_ms":` + strconv.Itoa(pol.Approval.TimeoutMS) + `}`)
		h.dispatch("POST", "/v1/approvals", body, runnerTimeout, func(status int, b []byte) {
			id := gjson.GetBytes(b, "id").String()
			if status != 201 || id == "" {
				h.runnerFailed("approval create answered "+strconv.Itoa(status), approved, refused)
				return
			}
			h.waitApproval(id, c, deadline, runnerTimeout, func() { next(i + 1) }, refused, approved)
		})
	}
	next(0)
}

// waitApproval long-polls one approval until it is decided or the
// deadline passes, then consumes an approved one.
func (h *httpContext) waitApproval(id string, c rules.ToolCall, deadline time.Time, runnerTimeout time.Duration,
	ok func(), refused func(string), resumeOnError func()) {
	remaining := time.Until(deadline)
	if remaining <= 0 {
		refused("approval_expired")
		return
	}
	wait := min(remaining, 25*time.Second)
	path := "/v1/approvals/" + id + "?wait=" + strconv.Itoa(int(wait.Milliseconds())) + "ms"
	h.dispatch("GET", path, nil, wait+runnerTimeout, func(status int, b []byte) {
		if status != 200 {
			h.runnerFailed("approval wait answered "+strconv.Itoa(status), resumeOnError, refused)
			return
		}
		switch gjson.GetBytes(b, "state").String() {
		case "pending":
			h.waitApproval(id, c, deadline, runnerTimeout, ok, refused, resumeOnError)
		case "approved":
			body := []byte(`{"tool":` + rules.QuoteJSON(c.Name) + `,"args":` + string(c.Args) + `}`)
			h.dispatch("POST", "/v1/approvals/"+id+"/consume", body, runnerTimeout, func(status int, _ []byte) {
				if status != 200 {
					refused("approval_not_usable")
					return
				}
				ok()
			})
		case "denied":
			refused("approval_denied")
		default:
			refused("approval_expired")
		}
	})
}
