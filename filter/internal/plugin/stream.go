package plugin

import (
	"errors"
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
	phaseCut                   // a response stream was cut: the rest is swallowed
)

type httpContext struct {
	types.DefaultHttpContext
	p *pluginContext

	phase   phase
	format  rules.Format
	reqEnc  string
	respEnc string
	respSSE bool
	// upstreamError: the response status is not 2xx.
	upstreamError bool
	// sse reads an MCP or A2A event stream as it flows; pending holds the
	// ids of this stream's requests not yet answered on it.
	sse       *rules.SSEReader
	pending   []string
	sseOut    []byte
	requestID string
	method    string // :method
	session   string // Mcp-Session-Id
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
	authority, _ := proxywasm.GetHttpRequestHeader(":authority")
	h.requestID, _ = proxywasm.GetHttpRequestHeader("x-request-id")
	route := pol.RouteRequest(authority, path)
	h.format = route.Format
	if route.Refuse != "" {
		return h.refuseRoute(route)
	}
	if h.format == rules.FormatUnknown {
		m.pass("no_route")
		return types.ActionContinue
	}
	if up, _ := proxywasm.GetHttpRequestHeader("upgrade"); up != "" {
		return h.refuseRoute(rules.RouteResult{Refuse: "upgrade", Detail: "an upgraded (WebSocket) stream on an inspected route cannot be inspected"})
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	h.server = authority + path
	// Read now: Envoy gives the request headers to later callbacks only
	// while this one holds them.
	h.method, _ = proxywasm.GetHttpRequestHeader(":method")
	h.session, _ = proxywasm.GetHttpRequestHeader("mcp-session-id")
	if endOfStream {
		// A bodiless request has nothing to judge but its answer has:
		// MCP's GET event stream, GET /v1/responses/{id}. Counted by
		// whether its method ever carries a body.
		switch strings.ToUpper(h.method) {
		case "GET", "HEAD", "DELETE", "OPTIONS":
			m.pass("method")
		default:
			m.pass("no_body")
		}
		h.phase = phaseResponse
		return types.ActionContinue
	}
	// Any method with a body is judged: PUT, PATCH, "post" reach servers
	// that do not care about the method.
	if hs, err := proxywasm.GetHttpRequestHeaders(); err == nil {
		h.mcpFields = rules.MCPHeaders(hs)
	}
	if hdr := pol.Config().Filter.FaultInjectionHeader; faultHookBuilt && hdr != "" {
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
	body, act, ok := h.gatherBody(rules.Request, bodySize, endOfStream)
	if !ok {
		return act
	}
	return h.judgeRequest(body)
}

// OnHttpRequestTrailers ends a request body that trailers close (HTTP/2,
// gRPC style): the body callbacks never saw the end of stream, so the
// buffered body is judged here, before anything is released.
func (h *httpContext) OnHttpRequestTrailers(int) (action types.Action) {
	defer h.guard(&action, "request_trailers")
	if h.phase != phaseRequest {
		return types.ActionContinue
	}
	body, act, ok := h.gatherBody(rules.Request, -1, true)
	if !ok {
		return act
	}
	return h.judgeRequest(body)
}

// judgeRequest decides on a whole request body and acts on the verdict.
func (h *httpContext) judgeRequest(body []byte) types.Action {
	pol := h.p.policy
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
			h.failed(rules.Request, "rewrite_error", err.Error(), true)
			h.refuseRequest(v.Reason, rpcIDs(v))
			return types.ActionPause
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
	rpc := h.format == rules.FormatMCP || h.format == rules.FormatA2A
	status, _ := proxywasm.GetHttpResponseHeader(":status")
	h.upstreamError = len(status) != 3 || status[0] != '2'
	if !rpc && h.upstreamError {
		// An LLM API's error is the upstream's words about our request,
		// raised by the SDK as an error, never read as a turn: it passes,
		// counted. JSON-RPC errors carry text that reaches the model, so
		// MCP and A2A bodies are judged whatever the status.
		h.p.m.pass("upstream_status")
		h.phase = phaseDone
		return types.ActionContinue
	}
	ct, n := responseHeader("content-type")
	kind, err := rules.ReadContentType(ct)
	if err == nil && n > 1 {
		err = errors.New("several content-type headers")
	}
	if err != nil {
		return h.refuseResponseHeaders("ambiguous_media_type", err.Error(), true)
	}
	h.respSSE = kind == rules.BodySSE
	if rpc && !strings.EqualFold(h.method, "POST") {
		// The TypeScript SDK reads the answer to its GET as an event
		// stream whatever its type (go-sdk drops a non-stream one).
		h.respSSE = true
	}
	enc, _ := proxywasm.GetHttpResponseHeader("content-encoding")
	h.respEnc = strings.ToLower(strings.TrimSpace(enc))
	if !supportedEncoding(h.respEnc) || h.respSSE && rpc && h.respEnc != "" && h.respEnc != "identity" {
		// Refused here with a local reply: in this callback Envoy holds no
		// body to replace.
		return h.refuseResponseHeaders("unsupported_encoding", "content-encoding "+quoteShort(h.respEnc), false)
	}
	if h.respSSE && rpc {
		// MCP and A2A event streams are judged event by event as they
		// flow: a long-lived stream must reach the client.
		h.startRPCStream()
		return types.ActionContinue
	}
	return types.ActionPause
}

func (h *httpContext) OnHttpResponseBody(bodySize int, endOfStream bool) (action types.Action) {
	defer h.guard(&action, "response_body")
	if h.phase != phaseResponse {
		if h.phase == phaseCut {
			// Nothing after a stream was cut reaches the client.
			_ = proxywasm.ReplaceHttpResponseBody(nil)
		}
		return types.ActionContinue
	}
	if h.sse != nil {
		return h.rpcStreamChunk(bodySize, endOfStream)
	}
	if endOfStream && bodySize == 0 {
		h.phase = phaseDone
		return types.ActionContinue
	}
	body, act, ok := h.gatherBody(rules.Response, bodySize, endOfStream)
	if !ok {
		return act
	}
	return h.judgeResponse(body)
}

// OnHttpResponseTrailers ends a response body that trailers close: a
// buffered body is judged here; an event stream ends.
func (h *httpContext) OnHttpResponseTrailers(int) (action types.Action) {
	defer h.guard(&action, "response_trailers")
	if h.phase != phaseResponse {
		return types.ActionContinue
	}
	if h.sse != nil {
		h.endRPCStream(nil)
		return types.ActionContinue
	}
	body, act, ok := h.gatherBody(rules.Response, -1, true)
	if !ok {
		return act
	}
	return h.judgeResponse(body)
}

// judgeResponse decides on a whole response body and acts on the verdict.
func (h *httpContext) judgeResponse(body []byte) types.Action {
	pol := h.p.policy
	h.phase = phaseDone
	if h.respSSE {
		return h.streamResponse(body)
	}
	if h.upstreamError && !startsJSON(body) {
		// An upstream error page that is no JSON-RPC message: clients
		// raise it as an HTTP error, none reads it as a message.
		h.p.m.pass("upstream_status")
		return types.ActionContinue
	}
	if looksLikeSSE(body) {
		// Typed as JSON (or untyped), framed as events: a client that
		// sniffs reads events, one that trusts the type reads JSON.
		return h.blockResponse("ambiguous_media_type", "the body is an event stream, its content-type is not")
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
			return h.blockResponse("rewrite_error", err.Error())
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
// content-encoding under the same bound. bodySize -1 reads whatever the
// host holds (trailers end the body). When ok is false the callback
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
	size := bodySize
	if size < 0 {
		size = limit + 1
	}
	raw, err := get(0, size)
	if err != nil && bodySize != 0 && (bodySize > 0 || err != types.ErrorStatusNotFound) {
		h.p.m.failure("host_error")
		return nil, fail("host_error", "cannot read the "+d.String()+" body"), false
	}
	if len(raw) > limit {
		return nil, fail("body_too_large", "body over "+strconv.Itoa(limit)+" bytes"), false
	}
	body, derr := decodeBody(raw, enc, limit)
	if derr != nil {
		return nil, fail(derr.kind, derr.msg), false
	}
	return body, 0, true
}

// streamResponse judges a buffered LLM event stream as the response it
// adds up to. A stream that clients could read two ways is refused.
func (h *httpContext) streamResponse(body []byte) types.Action {
	pol := h.p.policy
	h.p.m.request(h.format, rules.Response)
	events, err := rules.ReadSSE(body, pol.Config().MaxBodyBytes)
	if err != nil {
		return h.blockResponse("ambiguous_stream", err.Error())
	}
	for i := range events {
		d, ok, err := rules.SSEPayload(events[i].Data)
		if err != nil {
			return h.blockResponse("ambiguous_stream", "event "+strconv.Itoa(i)+": "+err.Error())
		}
		if !ok {
			d = ""
		}
		events[i].Data = d
	}
	assembled, err := rules.AssembleStream(h.format, events, pol.Config().MaxDepth)
	if errors.Is(err, rules.ErrStreamConflict) {
		// The events and the completed response disagree: SDKs act on
		// the events, a reader of the final response on the other.
		return h.blockResponse("ambiguous_stream", "stream: "+err.Error())
	}
	if err != nil {
		// A client's reader may accept what ours cannot: never a pass.
		return h.blockResponse("invalid_json", "stream: "+err.Error())
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
			h.pending = append(h.pending, m.ID)
		}
	}
	if h.format == rules.FormatMCP && len(h.methods) > 0 {
		// Answers may come on another stream of the session (a GET
		// stream resumed with Last-Event-ID).
		h.p.rememberSession(h.sessionID(), h.methods)
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
	// v2: pins hash the whole tool definition; a v1 pin learned before an
	// upgrade must not read as a rug pull of every tool.
	skey := "aisecops.pin2." + key
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

// startsJSON reports whether b's first byte after JSON white space opens
// an object or array: what a JSON-RPC client tries to decode.
func startsJSON(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// responseHeader returns a response header's first value and how many
// times it occurs: a repeated header is read differently by different
// HTTP stacks (first, last, or joined).
func responseHeader(name string) (string, int) {
	hdrs, err := proxywasm.GetHttpResponseHeaders()
	if err != nil {
		v, _ := proxywasm.GetHttpResponseHeader(name)
		return v, 1
	}
	first, n := "", 0
	for _, kv := range hdrs {
		if strings.EqualFold(kv[0], name) {
			if n == 0 {
				first = kv[1]
			}
			n++
		}
	}
	return first, n
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
