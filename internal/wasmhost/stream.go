package wasmhost

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Action is what a callback returned: Continue (0) or Pause (1: for
// headers StopIteration, for a body StopIterationAndBuffer, for trailers
// StopIteration).
type Action uint32

const (
	Continue Action = 0
	Pause    Action = 1
)

func (a Action) String() string {
	switch a {
	case Continue:
		return "Continue"
	case Pause:
		return "Pause"
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}

// PartKind says what a released Part carries.
type PartKind uint8

const (
	PartHeaders PartKind = iota + 1
	PartBody
	PartTrailers
)

func (k PartKind) String() string {
	switch k {
	case PartHeaders:
		return "headers"
	case PartBody:
		return "body"
	case PartTrailers:
		return "trailers"
	}
	return "part(" + strconv.Itoa(int(k)) + ")"
}

// Part is one piece of a message that left the filter, in the order it
// left: the headers (a snapshot taken when they were released), a run of
// body bytes, or the trailers.
type Part struct {
	Kind    PartKind
	Headers map[string]string // PartHeaders and PartTrailers
	Body    []byte            // PartBody
	// End is set on the part that carries the end of the stream.
	End bool
	// Local marks the parts of a local response (send_local_response).
	Local bool
	// After is len(Stream.Calls) when the part was released: it left
	// during or right after that call into the filter.
	After int
}

// ErrDone is returned when a stream is fed after the filter answered it
// (local response) or it was reset: Envoy stops calling the filter then.
var ErrDone = errors.New("stream is done (local response sent or stream reset)")

// Stream is one HTTP exchange's host-side state.
type Stream struct {
	id uint32
	// ReqHeaders and RespHeaders are the filter's live header maps (what
	// get/replace/remove act on); ReqTrailers and RespTrailers likewise
	// once trailers arrived. What was actually sent is in Upstream and
	// Downstream: changes made after a release do not reach the wire.
	ReqHeaders, RespHeaders   map[string]string
	ReqTrailers, RespTrailers map[string]string
	// ReqBody is every request body byte released upstream so far;
	// RespBody every upstream response body byte released to the client
	// (a local response's body is in Local and Downstream, not here).
	ReqBody, RespBody []byte
	// Upstream is what the filter released towards the upstream, in
	// order; Downstream what the client got, in order (local responses
	// included).
	Upstream, Downstream []Part
	// Local is set when the filter answered with send_local_response and
	// the client got it.
	Local *LocalResponse
	// Reset is non-empty when Envoy would have reset the stream, and why
	// (a local response after the response headers went to the client).
	Reset string
	// Resumed records continue_stream calls (request, response).
	Resumed [2]bool
	// Violations lists what the filter did that Envoy ignores or refuses
	// (header changes after the headers were sent, body writes where no
	// body is buffered, set_buffer_bytes arguments Envoy rejects,
	// content-length that does not match the bytes sent, ...). Tests
	// assert it is empty.
	Violations []string
	// Calls lists the calls into the filter for this stream, in order
	// ("request_body(len=5,eos=false)=Pause"); Part.After indexes it.
	Calls []string

	req, resp flow
	// cb is the callback running on this stream ("" between calls).
	cb    string
	ended bool
	// localChain: the local reply runs through the response callbacks
	// (pendingLocal until they are called).
	localChain   bool
	pendingLocal *LocalResponse
}

// flow is one direction's state as Envoy's filter manager keeps it.
type flow struct {
	name         string // "request" or "response"
	headersHeld  bool   // headers callback paused: not yet released
	headersSent  bool
	started      bool // headers arrived
	gotEnd       bool // the peer ended this direction (end of stream or trailers)
	hasTrailers  bool
	trailersArr  bool // trailers arrived
	trailersHeld bool
	trailersSent bool
	sentEnd      bool
	// buf holds the body: during a body callback the buffered bytes plus
	// the new chunk; between callbacks, what a paused body callback kept.
	buf       []byte
	buffering bool // the last body callback paused (StopIterationAndBuffer)
	inBody    bool // a body callback is running
	paused    bool
	resume    bool // continue_stream called; applied after the VM call
	sentBody  int
	sentHdrs  map[string]string
	// mapGone: the headers callback continued, and Envoy drops its
	// pointer to the header map (request_headers_ = nullptr): later
	// callbacks get BadArgument for it, until the log phase.
	mapGone bool
}

// ID is the stream's context id.
func (s *Stream) ID() uint32 { return s.id }

// Done reports whether the filter answered the stream itself or it was
// reset: nothing more is fed to the filter or released.
func (s *Stream) Done() bool { return s.Local != nil || s.Reset != "" }

// UpstreamHeaders returns the request headers as released upstream (nil
// while they are held).
func (s *Stream) UpstreamHeaders() map[string]string { return s.req.sentHdrs }

// UpstreamEnded reports whether the end of the request was released
// upstream.
func (s *Stream) UpstreamEnded() bool { return s.req.sentEnd }

// ClientEnded reports whether the client got the end of the response
// (from the upstream or a local response).
func (s *Stream) ClientEnded() bool { return s.resp.sentEnd }

// ClientHeaders returns the response headers the client got (the local
// response's when the filter answered), nil while none were released.
func (s *Stream) ClientHeaders() map[string]string {
	for _, p := range s.Downstream {
		if p.Kind == PartHeaders {
			return p.Headers
		}
	}
	return nil
}

// ClientBody returns every body byte the client got, in order.
func (s *Stream) ClientBody() []byte {
	var out []byte
	for _, p := range s.Downstream {
		if p.Kind == PartBody {
			out = append(out, p.Body...)
		}
	}
	return out
}

// Held reports whether the filter holds something back in the request or
// the response direction (paused, waiting for a continue).
func (s *Stream) Held() (request, response bool) { return s.req.paused, s.resp.paused }

func (s *Stream) flow(response bool) *flow {
	if response {
		return &s.resp
	}
	return &s.req
}

func (s *Stream) violate(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.cb != "" {
		msg += " (in " + s.cb + ")"
	}
	s.Violations = append(s.Violations, msg)
}

func (s *Stream) emit(f *flow, p Part) {
	p.After = len(s.Calls)
	p.Local = f == &s.resp && s.localChain
	if f == &s.req {
		s.Upstream = append(s.Upstream, p)
		if p.Kind == PartBody {
			s.ReqBody = append(s.ReqBody, p.Body...)
		}
	} else {
		s.Downstream = append(s.Downstream, p)
		if p.Kind == PartBody && !p.Local {
			s.RespBody = append(s.RespBody, p.Body...)
		}
	}
	if p.Kind == PartBody {
		f.sentBody += len(p.Body)
	}
	if p.End {
		f.sentEnd = true
		if cl, ok := f.sentHdrs["content-length"]; ok {
			if n, err := strconv.Atoi(cl); err == nil && n != f.sentBody {
				s.violate("%s sent with content-length %d but %d body bytes", f.name, n, f.sentBody)
			}
		}
	}
}

// release lets go of everything a direction holds, in order: held
// headers, the buffered body, held trailers.
func (s *Stream) release(f *flow) {
	if s.Reset != "" || (s.Local != nil && (f == &s.req || !s.localChain)) {
		return
	}
	headers := f.headersMap(s)
	if f.headersHeld || (!f.headersSent && f.started) {
		f.headersHeld = false
		f.headersSent = true
		f.sentHdrs = copyMap(headers)
		s.emit(f, Part{Kind: PartHeaders, Headers: copyMap(headers), End: f.gotEnd && !f.hasTrailers && len(f.buf) == 0 && !f.bodySeen()})
	}
	if f.sentEnd {
		f.buf, f.buffering, f.paused = nil, false, false
		return
	}
	endHere := f.gotEnd && !f.hasTrailers
	if len(f.buf) > 0 || endHere {
		s.emit(f, Part{Kind: PartBody, Body: append([]byte(nil), f.buf...), End: endHere})
	}
	f.buf, f.buffering = nil, false
	if f.trailersHeld || (f.trailersArr && !f.trailersSent) {
		f.trailersHeld = false
		f.trailersSent = true
		s.emit(f, Part{Kind: PartTrailers, Headers: copyMap(f.trailersMap(s)), End: true})
	}
	f.paused = false
}

// bodySeen: a body chunk arrived or is arriving (so headers do not carry
// the end of stream).
func (f *flow) bodySeen() bool { return f.inBody || f.buffering || f.sentBody > 0 }

func (f *flow) headersMap(s *Stream) map[string]string {
	if f == &s.req {
		return s.ReqHeaders
	}
	return s.RespHeaders
}

func (f *flow) trailersMap(s *Stream) map[string]string {
	if f == &s.req {
		return s.ReqTrailers
	}
	return s.RespTrailers
}

// --- the chunked stream API ----------------------------------------------

// StartRequest opens a stream and delivers the request headers
// (proxy_on_context_create, proxy_on_request_headers), then serves the
// calls the filter dispatched. Continue releases the headers upstream;
// Pause holds them until a later callback continues or continue_stream.
func (h *Host) StartRequest(headers map[string]string, endOfStream bool) (*Stream, Action, error) {
	id := h.nextID
	h.nextID++
	s := &Stream{id: id, ReqHeaders: lowerMap(headers)}
	s.req.name, s.resp.name = "request", "response"
	h.streams[id] = s
	if _, err := h.step(s, "proxy_on_context_create", "", uint64(id), rootID); err != nil {
		return s, Continue, err
	}
	s.req.started = true
	s.req.gotEnd = endOfStream
	a, err := h.headersStep(s, &s.req, "proxy_on_request_headers", endOfStream)
	return s, a, err
}

// RequestBody delivers one request body chunk (proxy_on_request_body).
// The filter sees bodySize = buffered bytes + this chunk and reads them
// with get_buffer_bytes. Continue releases held headers and the buffer;
// Pause keeps the buffer (the next chunk is appended to it).
func (h *Host) RequestBody(s *Stream, chunk []byte, endOfStream bool) (Action, error) {
	return h.bodyStep(s, &s.req, "proxy_on_request_body", chunk, endOfStream)
}

// RequestTrailers delivers the request trailers (proxy_on_request_trailers
// with their count; map type 1). They end the request: body chunks before
// them came with endOfStream false. During the callback get_buffer_bytes
// reads the body a paused body callback kept. Continue releases what is
// held, then the trailers; Pause holds them.
func (h *Host) RequestTrailers(s *Stream, trailers map[string]string) (Action, error) {
	return h.trailersStep(s, &s.req, "proxy_on_request_trailers", trailers)
}

// ResponseHeaders delivers the upstream's response headers
// (proxy_on_response_headers). No response body exists in this callback
// (get_buffer_bytes: NotFound); send_local_response here replaces the
// reply.
func (h *Host) ResponseHeaders(s *Stream, headers map[string]string, endOfStream bool) (Action, error) {
	if err := h.usable(s, &s.resp, false); err != nil {
		return Continue, err
	}
	if s.resp.started {
		return Continue, fmt.Errorf("stream %d: response headers delivered twice", s.id)
	}
	s.RespHeaders = lowerMap(headers)
	s.resp.started = true
	s.resp.gotEnd = endOfStream
	return h.headersStep(s, &s.resp, "proxy_on_response_headers", endOfStream)
}

// ResponseBody delivers one response body chunk (proxy_on_response_body),
// with the buffering rules of RequestBody.
func (h *Host) ResponseBody(s *Stream, chunk []byte, endOfStream bool) (Action, error) {
	return h.bodyStep(s, &s.resp, "proxy_on_response_body", chunk, endOfStream)
}

// ResponseTrailers delivers the response trailers
// (proxy_on_response_trailers; map type 3), as RequestTrailers.
func (h *Host) ResponseTrailers(s *Stream, trailers map[string]string) (Action, error) {
	return h.trailersStep(s, &s.resp, "proxy_on_response_trailers", trailers)
}

func (h *Host) usable(s *Stream, f *flow, needStarted bool) error {
	switch {
	case s == nil || h.streams[s.id] != s:
		return errors.New("stream is not open on this host")
	case s.Done():
		return fmt.Errorf("stream %d: %w", s.id, ErrDone)
	case needStarted && !f.started:
		return fmt.Errorf("stream %d: %s body or trailers before its headers", s.id, f.name)
	case f.gotEnd:
		return fmt.Errorf("stream %d: %s already ended", s.id, f.name)
	}
	return nil
}

func (h *Host) headersStep(s *Stream, f *flow, fn string, eos bool) (Action, error) {
	a, err := h.step(s, fn, strings.TrimPrefix(fn, "proxy_on_")+"(eos="+strconv.FormatBool(eos)+")",
		uint64(s.id), uint64(len(f.headersMap(s))), boolArg(eos))
	if err != nil {
		return a, err
	}
	if a == Continue {
		s.release(f)
		f.mapGone = true
	} else {
		f.headersHeld, f.paused = true, true
	}
	return a, h.afterCall()
}

func (h *Host) bodyStep(s *Stream, f *flow, fn string, chunk []byte, eos bool) (Action, error) {
	if err := h.usable(s, f, true); err != nil {
		return Continue, err
	}
	return h.bodyRun(s, f, fn, chunk, eos)
}

func (h *Host) bodyRun(s *Stream, f *flow, fn string, chunk []byte, eos bool) (Action, error) {
	f.buf = append(f.buf, chunk...)
	f.gotEnd = eos
	f.inBody = true
	a, err := h.step(s, fn, fmt.Sprintf("%s(size=%d,eos=%t)", strings.TrimPrefix(fn, "proxy_on_"), len(f.buf), eos),
		uint64(s.id), uint64(len(f.buf)), boolArg(eos))
	f.inBody = false
	if err != nil {
		return a, err
	}
	if a == Continue {
		s.release(f)
	} else {
		f.buffering, f.paused = true, true
	}
	return a, h.afterCall()
}

func (h *Host) trailersStep(s *Stream, f *flow, fn string, trailers map[string]string) (Action, error) {
	if err := h.usable(s, f, true); err != nil {
		return Continue, err
	}
	t := lowerMap(trailers)
	if f == &s.req {
		s.ReqTrailers = t
	} else {
		s.RespTrailers = t
	}
	f.gotEnd, f.hasTrailers, f.trailersArr = true, true, true
	a, err := h.step(s, fn, fmt.Sprintf("%s(n=%d)", strings.TrimPrefix(fn, "proxy_on_"), len(t)), uint64(s.id), uint64(len(t)))
	if err != nil {
		return a, err
	}
	if a == Continue {
		s.release(f)
	} else {
		f.trailersHeld, f.paused = true, true
	}
	return a, h.afterCall()
}

// step runs one filter callback on a stream and records it.
func (h *Host) step(s *Stream, fn, label string, args ...uint64) (Action, error) {
	h.current = s.id
	s.cb = strings.TrimPrefix(fn, "proxy_on_")
	res, err := h.call(fn, args...)
	s.cb = ""
	a := Action(res)
	if label != "" {
		s.Calls = append(s.Calls, label+"="+a.String())
	}
	if err != nil {
		return Continue, err
	}
	if a > Pause && strings.Contains(fn, "_on_re") {
		s.violate("%s returned %d: the Go SDK and this host know only Continue (0) and Pause (1)", fn, a)
		a = Pause
	}
	return a, nil
}

// afterCall applies continue_stream calls made during the last VM call
// (Envoy defers them to after the call), then serves dispatched calls.
func (h *Host) afterCall() error {
	if err := h.applyResumes(); err != nil {
		return err
	}
	return h.serveCallouts()
}

// applyResumes carries out what VM calls deferred: continue_stream, and
// local replies that go through the response callbacks.
func (h *Host) applyResumes() error {
	for _, s := range h.streams {
		for _, f := range []*flow{&s.req, &s.resp} {
			if f.resume {
				f.resume = false
				if f.paused {
					s.release(f)
				}
			}
		}
	}
	for _, s := range h.streams {
		if s.pendingLocal != nil {
			if err := h.runLocal(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// localResponse carries out send_local_response on the current stream,
// as Envoy's filter manager does: before any response headers exist the
// reply goes through the filter chain, this filter's response callbacks
// included (run after the current VM call); once upstream response
// headers arrived but before they went to the client, it replaces the
// reply directly; after they went, the stream is reset.
func (h *Host) localResponse(s *Stream, lr *LocalResponse) {
	switch {
	case s.Done():
		s.violate("second send_local_response ignored (status %d)", lr.Status)
		return
	case s.resp.headersSent:
		// The client already has response headers: Envoy can only reset.
		s.Reset = fmt.Sprintf("send_local_response(%d) after the response headers were sent", lr.Status)
		return
	}
	s.Local = lr
	s.req.paused, s.req.buf, s.req.buffering = false, nil, false
	hdrs := copyMap(lr.Headers)
	hdrs[":status"] = strconv.Itoa(int(lr.Status))
	hdrs["content-length"] = strconv.Itoa(len(lr.Body))
	if len(lr.Body) > 0 && hdrs["content-type"] == "" {
		hdrs["content-type"] = "text/plain"
	}
	if !s.resp.started {
		s.localChain = true
		s.pendingLocal = &LocalResponse{Status: lr.Status, Headers: hdrs, Body: lr.Body}
		return
	}
	s.Downstream = append(s.Downstream, Part{Kind: PartHeaders, Headers: hdrs, Local: true, End: len(lr.Body) == 0, After: len(s.Calls) + 1})
	if len(lr.Body) > 0 {
		s.Downstream = append(s.Downstream, Part{Kind: PartBody, Body: append([]byte(nil), lr.Body...), Local: true, End: true, After: len(s.Calls) + 1})
	}
	s.resp.headersSent, s.resp.sentEnd = true, true
	s.resp.paused, s.resp.buf, s.resp.buffering = false, nil, false
}

// runLocal sends a pending local reply through the filter's response
// callbacks; what they release is what the client gets.
func (h *Host) runLocal(s *Stream) error {
	lr := s.pendingLocal
	s.pendingLocal = nil
	s.RespHeaders = lr.Headers
	s.resp.started = true
	s.resp.gotEnd = len(lr.Body) == 0
	if _, err := h.headersStep(s, &s.resp, "proxy_on_response_headers", s.resp.gotEnd); err != nil || len(lr.Body) == 0 {
		return err
	}
	_, err := h.bodyRun(s, &s.resp, "proxy_on_response_body", lr.Body, true)
	return err
}

// End finishes the stream as Envoy does: log, done, delete.
func (h *Host) End(s *Stream) error {
	if s == nil || h.streams[s.id] != s {
		return errors.New("stream is not open on this host")
	}
	defer delete(h.streams, s.id)
	s.ended = true // the log phase: Envoy gives the header maps back
	for _, end := range []string{"proxy_on_log", "proxy_on_done", "proxy_on_delete"} {
		h.current = s.id
		if _, err := h.call(end, uint64(s.id)); err != nil {
			return err
		}
	}
	return nil
}

// --- the whole-message API, on top of the chunked one ---------------------

// Exchange runs one request (and, unless the filter answers it, one
// response) through the filter, each body in one chunk with end of
// stream, then ends the stream the way Envoy does (log, done, delete).
func (h *Host) Exchange(reqHeaders map[string]string, reqBody []byte, respHeaders map[string]string, respBody []byte) (*Stream, error) {
	return exchange(h, reqHeaders, reqBody, respHeaders, respBody)
}

// Request opens a stream and runs the request phase: headers, then the
// body in one chunk with end of stream (no body: end of stream on the
// headers). s.Local is set when the filter answered; otherwise
// s.UpstreamHeaders() and s.ReqBody are what went upstream.
func (h *Host) Request(reqHeaders map[string]string, reqBody []byte) (*Stream, error) {
	return request(h, reqHeaders, reqBody)
}

// Response runs the response phase, the body in one chunk; the client
// then has s.ClientHeaders() and s.RespBody (or s.Local).
func (h *Host) Response(s *Stream, respHeaders map[string]string, respBody []byte) error {
	return response(h, s, respHeaders, respBody)
}

func lowerMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}
