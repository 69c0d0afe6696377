package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aisecops/aisecops/internal/recording"
)

// Envoy's HTTP tap filter writes one JSON file per trace (file_per_tap
// sink): {"http_buffered_trace": {"request": MSG, "response": MSG}} with
// MSG = {"headers": [{"key","value"|"raw_value"}], "body": {"as_bytes"
// (base64) | "as_string", "truncated"}, "trailers": [...]}, or streamed
// segments {"http_streamed_trace_segment": {"trace_id", "request_headers":
// {"headers": [...]}, "request_body_chunk": BODY, ...}}.
//
// One tap cannot see what replay needs: before our filter it records the
// request as the client sent it but the response as our filter released
// it; after our filter the reverse, and nothing of a refused request. So
// replay reads a pair (envoy/envoy.yaml): a tap before our filter whose
// files are named client_*, and one after it named upstream_*; the two
// traces of an exchange are joined by x-request-id (set by the connection
// manager before any filter). The request comes from the client trace, the
// response from the upstream trace; an exchange with no upstream trace
// (refused by our filter, or answered locally) has no response.

type tapHeader struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	RawValue []byte `json:"raw_value"`
}

type tapBody struct {
	AsBytes   []byte  `json:"as_bytes"`
	AsString  *string `json:"as_string"`
	Truncated bool    `json:"truncated"`
}

type tapMessage struct {
	Headers  []tapHeader `json:"headers"`
	Body     *tapBody    `json:"body"`
	Trailers []tapHeader `json:"trailers"`
}

type tapHeaderMap struct {
	Headers []tapHeader `json:"headers"`
}

type tapSegment struct {
	TraceID           json.Number   `json:"trace_id"`
	RequestHeaders    *tapHeaderMap `json:"request_headers"`
	RequestBodyChunk  *tapBody      `json:"request_body_chunk"`
	ResponseHeaders   *tapHeaderMap `json:"response_headers"`
	ResponseBodyChunk *tapBody      `json:"response_body_chunk"`
}

type tapTrace struct {
	Buffered *struct {
		Request  *tapMessage `json:"request"`
		Response *tapMessage `json:"response"`
	} `json:"http_buffered_trace"`
	Segment *tapSegment `json:"http_streamed_trace_segment"`
}

// tapSide is one side's view of an exchange.
type tapSide struct {
	file     string
	reqHdrs  []tapHeader
	reqBody  [][]byte
	respHdrs []tapHeader
	chunks   [][]byte
}

func (b *tapBody) bytes(where string) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	if b.Truncated {
		return nil, fmt.Errorf("%s: the tap truncated this body (raise the tap's max_buffered_rx_bytes/max_buffered_tx_bytes): a truncated body cannot be re-decided", where)
	}
	if b.AsString != nil {
		return []byte(*b.AsString), nil
	}
	return b.AsBytes, nil
}

func headerValue(h tapHeader) string {
	if h.Value == "" && len(h.RawValue) > 0 {
		return string(h.RawValue)
	}
	return h.Value
}

func headerGet(hs []tapHeader, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Key, name) {
			return headerValue(h)
		}
	}
	return ""
}

// readTapFile reads one trace file: a buffered trace, or the segments of
// one or more streamed traces (JSON values one after another).
func readTapFile(path string) ([]*tapSide, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var out []*tapSide
	streams := map[string]*tapSide{}
	var order []string
	for n := 1; dec.More(); n++ {
		var t tapTrace
		if err := dec.Decode(&t); err != nil {
			return nil, fmt.Errorf("%s: trace %d: %w", path, n, err)
		}
		where := fmt.Sprintf("%s: trace %d", path, n)
		switch {
		case t.Buffered != nil:
			if t.Buffered.Request == nil {
				return nil, fmt.Errorf("%s: http_buffered_trace has no request", where)
			}
			s := &tapSide{file: path, reqHdrs: t.Buffered.Request.Headers}
			body, err := t.Buffered.Request.Body.bytes(where + " request body")
			if err != nil {
				return nil, err
			}
			if len(body) > 0 {
				s.reqBody = [][]byte{body}
			}
			if r := t.Buffered.Response; r != nil {
				s.respHdrs = r.Headers
				body, err := r.Body.bytes(where + " response body")
				if err != nil {
					return nil, err
				}
				if len(body) > 0 {
					s.chunks = [][]byte{body}
				}
			}
			out = append(out, s)
		case t.Segment != nil:
			id := t.Segment.TraceID.String()
			s := streams[id]
			if s == nil {
				s = &tapSide{file: path}
				streams[id] = s
				order = append(order, id)
			}
			seg := t.Segment
			if seg.RequestHeaders != nil {
				s.reqHdrs = seg.RequestHeaders.Headers
			}
			if seg.ResponseHeaders != nil {
				s.respHdrs = seg.ResponseHeaders.Headers
			}
			c, err := seg.RequestBodyChunk.bytes(where + " request_body_chunk")
			if err != nil {
				return nil, err
			}
			if len(c) > 0 {
				s.reqBody = append(s.reqBody, c)
			}
			if c, err = seg.ResponseBodyChunk.bytes(where + " response_body_chunk"); err != nil {
				return nil, err
			}
			if len(c) > 0 {
				s.chunks = append(s.chunks, c)
			}
		default:
			return nil, fmt.Errorf("%s: neither http_buffered_trace nor http_streamed_trace_segment (is this an HTTP tap trace?)", where)
		}
	}
	for _, id := range order {
		out = append(out, streams[id])
	}
	return out, nil
}

// readTapFiles joins client_* and upstream_* traces into exchanges, in
// the order of the client files given.
func readTapFiles(paths []string) ([]exchangeSet, error) {
	var clients []*tapSide
	upstream := map[string]*tapSide{}
	for _, p := range paths {
		base := filepath.Base(p)
		if !strings.HasPrefix(base, "client_") && !strings.HasPrefix(base, "upstream_") {
			return nil, fmt.Errorf("%s: tap files are named client_* (the tap before the aisecops filter) or upstream_* (the tap after it); see docs/replay.md", p)
		}
		sides, err := readTapFile(p)
		if err != nil {
			return nil, err
		}
		switch {
		case strings.HasPrefix(base, "client_"):
			clients = append(clients, sides...)
		default:
			for _, s := range sides {
				id := headerGet(s.reqHdrs, "x-request-id")
				if id == "" {
					return nil, fmt.Errorf("%s: an upstream trace without x-request-id cannot be joined to its client trace", p)
				}
				upstream[id] = s
			}
		}
	}
	if len(clients) == 0 {
		return nil, fmt.Errorf("no client_* trace: the request as the client sent it comes from the tap before the aisecops filter")
	}
	var exs []recording.Exchange
	for _, c := range clients {
		ex := recording.Exchange{Method: headerGet(c.reqHdrs, ":method"), Path: headerGet(c.reqHdrs, ":path"),
			Authority: headerGet(c.reqHdrs, ":authority")}
		if ex.Method == "" || ex.Path == "" {
			return nil, fmt.Errorf("%s: a client trace without :method or :path", c.file)
		}
		ex.RequestHeaders = keptTapHeaders(c.reqHdrs)
		var body []byte
		for _, b := range c.reqBody {
			body = append(body, b...)
		}
		ex.SetRequestBody(body)
		id := headerGet(c.reqHdrs, "x-request-id")
		if u := upstream[id]; id != "" && u != nil {
			status := headerGet(u.respHdrs, ":status")
			if _, err := fmt.Sscan(status, &ex.Status); err != nil && len(u.respHdrs) > 0 {
				return nil, fmt.Errorf("%s: response :status %q", u.file, status)
			}
			if ex.Status != 0 {
				ex.ResponseHeaders = keptTapHeaders(u.respHdrs)
				if ex.ResponseHeaders == nil {
					ex.ResponseHeaders = map[string]string{}
				}
				for _, ch := range u.chunks {
					ex.AddResponseChunk(ch)
				}
			}
		}
		exs = append(exs, ex)
	}
	return []exchangeSet{{name: "tap", exs: exs}}, nil
}

func keptTapHeaders(hs []tapHeader) map[string]string {
	pairs := make([][2]string, len(hs))
	for i, h := range hs {
		pairs[i] = [2]string{h.Key, headerValue(h)}
	}
	return recording.KeptHeaders(pairs)
}
