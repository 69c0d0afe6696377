package plugin

import (
	"bytes"
	"errors"
	"strconv"
	"time"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// MCP and A2A event streams (POST answers, MCP's GET stream and its
// resumption, A2A message/stream and tasks/resubscribe) are judged event
// by event as they flow, never held to their end:
//
//   - each chunk is fed to a strict SSE reader; the bytes of an event not
//     yet complete stay in the filter (bounded by max_body_bytes), so
//     nothing reaches the client unjudged;
//   - an allowed event goes on byte-identical; a rewritten one is written
//     again with its event and id fields; a refused answer becomes the
//     protocol's error for its id; a refused server-to-client request
//     (sampling, elicitation) is dropped, counted and logged;
//   - a stream that cannot be read one way only is cut: the requests of
//     this stream still unanswered get the protocol's error, and nothing
//     after the cut reaches the client.

// startRPCStream prepares an event stream's reading once its headers are
// judged.
func (h *httpContext) startRPCStream() {
	h.sse = &rules.SSEReader{Max: h.p.policy.Config().MaxBodyBytes}
	// Rewritten events change the length.
	_ = proxywasm.RemoveHttpResponseHeader("content-length")
	if h.format == rules.FormatMCP {
		// Answers may belong to requests sent on another stream of the
		// session; an id known nowhere is judged as a tools/call result
		// with every scanner.
		for id, m := range h.p.sessionMethods(h.sessionID()) {
			if _, ok := h.methods[id]; !ok {
				if h.methods == nil {
					h.methods = map[string]string{}
				}
				h.methods[id] = m
			}
		}
	}
	h.p.m.request(h.format, rules.Response)
}

// sessionID is the MCP session of the exchange ("" when none).
func (h *httpContext) sessionID() string { return h.session }

// rpcStreamChunk judges the complete events a chunk finishes and releases
// exactly their bytes (or what replaces them).
func (h *httpContext) rpcStreamChunk(bodySize int, endOfStream bool) types.Action {
	var chunk []byte
	if bodySize > 0 {
		b, err := proxywasm.GetHttpResponseBody(0, bodySize)
		if err != nil {
			h.p.m.failure("host_error")
			return h.cutRPCStream("host_error", "cannot read the response body", false, nil, nil, nil)
		}
		chunk = b
	}
	out := h.sseOut[:0]
	err := h.sse.Feed(chunk, func(b *rules.SSEBlock) error {
		var err error
		out, err = h.judgeEvent(out, b)
		return err
	})
	h.sseOut = out
	if err != nil {
		var le *rules.SSELimitError
		if errors.As(err, &le) {
			return h.cutRPCStream("body_too_large", err.Error(), false, chunk, out, h.sse.Pending())
		}
		return h.cutRPCStream("ambiguous_stream", err.Error(), true, chunk, out, nil)
	}
	if endOfStream {
		out = h.endRPCStream(out)
		h.sseOut = out
	}
	h.replaceChunk(chunk, out)
	return types.ActionContinue
}

// replaceChunk releases out in place of the chunk the host holds.
func (h *httpContext) replaceChunk(chunk, out []byte) {
	if bytes.Equal(chunk, out) {
		return
	}
	if err := proxywasm.ReplaceHttpResponseBody(out); err != nil {
		h.p.m.failure("host_error")
	}
}

// endRPCStream finishes the reading at the end of the stream. An event
// not closed by a blank line is read two ways (go-sdk dispatches it, the
// spec and the TypeScript SDK drop it): it is closed here and judged like
// any other, so what a client may act on has been judged.
func (h *httpContext) endRPCStream(out []byte) []byte {
	h.phase = phaseDone
	if pend := h.sse.Pending(); len(pend) > 0 {
		end := []byte("\n\n")
		if pend[len(pend)-1] == '\n' {
			end = end[:1]
		}
		err := h.sse.Feed(end, func(b *rules.SSEBlock) error {
			var err error
			out, err = h.judgeEvent(out, b)
			return err
		})
		if err != nil {
			h.p.m.failure("ambiguous_stream")
			h.reportError(rules.Response, "ambiguous_stream", err.Error(), rules.ActionBlock)
			return out
		}
	}
	left, _, err := h.sse.Close()
	if err != nil {
		h.p.m.failure("ambiguous_stream")
		h.reportError(rules.Response, "ambiguous_stream", err.Error(), rules.ActionBlock)
		return out
	}
	return append(out, left...)
}

// cutRPCStream ends what the client gets of a stream: judged (what this
// chunk released before the failure) goes on, the requests of this stream
// not yet answered get the protocol's error event, and nothing after
// reaches the client. Under on_error allow, and never for an ambiguity,
// the stream goes on unjudged instead, starting with held: the bytes the
// filter holds back.
func (h *httpContext) cutRPCStream(kind, detail string, ambiguous bool, chunk, judged, held []byte) types.Action {
	h.sse = nil
	out := append([]byte(nil), judged...)
	if !h.failed(rules.Response, kind, detail, ambiguous) {
		h.phase = phasePass
		if chunk != nil {
			h.replaceChunk(chunk, append(out, held...))
		}
		return types.ActionContinue
	}
	for _, id := range h.pending {
		r := h.p.policy.Refuse(h.format, rules.StatusFor(kind), kind, rules.RefusalMessage(kind), []string{id})
		out = rules.AppendSSE(out, rules.SSEEvent{Data: string(r.Body)})
	}
	h.pending = nil
	h.phase = phaseCut
	if err := proxywasm.ReplaceHttpResponseBody(out); err != nil {
		h.p.m.failure("host_error")
	}
	return types.ActionContinue
}

// judgeEvent decides on one event and appends what the client gets of it.
func (h *httpContext) judgeEvent(out []byte, b *rules.SSEBlock) ([]byte, error) {
	if !b.Fields || b.Event.DataLines == 0 {
		return append(out, b.Raw...), nil // comments, prime events, retry hints
	}
	if h.format == rules.FormatA2A && b.Event.DataLines > 1 {
		// a2a-go reads each data line as a message of its own; the
		// spec joins them.
		return out, errors.New("event " + strconv.Quote(b.Event.ID) + ": several data lines in an A2A event")
	}
	payload, ok, err := rules.SSEPayload(b.Event.Data)
	if err != nil {
		return out, err
	}
	if !ok {
		return append(out, b.Raw...), nil
	}
	pol := h.p.policy
	start := time.Now()
	v := pol.Evaluate(rules.Input{Body: []byte(payload), Direction: rules.Response, Format: h.format, RequestMethods: h.methods})
	h.p.m.duration.Record(uint64(time.Since(start).Microseconds()))
	if v.Payload == nil {
		// Unreadable as JSON-RPC here; a client's reader may differ.
		return out, errors.New("event " + strconv.Quote(b.Event.ID) + ": " + v.Reason + ": " + v.Detail)
	}
	h.afterResponseVerdict(v)
	h.report(v)
	h.answered(v)
	if pol.Monitor() {
		h.p.m.pass("monitor")
		return append(out, b.Raw...), nil
	}
	switch v.Action {
	case rules.ActionAllow, rules.ActionFlag:
		return append(out, b.Raw...), nil
	case rules.ActionRemove:
		if nb, err := rewrite(v, []byte(payload)); err == nil {
			ev := b.Event
			ev.Data = string(nb)
			return rules.AppendSSE(out, ev), nil
		}
		h.p.m.failure("rewrite_error")
	}
	if serverRequest(v) {
		// Nobody on the client side asked for it: dropped, and the
		// verdict's event and metric say so.
		h.p.m.dropped()
		return out, nil
	}
	reason := v.Reason
	if v.Action == rules.ActionRemove {
		reason = "rewrite_error"
	}
	r := pol.Refuse(h.format, rules.StatusFor(reason), reason, rules.RefusalMessage(reason), responseIDs(v))
	ev := b.Event
	ev.Data = string(r.Body)
	return rules.AppendSSE(out, ev), nil
}

// serverRequest reports whether a judged message is a request or
// notification from the server, not an answer to the client.
func serverRequest(v *rules.Verdict) bool {
	if len(v.Payload.RPC) == 0 {
		return false
	}
	for _, m := range v.Payload.RPC {
		if m.IsResponse || m.Method == "" {
			return false
		}
	}
	return true
}

// answered takes the ids a message answers off the pending list.
func (h *httpContext) answered(v *rules.Verdict) {
	for _, m := range v.Payload.RPC {
		if !m.IsResponse {
			continue
		}
		for i, id := range h.pending {
			if id == m.ID {
				h.pending = append(h.pending[:i], h.pending[i+1:]...)
				break
			}
		}
	}
}
