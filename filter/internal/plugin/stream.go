package plugin

import (
	"strconv"
	"strings"
	"time"

	"github.com/aisecops/aisecops/internal/wire"
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
	// x is the exchange every decision goes through (rules.Exchange):
	// the same path `aisecops replay` takes.
	x *rules.Exchange
	// sseOut is reused for what an event stream's chunks release.
	sseOut    []byte
	streaming bool // an event stream, judged as it flows
	// bodyPaused: the last response body callback of an event stream
	// paused, so Envoy keeps a body the trailers callback can write;
	// noBody: in the trailers callback after one that went on.
	bodyPaused, noBody bool
	requestID          string
	method             string // :method
	fault              bool
	// cap records the exchange for evidence capture (nil when off).
	cap *exchangeCapture
	// faultRunner (test build only) makes the runner's answer callback
	// panic.
	faultRunner bool
	// hold is set while an LLM stream waits for a human (llmhold.go).
	hold *streamHold
}

func (h *httpContext) OnHttpRequestHeaders(_ int, endOfStream bool) (action types.Action) {
	defer h.guard(&action, "request_headers")
	pol, m := h.p.policy, h.p.m
	path, _ := proxywasm.GetHttpRequestHeader(":path")
	authority, _ := proxywasm.GetHttpRequestHeader(":authority")
	h.requestID, _ = proxywasm.GetHttpRequestHeader("x-request-id")
	route := pol.RouteRequest(authority, path)
	h.format = route.Format
	if route.Refuse != "" || h.format != rules.FormatUnknown {
		h.startCapture(path, authority)
	}
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
	// Read now: Envoy gives the request headers to later callbacks only
	// while this one holds them.
	h.method, _ = proxywasm.GetHttpRequestHeader(":method")
	session, _ := proxywasm.GetHttpRequestHeader("mcp-session-id")
	var mcpFields [][2]string
	if hs, err := proxywasm.GetHttpRequestHeaders(); err == nil {
		mcpFields = wire.MCPHeaders(hs)
	}
	h.x = pol.NewExchange(rules.ExchangeInfo{Format: h.format, Method: h.method, Authority: authority, Path: path,
		Session: session, MCPHeaders: mcpFields}, h.store())
	if _, ok := pol.Runner(); ok {
		// A streamed tool call that needs a human waits for one
		// (llmhold.go) instead of ending the stream.
		h.x.StreamApprovals = true
	}
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
	if hdr := pol.FaultInjectionHeader(); faultHookBuilt && hdr != "" {
		v, _ := proxywasm.GetHttpRequestHeader(hdr)
		h.fault = v == "panic"
		h.faultRunner = v == "panic-runner"
	}
	enc, _ := proxywasm.GetHttpRequestHeader("content-encoding")
	h.reqEnc = strings.ToLower(strings.TrimSpace(enc))
	if !rules.SupportedEncoding(h.reqEnc) {
		return h.failRequest("unsupported_encoding", "content-encoding "+quoteShort(h.reqEnc))
	}
	if pol.StripAcceptEncoding() {
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
		panic("fault injection: " + pol.FaultInjectionHeader())
	}
	start := time.Now()
	v := h.x.Request(body)
	h.p.m.duration.Record(uint64(time.Since(start).Microseconds()))
	h.p.m.request(h.format, rules.Request)
	h.storeErrors()
	h.report(v)
	if pol.Monitor() {
		// Monitor mode changes nothing, but still judges (and logs) the
		// answer, as replay does.
		h.p.m.pass("monitor")
		h.phase = phaseResponse
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
		out, err := v.Apply(body)
		if err != nil {
			h.failed(rules.Request, "rewrite_error", err.Error(), true)
			h.refuseRequest(v.Reason, v.RequestIDs())
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
	h.refuseRequest(v.Reason, v.RequestIDs())
	return types.ActionPause
}

func (h *httpContext) OnHttpResponseHeaders(_ int, endOfStream bool) (action types.Action) {
	defer h.guard(&action, "response_headers")
	if h.phase != phaseResponse {
		return types.ActionContinue
	}
	h.captureResponseHeaders(endOfStream)
	if endOfStream {
		h.phase = phaseDone
		return types.ActionContinue
	}
	status, _ := proxywasm.GetHttpResponseHeader(":status")
	mode, fail := h.x.ResponseHeaders(status, responseHeaderValues("content-type"))
	if fail != nil {
		return h.refuseResponseHeaders(fail.Reason, fail.Detail, fail.Ambiguous)
	}
	if mode == rules.ResponsePass {
		h.p.m.pass(rules.PassUpstreamStatus)
		h.phase = phaseDone
		return types.ActionContinue
	}
	enc, _ := proxywasm.GetHttpResponseHeader("content-encoding")
	h.respEnc = strings.ToLower(strings.TrimSpace(enc))
	if !rules.SupportedEncoding(h.respEnc) || mode == rules.ResponseEvents && h.respEnc != "" && h.respEnc != "identity" {
		// Refused here with a local reply: in this callback Envoy holds no
		// body to replace.
		return h.refuseResponseHeaders("unsupported_encoding", "content-encoding "+quoteShort(h.respEnc), false)
	}
	if mode == rules.ResponseEvents {
		// Event streams (MCP, A2A, and LLM streams) are judged event by
		// event as they flow: a long-lived stream must reach the client,
		// and an LLM's text its reader as it is written. Rewritten
		// events change the length.
		_ = proxywasm.RemoveHttpResponseHeader("content-length")
		h.p.m.request(h.format, rules.Response)
		h.streaming = true
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
	if h.streaming {
		act := h.rpcStreamChunk(bodySize, endOfStream)
		h.bodyPaused = act == types.ActionPause
		return act
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
	if h.streaming {
		h.noBody = !h.bodyPaused
		return h.rpcStreamChunk(0, true)
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
	start := time.Now()
	v, fail := h.x.ResponseBody(body)
	h.p.m.duration.Record(uint64(time.Since(start).Microseconds()))
	h.storeErrors()
	if fail != nil {
		return h.refuseResponse(fail.Reason, fail.Detail, fail.Ambiguous)
	}
	if v == nil {
		h.p.m.pass(rules.PassUpstreamStatus)
		return types.ActionContinue
	}
	h.p.m.request(h.format, rules.Response)
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
		out, err := v.Apply(body)
		if err != nil {
			return h.blockResponse("rewrite_error", err.Error())
		}
		if err := h.replaceResponseBody(out, "", 0); err != nil {
			h.p.m.failure("host_error")
		}
		return types.ActionContinue
	}
	r := pol.Refuse(h.format, v.Reason.Status(), v.Reason, v.Reason.Message(), v.MessageIDs())
	if err := h.replaceResponseBody(r.Body, r.ContentType, r.Status); err != nil {
		h.p.m.failure("host_error")
	}
	return types.ActionContinue
}

// storeErrors counts the exchange's failed shared-data calls.
func (h *httpContext) storeErrors() {
	for ; h.x.StoreErrors > 0; h.x.StoreErrors-- {
		h.p.m.failure("host_error")
	}
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
	limit := h.p.policy.MaxBodyBytes()
	if bodySize > limit {
		h.captureUnread(d, bodySize)
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
	h.captureBody(d, raw)
	body, derr := rules.ReadBody(raw, enc, limit)
	if derr != nil {
		return nil, fail(derr.Reason, derr.Detail), false
	}
	return body, 0, true
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
	h.finishCapture()
	h.p.streams++
	if h.p.streams%memorySampleEvery == 1 {
		h.p.sampleMemory()
	}
}

// responseHeaderValues returns every value of a response header, in
// order: a repeated header is read differently by different HTTP stacks
// (first, last, or joined).
func responseHeaderValues(name string) []string {
	hdrs, err := proxywasm.GetHttpResponseHeaders()
	if err != nil {
		if v, err := proxywasm.GetHttpResponseHeader(name); err == nil {
			return []string{v}
		}
		return nil
	}
	var out []string
	for _, kv := range hdrs {
		if strings.EqualFold(kv[0], name) {
			out = append(out, kv[1])
		}
	}
	return out
}
