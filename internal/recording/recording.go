// Package recording is the one recording format for exchanges (a JSON
// line per request and its response, as a proxy saw them) and Decide,
// which takes a recorded exchange through the filter's decision path
// (rules.Exchange) and returns the security events the filter would log.
// `aisecops replay` reads recordings with it, the parity test records the
// e2e scenarios with it, and evidence capture and tap import will write
// it. It is not part of the filter module (the filter never reads it).
package recording

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
)

// Exchange is one recorded exchange. Header names are lower-case; the
// headers kept are those the decision reads (content-type,
// content-encoding, x-request-id, mcp-session-id, the Mcp-* headers).
// Bodies are text when they are UTF-8, otherwise base64 in the *_b64
// field. The response body is kept as the chunks it arrived in (one chunk
// for a body read whole); Status 0 means no response was recorded (the
// filter answered the request itself).
type Exchange struct {
	Method           string            `json:"method"`
	Path             string            `json:"path"`
	Authority        string            `json:"authority"`
	RequestHeaders   map[string]string `json:"request_headers,omitempty"`
	RequestBody      string            `json:"request_body,omitempty"`
	RequestBodyB64   string            `json:"request_body_b64,omitempty"`
	Status           int               `json:"status,omitempty"`
	ResponseHeaders  map[string]string `json:"response_headers,omitempty"`
	ResponseChunks   []string          `json:"response_chunks,omitempty"`
	ResponseChunkB64 []string          `json:"response_chunks_b64,omitempty"`
}

// KeptHeader reports whether a header belongs in a recording.
func KeptHeader(name string) bool {
	switch name = strings.ToLower(name); name {
	case "content-type", "content-encoding", "x-request-id", "mcp-session-id", "mcp-method", "mcp-name",
		"last-event-id", "accept":
		return true
	}
	return strings.HasPrefix(name, "mcp-param-")
}

// SetRequestBody stores a request body, as text when it is UTF-8.
func (e *Exchange) SetRequestBody(b []byte) {
	e.RequestBody, e.RequestBodyB64 = "", ""
	if utf8.Valid(b) {
		e.RequestBody = string(b)
	} else {
		e.RequestBodyB64 = base64.StdEncoding.EncodeToString(b)
	}
}

// AddResponseChunk appends one chunk of the response body. All chunks are
// text or all are base64, so a stream keeps its cuts either way.
func (e *Exchange) AddResponseChunk(b []byte) {
	if len(e.ResponseChunkB64) == 0 && utf8.Valid(b) {
		e.ResponseChunks = append(e.ResponseChunks, string(b))
		return
	}
	if len(e.ResponseChunkB64) == 0 {
		for _, c := range e.ResponseChunks {
			e.ResponseChunkB64 = append(e.ResponseChunkB64, base64.StdEncoding.EncodeToString([]byte(c)))
		}
		e.ResponseChunks = nil
	}
	e.ResponseChunkB64 = append(e.ResponseChunkB64, base64.StdEncoding.EncodeToString(b))
}

// Body returns the request body.
func (e *Exchange) Body() ([]byte, error) {
	if e.RequestBodyB64 != "" {
		return base64.StdEncoding.DecodeString(e.RequestBodyB64)
	}
	return []byte(e.RequestBody), nil
}

// Chunks returns the response body's chunks.
func (e *Exchange) Chunks() ([][]byte, error) {
	var out [][]byte
	for _, c := range e.ResponseChunks {
		out = append(out, []byte(c))
	}
	for i, c := range e.ResponseChunkB64 {
		b, err := base64.StdEncoding.DecodeString(c)
		if err != nil {
			return nil, fmt.Errorf("response_chunks_b64[%d]: %w", i, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// Append writes one exchange as a JSON line.
func Append(w io.Writer, e *Exchange) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Read reads JSON lines of exchanges strictly: unknown fields, a missing
// method or path, and a body in both forms are errors naming the line.
func Read(r io.Reader) ([]Exchange, error) {
	var out []Exchange
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 128<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e Exchange
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		switch {
		case e.Method == "":
			return nil, fmt.Errorf("line %d: method: required", n)
		case e.Path == "":
			return nil, fmt.Errorf("line %d: path: required", n)
		case e.RequestBody != "" && e.RequestBodyB64 != "":
			return nil, fmt.Errorf("line %d: request_body and request_body_b64: give one", n)
		case len(e.ResponseChunks) > 0 && len(e.ResponseChunkB64) > 0:
			return nil, fmt.Errorf("line %d: response_chunks and response_chunks_b64: give one", n)
		case e.Status != 0 && (e.Status < 100 || e.Status > 599):
			return nil, fmt.Errorf("line %d: status: invalid value %d (want 100 to 599, or 0 for no response)", n, e.Status)
		case e.Status == 0 && (len(e.ResponseChunks) > 0 || len(e.ResponseChunkB64) > 0 || len(e.ResponseHeaders) > 0):
			return nil, fmt.Errorf("line %d: response given without a status", n)
		}
		for _, h := range []map[string]string{e.RequestHeaders, e.ResponseHeaders} {
			for k := range h {
				if k != strings.ToLower(k) {
					return nil, fmt.Errorf("line %d: header %q: names are lower case in a recording", n, k)
				}
			}
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// IsRecording reports whether a JSON line is an exchange recording (it
// has "method" and "path"), not a body recording.
func IsRecording(line []byte) bool {
	var probe struct {
		Method *string `json:"method"`
		Path   *string `json:"path"`
	}
	return json.Unmarshal(line, &probe) == nil && probe.Method != nil && probe.Path != nil
}

// Decide takes a recorded exchange through the decision path the filter
// takes (route, size and encoding limits, rules.Exchange on the request,
// the response headers, the body whole or event by event) and returns the
// events the filter would log, in order. A call handed to the
// sandbox-runner stops there: what the runner answers is not replayed.
func Decide(p *rules.Policy, store rules.Store, e *Exchange) ([]rules.Event, error) {
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
	if len(chunks) == 0 {
		return events, nil
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
	if mode == rules.ResponsePass {
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
