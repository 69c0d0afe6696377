package rules

import (
	"errors"
	"strconv"

	"github.com/aisecops/aisecops/internal/wire"
)

// MCP and A2A event streams (POST answers, MCP's GET stream and its
// resumption, A2A message/stream and tasks/resubscribe) are judged event
// by event as they flow, never held to their end:
//
//   - each chunk is fed to the strict SSE reader; the bytes of an event
//     not yet complete stay in the exchange (bounded by max_body_bytes),
//     so nothing reaches the client unjudged;
//   - an allowed event goes on byte-identical; a rewritten one is written
//     again with its event and id fields; a refused answer becomes the
//     protocol's error for its id; a refused server-to-client request
//     (sampling, elicitation) is dropped;
//   - a stream that cannot be read one way only is cut (Cut): the
//     requests of this exchange still unanswered get the protocol's error,
//     and nothing after reaches the client.

// EventResult is the decision on one event of a stream.
type EventResult struct {
	Verdict *Verdict
	// Dropped: a refused server-to-client request taken out of the stream.
	Dropped bool
	// Applied: a remove verdict was carried out as an edit (when it could
	// not be, the answer was refused).
	Applied bool
	// Awaiting: an approve verdict on an LLM stream's tool call under
	// StreamApprovals; the stream is held from the call on until the
	// caller reports the human's decision (ApprovalDone), in the order of
	// the results.
	Awaiting bool
}

func (x *Exchange) startStream() {
	x.sse = &wire.SSEReader{Max: x.p.cfg.MaxBodyBytes}
	x.loadSession()
}

// StreamChunk judges the events a chunk of an event stream completes and
// appends the bytes to release for it to dst (which may be reused
// between chunks), in order, with a result per judged
// event. end closes the stream: an event left open is closed and judged
// (go-sdk dispatches it). A failure ends the reading: out still holds
// what was judged before it; the caller cuts the stream (Cut) or, for a
// limit under on_error allow, releases Held bytes and the rest unjudged.
func (x *Exchange) StreamChunk(dst, chunk []byte, end bool) (out []byte, results []EventResult, fail *Failure) {
	out = dst
	if x.llm != nil {
		if x.sse == nil && !x.llm.over {
			return out, nil, &Failure{Reason: "internal_error", Detail: "event stream chunk after the stream was cut"}
		}
		return x.llmChunk(dst, chunk, end)
	}
	if x.sse == nil {
		return out, nil, &Failure{Reason: "internal_error", Detail: "event stream chunk outside an event stream (not started by ResponseHeaders, or cut)"}
	}
	judge := func(b *wire.SSEBlock) error {
		var r *EventResult
		var err error
		out, r, err = x.judgeEvent(out, b)
		if r != nil {
			results = append(results, *r)
		}
		return err
	}
	if err := x.sse.Feed(chunk, judge); err != nil {
		return out, results, streamFailure(err)
	}
	if !end {
		return out, results, nil
	}
	left, err := x.endSSE(judge)
	if err != nil {
		return out, results, streamFailure(err)
	}
	return append(out, left...), results, nil
}

// endSSE ends the stream's reading: an event left open is closed and
// judged (go-sdk dispatches it); the leftover bytes are returned.
func (x *Exchange) endSSE(judge func(b *wire.SSEBlock) error) ([]byte, error) {
	if pend := x.sse.Pending(); len(pend) > 0 {
		term := []byte("\n\n")
		if pend[len(pend)-1] == '\n' {
			term = term[:1]
		}
		if err := x.sse.Feed(term, judge); err != nil {
			return nil, err
		}
	}
	left, _, err := x.sse.Close()
	return left, err
}

func streamFailure(err error) *Failure {
	var le *wire.SSELimitError
	if errors.As(err, &le) {
		return &Failure{Reason: "body_too_large", Detail: err.Error()}
	}
	return ambiguity("ambiguous_stream", err.Error())
}

// Held is what the stream reader holds back (an unfinished event): what
// goes on unjudged, first, when a limit lets the rest of a stream pass.
func (x *Exchange) Held() []byte {
	if x.sse == nil {
		return nil
	}
	if x.llm != nil {
		var out []byte
		for _, ev := range x.llm.held {
			out = append(out, ev.raw...)
		}
		x.llm.held = nil
		return append(out, x.sse.Pending()...)
	}
	return x.sse.Pending()
}

// Holding reports whether the stream holds bytes not yet released: an
// unfinished event, or held LLM events.
func (x *Exchange) Holding() bool {
	if x.sse == nil {
		return false
	}
	return len(x.sse.Pending()) > 0 || x.llm != nil && len(x.llm.held) > 0
}

// Cut ends a stream for a failure: the error event for each request of
// the exchange still unanswered. Nothing of the stream after it may
// reach the client.
func (x *Exchange) Cut(f *Failure) []byte {
	if x.llm != nil {
		if x.llm.over {
			return nil
		}
		return x.refuseLLM(nil, f.Reason)
	}
	var out []byte
	for _, id := range x.pending {
		r := x.p.Refuse(x.info.Format, f.Reason.Status(), f.Reason, f.Reason.Message(), []string{id})
		out = wire.AppendSSE(out, wire.SSEEvent{Data: string(r.Body)})
	}
	x.pending = nil
	x.sse = nil
	return out
}

// judgeEvent decides on one event and appends what the client gets of it.
func (x *Exchange) judgeEvent(out []byte, b *wire.SSEBlock) ([]byte, *EventResult, error) {
	if !b.Fields || b.Event.DataLines == 0 {
		return append(out, b.Raw...), nil, nil // comments, prime events, retry hints
	}
	if x.info.Format == FormatA2A && b.Event.DataLines > 1 {
		// a2a-go reads each data line as a message of its own; the spec
		// joins them.
		return out, nil, errors.New("event " + strconv.Quote(b.Event.ID) + ": several data lines in an A2A event")
	}
	payload, ok, err := wire.SSEPayload(b.Event.Data)
	if err != nil {
		return out, nil, err
	}
	if !ok {
		return append(out, b.Raw...), nil, nil
	}
	v := x.p.Evaluate(Input{Body: []byte(payload), Direction: Response, Format: x.info.Format, RequestMethods: x.methods, Tools: x.knownTools()})
	if v.Payload == nil {
		// Unreadable as JSON-RPC here; a client's reader may differ.
		return out, nil, errors.New("event " + strconv.Quote(b.Event.ID) + ": " + string(v.Reason) + ": " + v.Detail)
	}
	x.afterResponse(v)
	x.answered(v)
	r := &EventResult{Verdict: v}
	if x.p.Monitor() {
		return append(out, b.Raw...), r, nil
	}
	switch v.Action {
	case ActionAllow, ActionFlag:
		return append(out, b.Raw...), r, nil
	case ActionRemove:
		if nb, err := v.Apply([]byte(payload)); err == nil {
			ev := b.Event
			ev.Data = string(nb)
			r.Applied = true
			return wire.AppendSSE(out, ev), r, nil
		}
	}
	if v.ServerRequest() {
		// Nobody on the client side asked for it.
		r.Dropped = true
		return out, r, nil
	}
	reason := v.Reason
	if v.Action == ActionRemove {
		reason = "rewrite_error"
	}
	rf := x.p.Refuse(x.info.Format, reason.Status(), reason, reason.Message(), v.MessageIDs())
	ev := b.Event
	ev.Data = string(rf.Body)
	return wire.AppendSSE(out, ev), r, nil
}

// answered takes the ids a message answers off the pending list.
func (x *Exchange) answered(v *Verdict) {
	for _, m := range v.Payload.RPC {
		if !m.IsResponse {
			continue
		}
		for i, id := range x.pending {
			if id == m.ID {
				x.pending = append(x.pending[:i], x.pending[i+1:]...)
				break
			}
		}
	}
}
