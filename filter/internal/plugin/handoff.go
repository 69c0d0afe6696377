package plugin

import (
	"strconv"
	"time"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
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
// A call the policy gives to a human or the sandbox is never forwarded
// without one: every runner failure (no answer, a timeout, any status but
// the expected one, an answer of the wrong shape) refuses it with
// runner_error, whatever on_error says, because a hostile caller could
// otherwise provoke the failure to reach the fail-open branch. Arguments
// the runner would reject (runnerapi.MaxJSONDepth) are refused before the
// hand-off, with the runner's limit named in the event.

// handoffRequest decides whether a verdict is carried out by the runner.
// It returns true when it took over the stream (the caller returns
// Pause). When the hand-off cannot start it sets v.Reason to why and
// returns false, and the caller refuses the call.
func (h *httpContext) handoffRequest(v *rules.Verdict) bool {
	if _, ok := h.p.policy.Runner(); !ok || v.Payload == nil || len(v.Payload.Calls) != 1 ||
		len(v.Payload.RPC) != 1 || h.format != rules.FormatMCP {
		return false
	}
	c := v.Calls[0]
	call := v.Payload.Calls[0]
	id := v.Payload.RPC[0].ID
	var err *handoffError
	switch c.Action {
	case rules.ActionSandbox:
		err = h.startSandbox(call, c.Sandbox, id)
	case rules.ActionApprove:
		err = h.startApproval(rules.Request, []wire.ToolCall{call}, "tool requires approval by policy ("+c.Rule+")", func() {
			h.phase = phaseResponse
			if err := proxywasm.ResumeHttpRequest(); err != nil {
				h.p.m.failure("host_error")
			}
		}, func(reason rules.Reason) {
			h.refuseRequest(reason, []string{id})
		})
	default:
		return false
	}
	if err != nil {
		h.handoffFailed(rules.Request, v, err)
		return false
	}
	return true
}

// handoffResponse asks for approval of every call in an LLM response that
// needs it, then lets the response through, or refuses it.
func (h *httpContext) handoffResponse(v *rules.Verdict) bool {
	if _, ok := h.p.policy.Runner(); !ok || v.Payload == nil || v.Action != rules.ActionApprove {
		return false
	}
	calls, ok := approvalCalls(v)
	if !ok {
		return false // something else is refused: no point asking a human
	}
	err := h.startApproval(rules.Response, calls, "irreversible tool call in a model response", func() {
		if err := proxywasm.ResumeHttpResponse(); err != nil {
			h.p.m.failure("host_error")
		}
	}, func(reason rules.Reason) {
		r := h.p.policy.Refuse(h.format, reason.Status(), reason, reason.Message(), v.MessageIDs())
		if err := h.replaceResponseBody(r.Body, r.ContentType, r.Status); err != nil {
			h.p.m.failure("host_error")
		}
		if err := proxywasm.ResumeHttpResponse(); err != nil {
			h.p.m.failure("host_error")
		}
	})
	if err != nil {
		h.handoffFailed(rules.Response, v, err)
		return false
	}
	return true
}

// approvalCalls returns the calls of v that need a human; ok is false
// when a call is neither that nor allowed.
func approvalCalls(v *rules.Verdict) (calls []wire.ToolCall, ok bool) {
	for _, c := range v.Calls {
		switch c.Action {
		case rules.ActionApprove:
			calls = append(calls, v.Payload.Calls[c.Index])
		case rules.ActionAllow:
		default:
			return nil, false
		}
	}
	return calls, len(calls) > 0
}

// handoffError is why a hand-off could not start: kind is the refusal
// reason and error counter, detail goes to the event.
type handoffError struct {
	kind   rules.Reason
	detail string
}

// handoffFailed counts and logs a hand-off that could not start, and
// makes the verdict's refusal carry its reason.
func (h *httpContext) handoffFailed(d rules.Direction, v *rules.Verdict, err *handoffError) {
	h.p.m.failure(err.kind)
	h.reportError(d, err.kind, err.detail, rules.ActionBlock)
	v.Reason, v.Detail = err.kind, err.detail
}

// checkForRunner refuses what the runner would refuse: body is exactly
// what will be sent, checked with the runner's own limit.
func checkForRunner(tool string, body []byte) *handoffError {
	err := jsonx.Check(body, runnerapi.MaxJSONDepth)
	if err == nil {
		return nil
	}
	kind := rules.ReasonInvalidJSON
	if je, ok := err.(*jsonx.Error); ok {
		kind = rules.Reason(je.Kind.Reason())
	}
	detail := "tool[" + tool + "] args: " + err.Error()
	if kind == "too_deep" {
		detail = "tool[" + tool + "] args: nested deeper than the sandbox-runner accepts " +
			strconv.Itoa(runnerapi.MaxArgsDepth) + " levels (" + err.Error() + ")"
	}
	return &handoffError{kind: kind, detail: detail}
}

func (h *httpContext) runnerHeaders(method, path string) [][2]string {
	rc, _ := h.p.policy.Runner()
	hdrs := [][2]string{{":method", method}, {":path", path}, {":authority", rc.Authority},
		{"content-type", "application/json"}, {"x-request-id", h.requestID}}
	if rc.Secret != "" {
		hdrs = append(hdrs, [2]string{rc.SecretHeader, rc.Secret})
	}
	return hdrs
}

// dispatch sends one call to the runner; fn gets the status and body
// (status 0 when Envoy reports a failed call or a timeout). A call the
// host refuses to send returns an error and fn never runs. A panic in the
// callback refuses the held exchange with refuse, as any runner failure
// does (never on_error: the call needs the runner), instead of leaving it
// paused until Envoy's timeout.
func (h *httpContext) dispatch(d rules.Direction, refuse func(rules.Reason), method, path string, body []byte, timeout time.Duration,
	fn func(status int, body []byte)) error {
	rc, _ := h.p.policy.Runner()
	_, err := proxywasm.DispatchHttpCall(rc.Cluster, h.runnerHeaders(method, path), body, nil, uint32(timeout.Milliseconds()),
		func(_, bodySize, _ int) {
			defer h.guardRunnerCallback(d, refuse)
			if faultHookBuilt && h.faultRunner {
				panic("fault injection: runner callback")
			}
			status := callStatus()
			var b []byte
			if bodySize > 0 {
				b, _ = proxywasm.GetHttpCallResponseBody(0, bodySize)
			}
			fn(status, b)
		})
	return err
}

// guardRunnerCallback recovers a panic in a runner callback: counted and
// logged like any panic, then the held exchange is refused with
// runner_error. Should the refusal panic too, the exchange stays paused
// until Envoy's timeout, which still forwards nothing.
func (h *httpContext) guardRunnerCallback(d rules.Direction, refuse func(rules.Reason)) {
	r := recover()
	if r == nil {
		return
	}
	h.p.m.failure("panic")
	proxywasm.LogCritical("aisecops: recovered panic in runner_callback: " + oneLine(panicText(r)))
	defer func() {
		if r := recover(); r != nil {
			proxywasm.LogCritical("aisecops: recovered panic while refusing after a runner_callback panic: " + oneLine(panicText(r)))
		}
	}()
	h.runnerFailed(d, "panic in runner_callback", refuse)
}

// runnerFailed refuses the held exchange with runner_error: on_error does
// not apply, the call needs the runner. It counts and logs the failure.
func (h *httpContext) runnerFailed(d rules.Direction, detail string, refuse func(reason rules.Reason)) {
	h.p.m.failure("runner_error")
	h.reportError(d, "runner_error", detail, rules.ActionBlock)
	refuse("runner_error")
}

func answered(what string, status int) string {
	if status == 0 {
		return what + ": no answer (runner down, refused or timed out)"
	}
	return what + " answered " + strconv.Itoa(status)
}

// readExec reads an exec answer strictly: a JSON object with a number
// exit_code, a string stdout and, when present, a string stderr and
// limit_hit. Anything else is not a result (ok false).
func readExec(b []byte) (res runnerapi.ExecResult, ok bool) {
	if !gjson.ValidBytes(b) {
		return res, false
	}
	r := gjson.ParseBytes(b)
	exit, stdout, stderr, limit := r.Get("exit_code"), r.Get("stdout"), r.Get("stderr"), r.Get("limit_hit")
	if !r.IsObject() || exit.Type != gjson.Number || stdout.Type != gjson.String ||
		(stderr.Exists() && stderr.Type != gjson.String) || (limit.Exists() && limit.Type != gjson.String) {
		return res, false
	}
	return runnerapi.ExecResult{ExitCode: int(exit.Int()), Stdout: stdout.Str, Stderr: stderr.Str, LimitHit: limit.Str}, true
}

// readApprovalID reads the id of a created approval; only what the runner
// issues is accepted (validApprovalID).
func readApprovalID(b []byte) (string, bool) {
	id := gjson.GetBytes(b, "id")
	if !gjson.ValidBytes(b) || id.Type != gjson.String || !validApprovalID(id.Str) {
		return "", false
	}
	return id.Str, true
}

// readApprovalState reads the state of an approval; whether the runner
// knows it is for the caller to check.
func readApprovalState(b []byte) (runnerapi.ApprovalState, bool) {
	state := gjson.GetBytes(b, "state")
	if !gjson.ValidBytes(b) || state.Type != gjson.String {
		return "", false
	}
	return runnerapi.ApprovalState(state.Str), true
}

// validApprovalID: the id goes into a path, so only what the runner
// issues (hex) is used.
func validApprovalID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (h *httpContext) startSandbox(call wire.ToolCall, sb *config.SandboxConfig, rpcID string) *handoffError {
	input := gjson.GetBytes(call.Args, sb.InputArg)
	if input.Type != gjson.String {
		return &handoffError{kind: "tool_sandbox", detail: "tool[" + call.Name + "] arg[" + sb.InputArg + "]: the sandbox input must be a string"}
	}
	body, jerr := runnerapi.Marshal(runnerapi.ExecRequest{Tool: sb.Tool, Input: input.Str,
		Limits: runnerapi.Limits{TimeoutMS: sb.TimeoutMS, MemoryMB: sb.MemoryMB}, RequestID: h.requestID})
	if jerr != nil {
		return &handoffError{kind: "runner_error", detail: "exec body: " + jerr.Error()}
	}
	rc, _ := h.p.policy.Runner()
	timeout := time.Duration(rc.TimeoutMS)*time.Millisecond + time.Duration(sb.TimeoutMS)*time.Millisecond
	refuse := func(reason rules.Reason) { h.refuseRequest(reason, []string{rpcID}) }
	err := h.dispatch(rules.Request, refuse, "POST", runnerapi.PathExec, body, timeout, func(status int, b []byte) {
		if status != 200 {
			h.runnerFailed(rules.Request, answered("exec", status), refuse)
			return
		}
		res, ok := readExec(b)
		if !ok {
			h.runnerFailed(rules.Request, "exec answered 200 without a result (exit_code, stdout)", refuse)
			return
		}
		text := res.Stdout
		if res.ExitCode != 0 {
			text += res.Stderr
		}
		switch lim := res.LimitHit; lim {
		case "":
		case "scratch_bytes", "scratch_files":
			text += "\n[sandbox: the program ran into the " + lim + " quota of /scratch]"
		default:
			text += "\n[sandbox stopped the program: " + lim + " limit]"
		}
		isErr := "false"
		if res.ExitCode != 0 {
			isErr = "true"
		}
		id := rpcID
		if id == "" {
			id = "null"
		}
		out := []byte(`{"jsonrpc":"2.0","id":` + id + `,"result":{"content":[{"type":"text","text":` +
			jsonx.Quote(text) + `}],"isError":` + isErr + `}}`)
		h.phase = phaseDone
		if err := proxywasm.SendHttpResponse(200, [][2]string{{"content-type", "application/json"},
			{"x-aisecops-reason", "tool_sandbox"}}, out, -1); err != nil {
			h.p.m.failure("host_error")
		}
	})
	if err != nil {
		return &handoffError{kind: "runner_error", detail: "exec not sent: " + err.Error()}
	}
	return nil
}

// approvalBody is what creating an approval for c sends, checked against
// the runner's limits: arguments it would reject are refused here, before
// anything is sent.
func (h *httpContext) approvalBody(c wire.ToolCall, reason string) ([]byte, *handoffError) {
	body, err := runnerapi.Marshal(runnerapi.ApprovalRequest{Tool: c.Name, Args: c.Args, Reason: reason,
		RequestID: h.requestID, TimeoutMS: h.p.policy.ApprovalTimeoutMS()})
	if err != nil {
		return nil, &handoffError{kind: "invalid_json", detail: "tool[" + c.Name + "] args: " + err.Error()}
	}
	return body, checkForRunner(c.Name, body)
}

// startApproval asks the runner for a human decision on each call in turn;
// all must be approved (and consumed) for approved() to run. Every body is
// checked against the runner's limits before the first is sent.
func (h *httpContext) startApproval(d rules.Direction, calls []wire.ToolCall, reason string, approved func(), refused func(reason rules.Reason)) *handoffError {
	bodies := make([][]byte, len(calls))
	for i, c := range calls {
		var err *handoffError
		if bodies[i], err = h.approvalBody(c, reason); err != nil {
			return err
		}
	}
	rc, _ := h.p.policy.Runner()
	deadline := time.Now().Add(time.Duration(h.p.policy.ApprovalTimeoutMS()) * time.Millisecond)
	runnerTimeout := time.Duration(rc.TimeoutMS) * time.Millisecond
	var next func(i int) error
	next = func(i int) error {
		if i == len(calls) {
			approved()
			return nil
		}
		c := calls[i]
		return h.dispatch(d, refused, "POST", runnerapi.PathApprovals, bodies[i], runnerTimeout, func(status int, b []byte) {
			id, ok := readApprovalID(b)
			switch {
			case status != 201:
				h.runnerFailed(d, answered("approval create", status), refused)
			case !ok:
				h.runnerFailed(d, "approval create answered 201 without a valid id", refused)
			default:
				h.waitApproval(d, id, c, deadline, runnerTimeout, func() {
					if err := next(i + 1); err != nil {
						h.runnerFailed(d, "approval create not sent: "+err.Error(), refused)
					}
				}, refused)
			}
		})
	}
	if err := next(0); err != nil {
		return &handoffError{kind: "runner_error", detail: "approval create not sent: " + err.Error()}
	}
	return nil
}

// waitApproval long-polls one approval until it is decided or the
// deadline passes, then consumes an approved one.
func (h *httpContext) waitApproval(d rules.Direction, id string, c wire.ToolCall, deadline time.Time, runnerTimeout time.Duration,
	ok func(), refused func(rules.Reason)) {
	remaining := time.Until(deadline)
	if remaining <= 0 {
		refused("approval_expired")
		return
	}
	wait := min(remaining, 25*time.Second)
	path := runnerapi.ApprovalPath(id) + "?wait=" + strconv.Itoa(int(wait.Milliseconds())) + "ms"
	err := h.dispatch(d, refused, "GET", path, nil, wait+runnerTimeout, func(status int, b []byte) {
		if status != 200 {
			h.runnerFailed(d, answered("approval wait", status), refused)
			return
		}
		state, valid := readApprovalState(b)
		if !valid {
			h.runnerFailed(d, "approval wait answered 200 without a state", refused)
			return
		}
		switch state {
		case runnerapi.ApprovalPending:
			h.waitApproval(d, id, c, deadline, runnerTimeout, ok, refused)
		case runnerapi.ApprovalApproved:
			h.consumeApproval(d, id, c, runnerTimeout, ok, refused)
		case runnerapi.ApprovalDenied:
			refused("approval_denied")
		case runnerapi.ApprovalExpired:
			refused("approval_expired")
		case runnerapi.ApprovalConsumed:
			refused("approval_not_usable")
		default:
			h.runnerFailed(d, "approval wait answered an unknown state "+strconv.Quote(string(state)), refused)
		}
	})
	if err != nil {
		h.runnerFailed(d, "approval wait not sent: "+err.Error(), refused)
	}
}

// consumeApproval uses an approved approval once; the runner checks the
// tool and arguments against what the human saw.
func (h *httpContext) consumeApproval(d rules.Direction, id string, c wire.ToolCall, runnerTimeout time.Duration,
	ok func(), refused func(rules.Reason)) {
	body, jerr := runnerapi.Marshal(runnerapi.ConsumeRequest{Tool: c.Name, Args: c.Args})
	if jerr != nil {
		h.runnerFailed(d, "approval consume body: "+jerr.Error(), refused)
		return
	}
	err := h.dispatch(d, refused, "POST", runnerapi.ConsumePath(id), body, runnerTimeout, func(status int, _ []byte) {
		switch status {
		case 200:
			ok()
		case 404, 409:
			refused("approval_not_usable")
		default:
			h.runnerFailed(d, answered("approval consume", status), refused)
		}
	})
	if err != nil {
		h.runnerFailed(d, "approval consume not sent: "+err.Error(), refused)
	}
}

// callStatus is the status of the HTTP call being answered (0 when Envoy
// reports a failed call or a timeout).
func callStatus() int {
	status := 0
	if hdrs, err := proxywasm.GetHttpCallResponseHeaders(); err == nil {
		for _, kv := range hdrs {
			if kv[0] == ":status" {
				status, _ = strconv.Atoi(kv[1])
			}
		}
	}
	return status
}
