// Package decide takes a recorded exchange (internal/recording) through
// the decision path the filter takes, over rules.Exchange, and returns
// the security events the filter would log: what `aisecops replay` and
// the parity test compare.
package decide

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
)

// ErrUnreadBody: the exchange's request body was not recorded and the
// policy would read it, so it cannot be decided.
var ErrUnreadBody = errors.New("cannot re-decide")

// Decide takes a recorded exchange through the decision path the filter
// takes (route, size and encoding limits, rules.Exchange on the request,
// the response headers, the body whole or event by event) and returns the
// events the filter would log, in order. A call handed to the
// sandbox-runner stops there: what the runner answers is not replayed.
func Decide(p *rules.Policy, store rules.Store, e *recording.Exchange) ([]rules.Event, error) {
	limit := p.MaxBodyBytes()
	var events []rules.Event
	emit := func(v *rules.Verdict) { events = append(events, p.Events(v)...) }
	format := rules.FormatUnknown
	fail := func(d rules.Direction, f *rules.Failure) bool {
		act := p.FailureAction(f)
		emit(p.FailureVerdict(d, format, f.Reason, f.Detail, act))
		return act != rules.ActionAllow && !p.Monitor()
	}
	route := p.RouteRequest(e.Authority, e.Path)
	format = route.Format
	if route.Refuse != "" {
		emit(p.FailureVerdict(rules.Request, format, route.Refuse, route.Detail, rules.ActionBlock))
		return events, nil
	}
	if format == rules.FormatUnknown {
		return events, nil
	}
	path := e.Path
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	var hdrs [][2]string
	for k, v := range e.RequestHeaders {
		hdrs = append(hdrs, [2]string{k, v})
	}
	x := p.NewExchange(rules.ExchangeInfo{Format: format, Method: e.Method, Authority: e.Authority, Path: path,
		Session: e.RequestHeaders["mcp-session-id"], MCPHeaders: wire.MCPHeaders(hdrs)}, store)
	if n := e.RequestBodyUnread; n > 0 {
		if n <= limit {
			return nil, fmt.Errorf("%w: the request body was refused unread (%d bytes) and fits this policy's max_body_bytes (%d)", ErrUnreadBody, n, limit)
		}
		fail(rules.Request, &rules.Failure{Reason: "body_too_large", Detail: fmt.Sprintf("body over %d bytes", limit)})
		return events, nil
	}
	raw, err := e.Body()
	if err != nil {
		return nil, fmt.Errorf("request_body_b64: %w", err)
	}
	if len(raw) > 0 {
		enc := strings.ToLower(strings.TrimSpace(e.RequestHeaders["content-encoding"]))
		body, f := rules.ReadBody(raw, enc, limit)
		if f != nil {
			fail(rules.Request, f)
			return events, nil
		}
		v := x.Request(body)
		emit(v)
		if !p.Monitor() && v.Action.Refuses() {
			if v.Action != rules.ActionRemove {
				return events, nil // refused, or handed to the runner
			}
			if _, err := v.Apply(body); err != nil {
				fail(rules.Request, &rules.Failure{Reason: "rewrite_error", Detail: err.Error(), Ambiguous: true})
				return events, nil
			}
		}
	}
	if e.Status == 0 {
		return events, nil
	}
	chunks, err := e.Chunks()
	if err != nil {
		return nil, err
	}
	if len(chunks) == 0 && !e.ResponseBodyUnread {
		return events, nil // headers ending the stream are not judged
	}
	var cts []string
	if ct, ok := e.ResponseHeaders["content-type"]; ok {
		cts = []string{ct}
	}
	mode, f := x.ResponseHeaders(fmt.Sprint(e.Status), cts)
	if f != nil {
		fail(rules.Response, f)
		return events, nil
	}
	if mode == rules.ResponsePass || len(chunks) == 0 {
		return events, nil
	}
	enc := strings.ToLower(strings.TrimSpace(e.ResponseHeaders["content-encoding"]))
	if !rules.SupportedEncoding(enc) || mode == rules.ResponseEvents && enc != "" && enc != "identity" {
		fail(rules.Response, &rules.Failure{Reason: "unsupported_encoding", Detail: "content-encoding " + enc})
		return events, nil
	}
	if mode == rules.ResponseEvents {
		for i, c := range chunks {
			_, results, f := x.StreamChunk(nil, c, i == len(chunks)-1)
			for _, r := range results {
				emit(r.Verdict)
			}
			if f != nil {
				fail(rules.Response, f)
				return events, nil
			}
		}
		return events, nil
	}
	body, f := rules.ReadBody(bytes.Join(chunks, nil), enc, limit)
	if f != nil {
		fail(rules.Response, f)
		return events, nil
	}
	v, f := x.ResponseBody(body)
	switch {
	case f != nil:
		fail(rules.Response, f)
	case v != nil:
		emit(v)
		if v.Action == rules.ActionRemove && !p.Monitor() && !x.EventStream() {
			if _, err := v.Apply(body); err != nil {
				fail(rules.Response, &rules.Failure{Reason: "rewrite_error", Detail: err.Error(), Ambiguous: true})
			}
		}
	}
	return events, nil
}

// Store returns the store a captured exchange is re-decided with: a
// memory store holding what the exchange read from the filter's store
// when it was captured (nil: an empty one).
func Store(st *recording.StoreState) rules.Store {
	m := &rules.MemoryStore{}
	if st == nil {
		return m
	}
	for k, pin := range st.Pins {
		m.LearnPin(k, pin)
	}
	for s, methods := range st.Sessions {
		m.RememberSession(s, methods)
	}
	m.RememberTools(st.Tools)
	return m
}
