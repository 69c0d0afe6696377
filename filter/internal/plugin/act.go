package plugin

import (
	"strconv"
	"time"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// guard recovers a panic in a callback: a panic would trap the whole VM,
// not one request. It is counted and on_error decides the stream.
func (h *httpContext) guard(action *types.Action, where string) {
	r := recover()
	if r == nil {
		return
	}
	h.p.m.failure("panic")
	proxywasm.LogCritical("aisecops: recovered panic in " + where + ": " + oneLine(panicText(r)))
	if h.phase == phaseRequest || h.phase == phasePass {
		*action = h.failRequest("internal_error", "panic in "+where)
		return
	}
	if h.streaming && h.phase == phaseResponse {
		// The stream's headers are gone: a refusal body cannot replace
		// it. Cut it (or, under on_error allow, let the rest pass) like
		// any other failure while it flows.
		*action = h.cutRPCStream(&rules.Failure{Reason: "internal_error", Detail: "panic in " + where}, nil, nil)
		return
	}
	*action = h.failResponse("internal_error", "panic in "+where)
}

// failed counts and logs a failure and says whether to refuse: always
// for an ambiguity (clients could read the message another way than the
// filter: a hostile peer would otherwise pick the fail-open branch),
// otherwise as on_error says; monitor mode never refuses. A pass is
// counted.
func (h *httpContext) failed(d rules.Direction, kind rules.Reason, detail string, ambiguous bool) (refuse bool) {
	h.p.m.failure(kind)
	act := h.p.policy.FailureAction(&rules.Failure{Reason: kind, Detail: detail, Ambiguous: ambiguous})
	h.reportError(d, kind, detail, act)
	if act == rules.ActionAllow || h.p.policy.Monitor() {
		h.p.m.pass("on_error_allow")
		return false
	}
	return true
}

// failRequest applies on_error to a request that cannot be inspected.
func (h *httpContext) failRequest(kind rules.Reason, detail string) types.Action {
	if !h.failed(rules.Request, kind, detail, false) {
		h.phase = phasePass
		return types.ActionContinue
	}
	h.refuseRequest(kind, nil)
	return types.ActionPause
}

// failResponse applies on_error to a response that cannot be inspected.
func (h *httpContext) failResponse(kind rules.Reason, detail string) types.Action {
	return h.refuseResponse(kind, detail, false)
}

// blockResponse refuses a response that clients could read another way
// than the filter, whatever on_error says.
func (h *httpContext) blockResponse(kind rules.Reason, detail string) types.Action {
	return h.refuseResponse(kind, detail, true)
}

// refuseResponseHeaders refuses a response from its headers, with a local
// reply (Envoy holds no body in this callback to replace).
func (h *httpContext) refuseResponseHeaders(kind rules.Reason, detail string, ambiguous bool) types.Action {
	h.phase = phaseDone
	if !h.failed(rules.Response, kind, detail, ambiguous) {
		return types.ActionContinue
	}
	h.refuseRequest(kind, h.pendingIDs())
	return types.ActionPause
}

// refuseResponse replaces a held response body with the refusal.
func (h *httpContext) refuseResponse(kind rules.Reason, detail string, ambiguous bool) types.Action {
	h.phase = phaseDone
	if !h.failed(rules.Response, kind, detail, ambiguous) {
		return types.ActionContinue
	}
	r := h.p.policy.Refuse(h.format, kind.Status(), kind, kind.Message(), h.pendingIDs())
	if err := h.replaceResponseBody(r.Body, r.ContentType, r.Status); err != nil {
		// Headers are gone or the host refused: nothing safe is left to
		// send but an empty body.
		_ = proxywasm.ReplaceHttpResponseBody(nil)
	}
	return types.ActionContinue
}

// refuseRequest answers the agent directly, in its protocol (from a
// request callback, or a response-headers callback before anything of the
// response was sent).
func (h *httpContext) refuseRequest(reason rules.Reason, ids []string) {
	h.phase = phaseDone
	r := h.p.policy.Refuse(h.format, reason.Status(), reason, reason.Message(), ids)
	hdrs := [][2]string{{"content-type", r.ContentType}, {"x-aisecops-reason", string(reason)}}
	if err := proxywasm.SendHttpResponse(uint32(r.Status), hdrs, r.Body, -1); err != nil {
		h.p.m.failure("host_error")
		proxywasm.LogError("aisecops: cannot send local response: " + err.Error())
	}
}

func (h *httpContext) replaceRequestBody(b []byte) error {
	if err := proxywasm.ReplaceHttpRequestBody(b); err != nil {
		return err
	}
	if h.reqEnc != "" && h.reqEnc != "identity" {
		// The rewritten body goes up decoded.
		_ = proxywasm.RemoveHttpRequestHeader("content-encoding")
	}
	return proxywasm.ReplaceHttpRequestHeader("content-length", strconv.Itoa(len(b)))
}

// replaceResponseBody swaps the response body; a non-zero status and a
// content type replace those headers too (the headers were held back).
func (h *httpContext) replaceResponseBody(b []byte, contentType string, status int) error {
	if err := proxywasm.ReplaceHttpResponseBody(b); err != nil {
		return err
	}
	if h.respEnc != "" && h.respEnc != "identity" {
		_ = proxywasm.RemoveHttpResponseHeader("content-encoding")
	}
	if status != 0 {
		_ = proxywasm.ReplaceHttpResponseHeader(":status", strconv.Itoa(status))
		_ = proxywasm.ReplaceHttpResponseHeader("x-aisecops-reason", "refused")
	}
	if contentType != "" {
		_ = proxywasm.ReplaceHttpResponseHeader("content-type", contentType)
	}
	return proxywasm.ReplaceHttpResponseHeader("content-length", strconv.Itoa(len(b)))
}

// pendingIDs are the JSON-RPC ids a refusal of the exchange answers.
func (h *httpContext) pendingIDs() []string {
	if h.x == nil {
		return nil
	}
	return h.x.Pending()
}

// report counts a verdict, logs one event per decision and records a
// summary in filter state for access logs.
func (h *httpContext) report(v *rules.Verdict) {
	m := h.p.m
	for _, s := range v.Segments {
		fam := "other"
		if len(s.Findings) > 0 {
			fam = s.Findings[0].Family
		}
		if s.Mirror {
			continue // counted once, on the text it mirrors
		}
		m.detection(rules.LayerContext, fam, s.Action.String())
	}
	for _, c := range v.Calls {
		m.toolCall(c.Name, c.Action.String())
		if c.Action != rules.ActionAllow {
			reason := map[rules.Action]string{rules.ActionDeny: "tool_denied", rules.ActionSandbox: "tool_sandbox",
				rules.ActionApprove: "tool_approve"}[c.Action]
			if c.Tainted {
				reason = "tainted"
			}
			m.detection(rules.LayerTool, reason, c.Action.String())
		}
	}
	for _, t := range v.Tools {
		if !t.Visible {
			reason := "tools_hidden"
			if t.RugPull {
				reason = "rug_pull"
			}
			m.detection(rules.LayerTool, reason, "remove")
		}
	}
	if v.Payload == nil || v.Reason == "header_mismatch" {
		m.failure(v.Reason)
		m.detection(rules.LayerProtocol, string(v.Reason), v.Action.String())
	}
	for _, e := range h.p.policy.Events(v) {
		h.emit(&e)
	}
	summary := v.Direction.String() + ":" + v.Action.String()
	if v.Reason != "" {
		summary += ":" + string(v.Reason)
	}
	_ = proxywasm.SetProperty([]string{"aisecops_decision"}, []byte(summary))
}

func (h *httpContext) reportError(d rules.Direction, kind rules.Reason, detail string, act rules.Action) {
	h.p.m.detection(rules.LayerProtocol, string(kind), act.String())
	v := h.p.policy.FailureVerdict(d, h.format, kind, detail, act)
	for _, e := range h.p.policy.Events(v) {
		h.emit(&e)
	}
	_ = proxywasm.SetProperty([]string{"aisecops_decision"}, []byte(d.String()+":"+act.String()+":"+string(kind)))
}

// emit stamps, chains and logs one event as a single JSON line.
func (h *httpContext) emit(e *rules.Event) {
	p := h.p
	p.seq++
	e.Time = time.Now().UTC().Format(time.RFC3339Nano)
	e.EventID = p.idPrefix + "-" + strconv.FormatUint(p.seq, 10)
	e.RequestID = h.requestID
	e.Deployment = p.deployment
	e.Seal(p.prevHash)
	p.prevHash = e.Hash
	line := e.AppendJSON(nil)
	if h.cap != nil {
		h.cap.events = append(h.cap.events, line)
	}
	proxywasm.LogInfo("aisecops_event " + string(line))
	p.enqueueEvent(line)
}
