// Package recording is the one recording format for exchanges (a JSON
// line per request and its response, as a proxy saw them) and for the
// evidence captures that carry them (Capture). The filter writes captures
// with it, the runner checks and stores them, `aisecops replay` reads
// recordings, captures and Envoy tap traces into it, and the parity test
// records the e2e scenarios with it. Its subpackage decide takes an
// exchange through the filter's decision path.
//
// Layer: wire contract, like runnerapi: the standard library only (the
// filter's Wasm build links it; internal/boundary checks that).
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
)

// Exchange is one recorded exchange. Header names are lower-case; the
// headers kept are those the decision reads (content-type,
// content-encoding, x-request-id, mcp-session-id, the Mcp-* headers).
// Bodies are text when they are UTF-8, otherwise base64 in the *_b64
// field. The response body is kept as the chunks it arrived in (one chunk
// for a body read whole); Status 0 means no response was recorded (the
// filter answered the request itself).
type Exchange struct {
	Method         string            `json:"method"`
	Path           string            `json:"path"`
	Authority      string            `json:"authority"`
	RequestHeaders map[string]string `json:"request_headers,omitempty"`
	RequestBody    string            `json:"request_body,omitempty"`
	RequestBodyB64 string            `json:"request_body_b64,omitempty"`
	// RequestBodyUnread is the size, at least, of a request body that was
	// not recorded because the filter refused it unread as over
	// max_body_bytes: replay refuses it the same way under a policy whose
	// limit it exceeds, and cannot decide it under any other.
	RequestBodyUnread int               `json:"request_body_unread,omitempty"`
	Status            int               `json:"status,omitempty"`
	ResponseHeaders   map[string]string `json:"response_headers,omitempty"`
	ResponseChunks    []string          `json:"response_chunks,omitempty"`
	ResponseChunkB64  []string          `json:"response_chunks_b64,omitempty"`
	// ResponseBodyUnread: the response had a body that was not recorded
	// (the filter refused it at its headers): its headers were judged
	// all the same.
	ResponseBodyUnread bool `json:"response_body_unread,omitempty"`
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

// KeptHeaders returns the headers of a message a recording keeps, names
// in lower case, a repeated header's values joined by ", " (nil when none
// is kept).
func KeptHeaders(pairs [][2]string) map[string]string {
	var out map[string]string
	for _, kv := range pairs {
		k := strings.ToLower(kv[0])
		if !KeptHeader(k) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		if v, ok := out[k]; ok {
			out[k] = v + ", " + kv[1]
		} else {
			out[k] = kv[1]
		}
	}
	return out
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
		e, err := Parse(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// Parse reads one exchange strictly (see Read).
func Parse(b []byte) (Exchange, error) {
	var e Exchange
	if err := strictDecode(b, &e); err != nil {
		return Exchange{}, err
	}
	return e, e.check()
}

func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}

func (e *Exchange) check() error {
	switch {
	case e.Method == "":
		return fmt.Errorf("method: required")
	case e.Path == "":
		return fmt.Errorf("path: required")
	case e.RequestBody != "" && e.RequestBodyB64 != "":
		return fmt.Errorf("request_body and request_body_b64: give one")
	case e.RequestBodyUnread < 0 || e.RequestBodyUnread > 0 && (e.RequestBody != "" || e.RequestBodyB64 != ""):
		return fmt.Errorf("request_body_unread: a positive size, and only without the body")
	case len(e.ResponseChunks) > 0 && len(e.ResponseChunkB64) > 0:
		return fmt.Errorf("response_chunks and response_chunks_b64: give one")
	case e.Status != 0 && (e.Status < 100 || e.Status > 599):
		return fmt.Errorf("status: invalid value %d (want 100 to 599, or 0 for no response)", e.Status)
	case e.Status == 0 && (len(e.ResponseChunks) > 0 || len(e.ResponseChunkB64) > 0 || len(e.ResponseHeaders) > 0 || e.ResponseBodyUnread):
		return fmt.Errorf("response given without a status")
	}
	for _, h := range []map[string]string{e.RequestHeaders, e.ResponseHeaders} {
		for k := range h {
			if k != strings.ToLower(k) {
				return fmt.Errorf("header %q: names are lower case in a recording", k)
			}
		}
	}
	return nil
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
