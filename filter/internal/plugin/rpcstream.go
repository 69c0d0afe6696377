package plugin

import (
	"bytes"
	"time"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// Event streams (MCP, A2A and LLM APIs') are judged event by event as
// they flow (rules.Exchange.StreamChunk): each chunk the host holds is replaced by
// exactly what the exchange releases for it, and the bytes of an
// unfinished event stay in the exchange.

// rpcStreamChunk judges the complete events a chunk finishes and releases
// exactly their bytes (or what replaces them).
func (h *httpContext) rpcStreamChunk(bodySize int, endOfStream bool) types.Action {
	var chunk []byte
	if bodySize > 0 {
		b, err := proxywasm.GetHttpResponseBody(0, bodySize)
		if err != nil {
			h.p.m.failure("host_error")
			return h.cutRPCStream(&rules.Failure{Reason: "host_error", Detail: "cannot read the response body"}, nil, nil)
		}
		chunk = b
	}
	h.captureChunk(chunk)
	start := time.Now()
	out, results, fail := h.x.StreamChunk(h.sseOut[:0], chunk, endOfStream)
	h.p.m.duration.Record(uint64(time.Since(start).Microseconds()))
	h.storeErrors()
	for _, r := range results {
		h.report(r.Verdict)
		switch {
		case h.p.policy.Monitor():
			h.p.m.pass("monitor")
		case r.Dropped:
			h.p.m.dropped()
		case r.Verdict.Action == rules.ActionRemove && !r.Applied:
			h.p.m.failure("rewrite_error")
		case r.Awaiting:
			h.awaitHuman(r.Verdict)
		}
	}
	h.sseOut = out
	if fail != nil {
		return h.cutRPCStream(fail, chunk, out)
	}
	if h.hold != nil {
		return h.holdChunk(chunk, out, endOfStream)
	}
	if endOfStream {
		h.phase = phaseDone
	}
	h.replaceChunk(chunk, out)
	if !endOfStream && len(out) == 0 && h.x.Holding() {
		// Nothing to send now. Envoy gives the trailers callback a body
		// to write only while a body callback paused: paused on the
		// emptied buffer, what is held can still go out before trailers
		// that end the stream; the next chunk resumes.
		return types.ActionPause
	}
	return types.ActionContinue
}

// replaceChunk releases out in place of the chunk the host holds.
func (h *httpContext) replaceChunk(chunk, out []byte) {
	if bytes.Equal(chunk, out) {
		return
	}
	h.writeBody(out)
}

// writeBody replaces the response body Envoy holds with out. Trailers
// after a body callback that went on find no body (Envoy keeps one only
// while a body callback paused): what the stream's end released cannot
// be sent, which is counted and logged, never written blind.
func (h *httpContext) writeBody(out []byte) {
	if h.noBody {
		if len(out) > 0 {
			h.p.m.failure("host_error")
			h.reportError(rules.Response, "host_error", "trailers ended the stream while events were held: no body to write them into", rules.ActionBlock)
		}
		return
	}
	if err := proxywasm.ReplaceHttpResponseBody(out); err != nil {
		h.p.m.failure("host_error")
	}
}

// cutRPCStream ends what the client gets of a stream for a failure:
// judged (what this chunk released before it) goes on, the requests of
// the exchange still unanswered get the protocol's error event, and
// nothing after reaches the client. Under on_error allow, and never for
// an ambiguity, the stream goes on unjudged instead, starting with the
// bytes the exchange held back.
func (h *httpContext) cutRPCStream(f *rules.Failure, chunk, judged []byte) types.Action {
	if h.hold != nil {
		return h.cutHeld(f, judged)
	}
	out := append([]byte(nil), judged...)
	if !h.failed(rules.Response, f.Reason, f.Detail, f.Ambiguous) {
		h.phase = phasePass
		if chunk != nil {
			h.replaceChunk(chunk, append(out, h.x.Held()...))
		}
		return types.ActionContinue
	}
	out = append(out, h.x.Cut(f)...)
	h.phase = phaseCut
	h.writeBody(out)
	return types.ActionContinue
}
