package plugin

import (
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// A tool call of an LLM stream that the policy gives to a human
// (rules.EventResult.Awaiting) holds the stream while the runner asks:
//
//   - the body callback that judged the call returns Pause, so Envoy
//     keeps what it holds and lets the filter replace it from the
//     runner's answer callback; every later chunk is fed to the exchange
//     (held there, bounded by max_body_bytes) and Envoy's buffer emptied,
//     the callback pausing again;
//   - the calls awaiting a human are asked about one at a time, oldest
//     first, through the runner's hand-off (startApproval), bounded by
//     approval.timeout_ms;
//   - approved: the held events are released as they came and the stream
//     resumes; denied, expired, or any runner failure: the stream ends
//     with the API's error event and the rest is swallowed.

// streamHold is an LLM stream paused for a human decision.
type streamHold struct {
	out    []byte            // what the client gets when the stream resumes
	queue  [][]wire.ToolCall // calls still to ask about, oldest first
	asking bool              // a hand-off is in flight
	ended  bool              // the upstream's end arrived while paused
}

// awaitHuman queues the calls of an approve verdict the exchange holds.
func (h *httpContext) awaitHuman(v *rules.Verdict) {
	if h.hold == nil {
		h.hold = &streamHold{}
	}
	calls, _ := approvalCalls(v) // the exchange checked: approve and allow only
	h.hold.queue = append(h.hold.queue, calls)
}

// holdChunk ends a body callback while the stream waits for a human:
// Envoy keeps nothing of the chunk (the exchange holds it) and the
// stream stays paused, unless the hand-off could not even start.
func (h *httpContext) holdChunk(chunk, out []byte, endOfStream bool) types.Action {
	hd := h.hold
	hd.out = append(hd.out, out...)
	hd.ended = hd.ended || endOfStream
	if h.x.Awaiting() && !hd.asking && len(hd.queue) > 0 {
		h.askNext()
	}
	if !h.x.Awaiting() {
		// Refused meanwhile, by this chunk's events or because the
		// hand-off could not start: no one's answer is waited for.
		h.hold = nil
		h.phase = phaseCut
		h.replaceChunk(chunk, hd.out)
		return types.ActionContinue
	}
	if len(chunk) > 0 {
		if err := proxywasm.ReplaceHttpResponseBody(nil); err != nil {
			h.p.m.failure("host_error")
		}
	}
	return types.ActionPause
}

// askNext hands the oldest queued calls to the runner. When the hand-off
// cannot start it refuses the stream and returns false.
func (h *httpContext) askNext() bool {
	hd := h.hold
	calls := hd.queue[0]
	hd.queue = hd.queue[1:]
	hd.asking = true
	err := h.startApproval(rules.Response, calls, "tool call in a streamed model response",
		func() { h.humanDecided(true, "") },
		func(reason rules.Reason) { h.humanDecided(false, reason) })
	if err != nil {
		hd.asking = false
		h.p.m.failure(err.kind)
		h.reportError(rules.Response, err.kind, err.detail, rules.ActionBlock)
		h.refuseHeld(err.kind)
		return false
	}
	return true
}

// refuseHeld ends the held stream with the API's error event.
func (h *httpContext) refuseHeld(reason rules.Reason) {
	hd := h.hold
	hd.out = append(hd.out, h.x.ApprovalDone(false, reason)...)
	hd.queue = nil
	h.phase = phaseCut
}

// humanDecided runs in the runner's answer callback: the next call is
// asked about, or the stream resumes with what the decision released.
func (h *httpContext) humanDecided(approved bool, reason rules.Reason) {
	hd := h.hold
	if hd == nil || h.phase != phaseResponse {
		return // the stream was cut meanwhile
	}
	hd.asking = false
	if !approved {
		h.refuseHeld(reason)
	} else {
		hd.out = append(hd.out, h.x.ApprovalDone(true, "")...)
		if len(hd.queue) > 0 && h.askNext() {
			return
		}
	}
	h.hold = nil
	if h.phase == phaseResponse && hd.ended {
		h.phase = phaseDone
	}
	if err := proxywasm.ReplaceHttpResponseBody(hd.out); err != nil {
		h.p.m.failure("host_error")
	}
	if err := proxywasm.ResumeHttpResponse(); err != nil {
		h.p.m.failure("host_error")
	}
}

// cutHeld ends a stream waiting for a human for a failure: refused
// whatever on_error says (letting the rest pass unjudged would pass the
// call no human approved); the answer still to come is ignored.
func (h *httpContext) cutHeld(f *rules.Failure, judged []byte) types.Action {
	h.p.m.failure(f.Reason)
	h.reportError(rules.Response, f.Reason, f.Detail, rules.ActionBlock)
	out := append(append(h.hold.out, judged...), h.x.Cut(f)...)
	h.hold = nil
	h.phase = phaseCut
	if err := proxywasm.ReplaceHttpResponseBody(out); err != nil {
		h.p.m.failure("host_error")
	}
	return types.ActionContinue
}
