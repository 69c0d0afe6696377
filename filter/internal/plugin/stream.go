package plugin

import (
	"strconv"
	"strings"
	"time"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// phase of a stream: what the filter still has to do.
type phase uint8

const (
	phasePass     phase = iota // not inspected (counted when decided)
	phaseRequest               // buffering the request body
	phaseResponse              // buffering the response body
	phaseDone                  // a local response was sent, or nothing is left
)

type httpContext struct {
	types.DefaultHttpContext
	p *pluginContext

	phase     phase
	format    rules.Format
	reqEnc    string
	respEnc   string
	respSSE   bool
	requestID string
	server    string // authority+path, the identity MCP tools are pinned under
	mcpFields [][2]string
	fault     bool
	// From the request, for the response: JSON-RPC methods by id, and
	// whether untrusted content (flagged or any) came in.
	methods      map[string]string
	taintFlagged bool
	taintAny     bool
}

func (h *httpContext) OnHttpRequestHeaders(_ int, endOfStream bool) (action types.Action) {
	defer h.guard(&action, "request_headers")
	pol, m := h.p.policy, h.p.m
	path, _ := proxywasm.GetHttpRequestHeader(":path")
	method, _ := proxywasm.GetHttpRequestHeader(":method")
	h.format = pol.Route(path)
	if h.format == rules.FormatUnknown {
		m.pass("no_route")
		return types.ActionContinue
	}
	if method != "POST" {
		// MCP's GET (event stream) and DELETE (end session) carry no body
		// to judge; counted so nothing passes unseen.
		m.pass("method")
		return types.ActionContinue
	}
	if endOfStream {
		m.pass("no_body")
		return types.ActionContinue
	}
	h.requestID, _ = proxywasm.GetHttpRequestHeader("x-request-id")
	authority, _ := proxywasm.GetHttpRequestHeader(":authority")
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	h.server = authority + path
	if hs, err := proxywasm.GetHttpRequestHeaders(); err == nil {
		h.mcpFields = rules.MCPHeaders(hs)
	}
	if hdr := pol.Config().Filter.FaultInjectionHeader; hdr != "" {
		v, _ := proxywasm.GetHttpRequestHeader(hdr)
		h.fault = v == "panic"
	}
	enc, _ := proxywasm.GetHttpRequestHeader("content-encoding")
	h.reqEnc = strings.ToLower(strings.TrimSpace(enc))
	if !supportedEncoding(h.reqEnc) {
		return h.failRequest("unsupported_encoding", "content-encoding "+quoteShort(h.reqEnc))
	}
	if pol.Config().Filter.StripAcceptEncoding {
		_ = proxywasm.RemoveHttpRequestHeader("accept-encoding")
	}
	h.phase = phaseRequest
	// Hold the headers: content-length is fixed once the body is known.
	return types.ActionPause
}

func (h *httpContext) OnHttpRequestBody(bodySize int, endOfStream bool) (action types.Action) {
	defer h.guard(&action, "request_body")
	if h.phase != phaseRequest {
		return types.ActionContinue
	}
	pol := h.p.policy
	body, act, ok := h.gatherBody(rules.Request, bodySize, endOfStream)
	if !ok {
		return act
	}
	if h.fault {
		panic("fault injection: " + pol.Config().Filter.FaultInjectionHeader)
	}
	start := time.Now()
	v := pol.Evaluate(rules.Input{Body: body, Direction: rules.Request, Format: h.format})
	h.p.m.duration.Record(uint64(time.Since(start).Microseconds()))
	h.p.m.request(h.format, rules.Request)
	h.rememberRequest(v)
	if reason, detail := rules.CheckMCPHeaders(h.mcpFields, body, v.Payload); reason != "" {
		// The headers and the body disagree: something in between reads
		// one and the server reads the other. Refuse the mismatch.
		v.Action, v.Reason, v.Detail = rules.ActionBlock, reason, detail
	}
	h.report(v)
	if pol.Monitor() {
		h.p.m.pass("monitor")
		h.phase = phasePass
		return types.ActionContinue
	}
	if (v.Action == rules.ActionSandbox || v.Action == rules.ActionApprove) && h.handoffRequest(v) {
		return types.ActionPause // the runner's answer resumes or ends the stream
	}
	switch v.Action {
	case rules.ActionAllow, rules.ActionFlag:
		h.phase = phaseResponse
		return types.ActionContinue
	case rules.ActionRemove:
		out, err := rewrite(v, body)
		if err != nil {
			h.p.m.failure("rewrite_error")
			return h.failRequest("rewrite_error", err.Error())
		}
		if err := h.replaceRequestBody(out); err != nil {
			h.p.m.failure("host_error")
			return h.failRequest("host_error", "cannot replace the request body")
		}
		h.phase = phaseResponse
		return types.ActionContinue
	}
	// block, and tool calls that need the sandbox or a human: this filter
	// refuses them with the protocol's own error.
	reason := v.Reason
	h.refuseRequest(reason, rpcIDs(v))
	return types.ActionPause
}

func (h *httpContext) OnHttpResponseHeaders(_ int, endOfStream bool) (action types.Action) {
	defer h.guard(&action, "response_headers")
	if h.phase != phaseResponse {
		return types.ActionContinue
	}
	if endOfStream {
		h.phase = phaseDone
		return types.ActionContinue
	}
	status, _ := proxywasm.GetHttpResponseHeader(":status")
	if len(status) != 3 || status[0] != '2' {
		// Upstream errors are the upstream's words about our request;
		// they pass, counted.
		h.p.m.pass("upstream_status")
		h.phase = phaseDone
		return types.ActionContinue
	}
	enc, _ := proxywasm.GetHttpResponseHeader("content-encoding")
	h.respEnc = strings.ToLower(strings.TrimSpace(enc))
	ct, _ := proxywasm.GetHttpResponseHeader("content-type")
	h.respSSE = strings.Contains(strings.ToLower(ct), "text/event-stream")
	if !supportedEncoding(h.respEnc) {
		return h.failResponse("unsupported_encoding", "content-encoding "+quoteShort(h.respEnc))
	}
	return types.ActionPause
}

func (h *httpContext) OnHttpResponseBody(bodySize int, endOfStream bool) (action types.Action) {
	defer h.guard(&action, "response_body")
	if h.phase != phaseResponse {
		return types.ActionContinue
	}
	pol := h.p.policy
	if endOfStream && bodySize == 0 {
		h.phase = phaseDone
		return types.ActionContinue
	}
	body, act, ok := h.gatherBody(rules.Response, bodySize, endOfStream)
	if !ok {
		return act
	}
	h.phase = phaseDone
	if h.respSSE || looksLikeSSE(body) {
		return h.streamResponse(body)
	}
	start := time.Now()
	v := pol.Evaluate(rules.Input{Body: body, Direction: rules.Response, Format: h.format, RequestMethods: h.methods})
	h.p.m.duration.Record(uint64(time.Since(start).Microseconds()))
	h.p.m.request(h.format, rules.Response)
	h.afterResponseVerdict(v)
	h.report(v)
	if pol.Monitor() {
		h.p.m.pass("monitor")
		return types.ActionContinue
	}
	if v.Action == rules.ActionApprove && h.handoffResponse(v) {
		return types.ActionPause
	}
	switch v.Action {
	case rules.ActionAllow, rules.ActionFlag:
		return types.ActionContinue
	case rules.ActionRemove:
		out, err := rewrite(v, body)
		if err != nil {
			h.p.m.failure("rewrite_error")
			return h.failResponse("rewrite_error", err.Error())
		}
		if err := h.replaceResponseBody(out, "", 0); err != nil {
			h.p.m.failure("host_error")
		}
		return types.ActionContinue
	}
	r := pol.Refuse(h.format, rules.StatusFor(v.Reason), v.Reason, rules.RefusalMessage(v.Reason), responseIDs(v))
	if err := h.replaceResponseBody(r.Body, r.ContentType, r.Status); err != nil {
		h.p.m.failure("host_error")
	}
	return types.ActionContinue
}

// gatherBody buffers a body to its end within max_body_bytes, reads it
// once (bodySize is cumulative; the host holds the bytes) and undoes its
// content-encoding under the same bound. When ok is false the callback
// returns act: Pause to keep buffering, or what on_error decided.
func (h *httpContext) gatherBody(d rules.Direction, bodySize int, endOfStream bool) (body []byte, act types.Action, ok bool) {
	fail, get, enc := h.failRequest, proxywasm.GetHttpRequestBody, h.reqEnc
	if d == rules.Response {
		fail, get, enc = h.failResponse, proxywasm.GetHttpResponseBody, h.respEnc
	}
	limit := h.p.policy.Config().MaxBodyBytes
	if bodySize > limit {
		return nil, fail("body_too_large", "body over "+strconv.Itoa(limit)+" bytes"), false
	}
	if !endOfStream {
		return nil, types.ActionPause, false
	}
	raw, err := get(0, bodySize)
	if err != nil && bodySize > 0 {
		h.p.m.failure("host_error")
		return nil, fail("host_error", "cannot read the "+d.String()+" body"), false
	}
	body, derr := decodeBody(raw, enc, limit)
	if derr != nil {
		return nil, fail(derr.kind, derr.msg), false
	}
	return body, 0, true
}

// streamResponse judges a buffered event stream: JSON-RPC events one by
// one (rewritten in place), LLM streams as the response they add up to.
func (h *httpContext) streamResponse(body []byte) types.Action {
	pol := h.p.policy
	events := rules.ParseSSE(body)
	h.p.m.request(h.format, rules.Response)
	if h.format == rules.FormatMCP || h.format == rules.FormatA2A {
		changed := false
		var out []byte
		for i := range events {
			d := events[i].Data
			if d == "" || d[0] != '{' && d[0] != '[' {
				out = rules.AppendSSE(out, events[i])
				continue
			}
			v := pol.Evaluate(rules.Input{Body: []byte(d), Direction: rules.Response, Format: h.format, RequestMethods: h.methods})
			h.afterResponseVerdict(v)
			h.report(v)
			if !pol.Monitor() {
				switch v.Action {
				case rules.ActionAllow, rules.ActionFlag:
				case rules.ActionRemove:
					if nb, err := rewrite(v, []byte(d)); err == nil {
						events[i].Data = string(nb)
					} else {
						h.p.m.failure("rewrite_error")
						r := pol.Refuse(h.format, 502, "rewrite_error", rules.RefusalMessage("rewrite_error"), responseIDs(v))
						events[i].Data = string(r.Body)
					}
					changed = true
				default:
					r := pol.Refuse(h.format, 403, v.Reason, rules.RefusalMessage(v.Reason), responseIDs(v))
					events[i].Data = string(r.Body)
					changed = true
				}
			}
			out = rules.AppendSSE(out, events[i])
		}
		if changed {
			if err := h.replaceResponseBody(out, "", 0); err != nil {
				h.p.m.failure("host_error")
			}
		}
		if pol.Monitor() {
			h.p.m.pass("monitor")
		}
		return types.ActionContinue
	}
	assembled, err := rules.AssembleStream(h.format, events, pol.Config().MaxDepth)
	if err != nil {
		return h.failResponse("invalid_json", "stream: "+err.Error())
	}
	v := pol.Evaluate(rules.Input{Body: assembled, Direction: rules.Response, Format: h.format})
	h.afterResponseVerdict(v)
	h.report(v)
	if pol.Monitor() {
		h.p.m.pass("monitor")
		return types.ActionContinue
	}
	if !v.Action.Refuses() {
		return types.ActionContinue
	}
	// A stream cannot be edited call by call without re-chunking: a
	// refused call ends it with the protocol's error event.
	if err := h.replaceResponseBody(pol.RefuseStream(h.format, v.Reason, rules.RefusalMessage(v.Reason)), "", 0); err != nil {
		h.p.m.failure("host_error")
	}
	return types.ActionContinue
}

// rememberRequest keeps what the response needs from the request.
func (h *httpContext) rememberRequest(v *rules.Verdict) {
	if v.Payload == nil {
		return
	}
	for _, m := range v.Payload.RPC {
		if m.ID != "" && m.Method != "" && !m.IsResponse {
			if h.methods == nil {
				h.methods = map[string]string{}
			}
			h.methods[m.ID] = m.Method
		}
	}
	for _, s := range v.Payload.Segments {
		if s.Trust == rules.Untrusted {
			h.taintAny = true
		}
	}
	for _, s := range v.Segments {
		if s.Action != rules.ActionAllow {
			h.taintFlagged = true
		}
	}
}

// afterResponseVerdict applies what depends on the exchange, not the body
// alone: tool pins (rug pulls) and taint escalation of irreversible calls.
func (h *httpContext) afterResponseVerdict(v *rules.Verdict) {
	if v.Payload == nil {
		return
	}
	pol := h.p.policy
	fc := pol.Config().Filter
	if h.format == rules.FormatMCP && fc.PinMode != "off" {
		for i, d := range v.Payload.Tools {
			if i < len(v.Tools) && v.Tools[i].Visible && !h.pinOK(d) {
				v.Tools[i].Visible = false
				v.Tools[i].RugPull = true
				v.Raise(rules.ActionRemove, "rug_pull")
			}
		}
	}
	tainted := (fc.Taint == "flagged" && h.taintFlagged) || (fc.Taint == "untrusted" && h.taintAny)
	if !tainted {
		return
	}
	for i := range v.Calls {
		c := &v.Calls[i]
		if c.Irreversible && (c.Action == rules.ActionAllow || c.Action == rules.ActionSandbox) {
			c.Action = rules.ActionApprove
			c.Tainted = true
			c.Reasons = append(c.Reasons, "irreversible tool after flagged untrusted content in the request")
			v.Raise(rules.ActionApprove, "tool_approve")
		}
	}
}

// pinOK checks a listed tool against its pin: configured, or learned on
// first sight in the VM's shared data.
func (h *httpContext) pinOK(d rules.ToolDecl) bool {
	fc := h.p.policy.Config().Filter
	hash := rules.ToolPinHash(d)
	key := h.server + "/" + d.Name
	if want, ok := fc.ToolPins[key]; ok {
		return want == hash
	}
	if fc.PinMode != "learn" {
		return true
	}
	skey := "aisecops.pin." + key
	got, cas, err := proxywasm.GetSharedData(skey)
	if err == nil && len(got) > 0 {
		return string(got) == hash
	}
	if err := proxywasm.SetSharedData(skey, []byte(hash), cas); err != nil {
		h.p.m.failure("host_error")
	}
	return true
}

func rpcIDs(v *rules.Verdict) []string {
	if v.Payload == nil {
		return nil
	}
	var ids []string
	for _, m := range v.Payload.RPC {
		if m.ID != "" && !m.IsResponse {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func responseIDs(v *rules.Verdict) []string {
	if v.Payload == nil {
		return nil
	}
	var ids []string
	for _, m := range v.Payload.RPC {
		if m.ID != "" {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func looksLikeSSE(b []byte) bool {
	for _, p := range []string{"event:", "data:", "id:", ":"} {
		if len(b) >= len(p) && string(b[:len(p)]) == p {
			return true
		}
	}
	return false
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strconv.Quote(s)
}

// OnHttpStreamDone samples the VM's memory every memorySampleEvery streams
// into a gauge, so operators (and the soak test) can see growth.
func (h *httpContext) OnHttpStreamDone() {
	h.p.streams++
	if h.p.streams%memorySampleEvery == 1 {
		h.p.sampleMemory()
	}
}
