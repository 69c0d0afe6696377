package plugin

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// These tests drive the compiled filter through internal/wasmhost, which
// delivers bodies in chunks with Envoy's buffering, trailers and local
// replies (issue 17, items 1-3, 7 and 8): what a client gets is what the
// host released to it, part by part.

const streamPolicy = `{
  "policy_version": "streams-1",
  "max_body_bytes": 65536,
  "tools": {"default": "deny", "rules": [{"name": "search_docs"}, {"name": "get_weather"}]}
}`

var envoyHosts struct {
	sync.Mutex
	byPolicy map[string]*wasmhost.Host
}

// envoyHost loads the compiled filter under a policy once per test binary
// (compiling the module takes seconds); streams on it are independent.
func envoyHost(t *testing.T, policy string) *wasmhost.Host {
	t.Helper()
	envoyHosts.Lock()
	defer envoyHosts.Unlock()
	if h := envoyHosts.byPolicy[policy]; h != nil {
		return h
	}
	bin, err := os.ReadFile(wasmPath())
	require.NoError(t, err, "compiled filter (run make build)")
	h, err := wasmhost.New(context.Background(), bin, []byte(policy))
	require.NoError(t, err)
	if envoyHosts.byPolicy == nil {
		envoyHosts.byPolicy = map[string]*wasmhost.Host{}
	}
	envoyHosts.byPolicy[policy] = h
	return h
}

type upstreamReply struct {
	headers  map[string]string // :status defaults to 200
	body     string
	trailers map[string]string
}

// exchangeChunked runs one exchange: the request whole, the response cut
// every `chunk` bytes (0: whole). It returns the stream once ended.
func exchangeChunked(t *testing.T, h *wasmhost.Host, reqHeaders map[string]string, reqBody string, up upstreamReply, chunk int) *wasmhost.Stream {
	t.Helper()
	hdrs := map[string]string{":method": "POST", ":authority": "tools.test", ":scheme": "http",
		"content-type": "application/json", "x-request-id": "req-s"}
	for k, v := range reqHeaders {
		hdrs[k] = v
	}
	if reqBody != "" {
		hdrs["content-length"] = strconv.Itoa(len(reqBody))
	}
	s, _, err := h.StartRequest(hdrs, reqBody == "")
	require.NoError(t, err)
	if reqBody != "" && !s.Done() {
		_, err = h.RequestBody(s, []byte(reqBody), true)
		require.NoError(t, err)
	}
	if !s.Done() {
		rh := map[string]string{":status": "200"}
		for k, v := range up.headers {
			rh[k] = v
		}
		_, err = h.ResponseHeaders(s, rh, up.body == "" && up.trailers == nil)
		require.NoError(t, err)
		body := []byte(up.body)
		step := chunk
		if step <= 0 {
			step = max(len(body), 1)
		}
		for i := 0; i < len(body) && !s.Done(); i += step {
			end := min(i+step, len(body))
			_, err = h.ResponseBody(s, body[i:end], end == len(body) && up.trailers == nil)
			require.NoError(t, err)
		}
		if up.trailers != nil && !s.Done() {
			_, err = h.ResponseTrailers(s, up.trailers)
			require.NoError(t, err)
		}
	}
	require.NoError(t, h.End(s))
	require.Empty(t, s.Violations, "the filter did something Envoy ignores or refuses")
	return s
}

var sseStreamHeaders = map[string]string{"content-type": "text/event-stream"}

func mcpResult(id, text string) string {
	return `{"jsonrpc":"2.0","id":` + id + `,"result":{"content":[{"type":"text","text":` + jsonx.Quote(text) + `}],"isError":false}}`
}

const searchCall = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_docs","arguments":{"q":"x"}}}`

// clientGot is everything the client received: the upstream's body bytes
// the filter released, or the filter's local reply.
func clientGot(s *wasmhost.Stream) string {
	if s.Local != nil {
		return string(s.Local.Body)
	}
	return string(s.ClientBody())
}

// Item 1: every event is judged as the clients read it, whatever white
// space follows "data:", whatever the event's name; framing that clients
// read two ways cuts the stream.
func TestSSEEventsJudgedAsClientsReadThem(t *testing.T) {
	h := envoyHost(t, streamPolicy)
	injected := mcpResult("1", "Doc says: "+injection)
	benign := mcpResult("1", "Release notes: faster builds.")
	mcp := map[string]string{":path": "/mcp", "accept": "application/json, text/event-stream"}
	cases := []struct {
		name, stream string
		rewritten    bool // the injected text is replaced by the marker
		cut          bool // the stream is refused as ambiguous
	}{
		{name: "second space", stream: "event: message\ndata:  " + injected + "\n\n", rewritten: true},
		{name: "tab", stream: "data:\t" + injected + "\n\n", rewritten: true},
		{name: "no space", stream: "data:" + injected + "\n\n", rewritten: true},
		{name: "other event name", stream: "event: notice\ndata: " + injected + "\n\n", rewritten: true},
		{name: "CRLF", stream: "event: message\r\ndata: " + injected + "\r\n\r\n", rewritten: true},
		{name: "no blank line at the end", stream: "data: " + injected + "\n", rewritten: true},
		{name: "no-break space", stream: "data: \u00a0" + injected + "\n\n", cut: true},
		{name: "em space after", stream: "data: " + injected + "\u2003\n\n", cut: true},
		{name: "lone CR", stream: "data: " + benign + "\rdata: " + injected + "\n\n", cut: true},
		{name: "line without colon", stream: "data: " + injected + "\nnot a field\n\n", cut: true},
		{name: "unknown field", stream: "Data: " + injected + "\n\n", cut: true},
		{name: "byte-order mark", stream: "\ufeffdata: " + injected + "\n\n", cut: true},
		{name: "trailing data after JSON", stream: "data: " + benign + " " + injected + "\n\n", cut: true},
	}
	for _, tc := range cases {
		for _, chunk := range []int{0, 1, 7} {
			t.Run(tc.name+"/chunk"+strconv.Itoa(chunk), func(t *testing.T) {
				s := exchangeChunked(t, h, mcp, searchCall, upstreamReply{headers: sseStreamHeaders, body: tc.stream}, chunk)
				got := clientGot(s)
				assert.NotContains(t, got, "Ignore all previous", "the injection reached the client")
				evs, err := wire.ReadSSE([]byte(got), 0)
				require.NoError(t, err, "the client gets a stream it reads one way: %q", got)
				require.Len(t, evs, 1, "%q", got)
				if tc.rewritten {
					assert.Equal(t, rules.RemovedMarker, gjson.Get(evs[0].Data, "result.content.0.text").String(), got)
				}
				if tc.cut {
					assert.Equal(t, "ambiguous_stream", gjson.Get(evs[0].Data, "error.data.reason").String(), got)
					assert.Equal(t, int64(1), gjson.Get(evs[0].Data, "id").Int())
				}
			})
		}
	}
	t.Run("prime events and comments pass byte-identical", func(t *testing.T) {
		stream := ": hello\n\nevent: prime\nid: 0\n\nevent: message\nid: 1\ndata: " + benign + "\n\n"
		for _, chunk := range []int{0, 1, 5} {
			s := exchangeChunked(t, h, mcp, searchCall, upstreamReply{headers: sseStreamHeaders, body: stream}, chunk)
			assert.Equal(t, stream, clientGot(s))
		}
	})
	t.Run("hidden tool behind a second space", func(t *testing.T) {
		list := `{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"search_docs","description":"Search.","inputSchema":{"type":"object"}},` +
			`{"name":"delete_repo","description":"Delete.","inputSchema":{"type":"object"}}]}}`
		s := exchangeChunked(t, h, mcp, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
			upstreamReply{headers: sseStreamHeaders, body: "data:  " + list + "\n\n"}, 3)
		got := clientGot(s)
		assert.Contains(t, got, "search_docs")
		assert.NotContains(t, got, "delete_repo")
	})
}

// Item 2: the media type is read once; a value clients read two ways is
// refused, whatever the body.
func TestMediaTypeReadOneWay(t *testing.T) {
	h := envoyHost(t, streamPolicy)
	mcp := map[string]string{":path": "/mcp"}
	injected := mcpResult("1", "Doc says: "+injection)
	for _, tc := range []struct{ ct, body string }{
		{`application/json; x="text/event-stream"`, injected},
		{`text/event-stream; x="application/json"`, "data: " + injected + "\n\n"},
		{"application/json, text/event-stream", injected},
		{"text/event-stream, application/json", "data: " + injected + "\n\n"},
		{"application/json; charset=", injected},
		{"application/json", "data: " + injected + "\n\n"},
		{"", "event: message\ndata: " + injected + "\n\n"},
	} {
		t.Run(tc.ct, func(t *testing.T) {
			s := exchangeChunked(t, h, mcp, searchCall, upstreamReply{headers: map[string]string{"content-type": tc.ct}, body: tc.body}, 0)
			got := clientGot(s)
			assert.NotContains(t, got, "Ignore all previous")
			assert.Equal(t, "ambiguous_media_type", gjson.Get(got, "error.data.reason").String(), got)
		})
	}
}

// Item 3: MCP and A2A streams flow event by event, GET and resumed ones
// included, and answers are read across the streams of a session.
func TestRPCStreamsFlowEventByEvent(t *testing.T) {
	h := envoyHost(t, streamPolicy)
	t.Run("each event reaches the client before the stream ends", func(t *testing.T) {
		hdrs := map[string]string{":method": "POST", ":path": "/mcp", ":authority": "tools.test", "content-type": "application/json"}
		s, _, err := h.StartRequest(hdrs, false)
		require.NoError(t, err)
		_, err = h.RequestBody(s, []byte(searchCall), true)
		require.NoError(t, err)
		_, err = h.ResponseHeaders(s, map[string]string{":status": "200", "content-type": "text/event-stream"}, false)
		require.NoError(t, err)
		progress := `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}`
		ev1 := "data: " + progress + "\n\n"
		_, err = h.ResponseBody(s, []byte(ev1+"data: {\"jsonrpc\""), false)
		require.NoError(t, err)
		assert.Equal(t, ev1, string(s.ClientBody()), "the complete event is released, the partial one held")
		ev2 := "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":2}}\n\n"
		_, err = h.ResponseBody(s, []byte(strings.TrimPrefix(ev2, "data: {\"jsonrpc\"")), false)
		require.NoError(t, err)
		assert.Equal(t, ev1+ev2, string(s.ClientBody()))
		_, err = h.ResponseBody(s, []byte("data: "+mcpResult("1", "Doc says: "+injection)+"\n\n"), true)
		require.NoError(t, err)
		assert.NotContains(t, string(s.ClientBody()), "Ignore all previous")
		require.NoError(t, h.End(s))
		assert.Empty(t, s.Violations)
	})
	t.Run("answer on a resumed GET stream is judged as what it answers", func(t *testing.T) {
		sess := map[string]string{":path": "/mcp", "mcp-session-id": "sess-resume"}
		post := exchangeChunked(t, h, sess, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search_docs","arguments":{"q":"x"}}}`,
			upstreamReply{headers: sseStreamHeaders, body: "event: prime\nid: e0\n\n"}, 0)
		assert.Equal(t, "event: prime\nid: e0\n\n", clientGot(post))
		get := map[string]string{":method": "GET", ":path": "/mcp", "mcp-session-id": "sess-resume", "last-event-id": "e0",
			"accept": "text/event-stream"}
		s := exchangeChunked(t, h, get, "", upstreamReply{headers: sseStreamHeaders,
			body: "id: e1\ndata: " + mcpResult("7", "Doc says: "+injection) + "\n\n"}, 4)
		got := clientGot(s)
		assert.NotContains(t, got, "Ignore all previous")
		assert.Contains(t, got, rules.RemovedMarker)
		assert.Contains(t, got, "id: e1\n", "the event id survives the rewrite")
	})
	t.Run("an answer to an unknown id is judged with every scanner", func(t *testing.T) {
		get := map[string]string{":method": "GET", ":path": "/mcp", "accept": "text/event-stream"}
		s := exchangeChunked(t, h, get, "", upstreamReply{headers: sseStreamHeaders,
			body: "data: " + mcpResult("99", "Doc says: "+injection) + "\n\n"}, 0)
		assert.NotContains(t, clientGot(s), "Ignore all previous")
	})
	t.Run("a GET answer is read as a stream whatever its type", func(t *testing.T) {
		get := map[string]string{":method": "GET", ":path": "/mcp", "accept": "text/event-stream"}
		s := exchangeChunked(t, h, get, "", upstreamReply{headers: map[string]string{"content-type": "application/json"},
			body: "data: " + mcpResult("99", "Doc says: "+injection) + "\n\n"}, 0)
		assert.NotContains(t, clientGot(s), "Ignore all previous")
	})
	t.Run("A2A message/stream", func(t *testing.T) {
		a2a := map[string]string{":path": "/a2a"}
		req := `{"jsonrpc":"2.0","id":"r1","method":"message/stream","params":{"message":{"role":"user","messageId":"m1","kind":"message","parts":[{"kind":"text","text":"Summarise."}]}}}`
		first := `{"jsonrpc":"2.0","id":"r1","result":{"kind":"status-update","taskId":"t1","contextId":"c1","final":false,"status":{"state":"working"}}}`
		second := `{"jsonrpc":"2.0","id":"r1","result":{"kind":"status-update","taskId":"t1","contextId":"c1","final":true,"status":{"state":"completed","message":{"role":"agent","messageId":"m2","kind":"message","parts":[{"kind":"text","text":` + jsonx.Quote(injection) + `}]}}}}`
		s := exchangeChunked(t, h, a2a, req, upstreamReply{headers: sseStreamHeaders, body: "data: " + first + "\n\ndata: " + second + "\n\n"}, 9)
		got := clientGot(s)
		assert.True(t, strings.HasPrefix(got, "data: "+first+"\n\n"), "an allowed event goes on byte-identical")
		assert.NotContains(t, got, "Ignore all previous")
		assert.Contains(t, got, rules.RemovedMarker)
	})
	t.Run("a refused server-to-client request is dropped and counted", func(t *testing.T) {
		hb := envoyHost(t, strings.Replace(streamPolicy, `"tools"`, `"injection": {"action": "block"}, "tools"`, 1))
		sampling := `{"jsonrpc":"2.0","id":3,"method":"sampling/createMessage","params":{"maxTokens":100,"messages":[{"role":"user","content":{"type":"text","text":` + jsonx.Quote(injection) + `}}]}}`
		ping := `{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"ok"}}`
		get := map[string]string{":method": "GET", ":path": "/mcp", "accept": "text/event-stream"}
		s := exchangeChunked(t, hb, get, "", upstreamReply{headers: sseStreamHeaders, body: "data: " + sampling + "\n\ndata: " + ping + "\n\n"}, 0)
		assert.Equal(t, "data: "+ping+"\n\n", clientGot(s))
		n, ok := hb.Counter("aisecops_stream_messages_dropped_total")
		require.True(t, ok)
		assert.Equal(t, int64(1), n)
	})
}

// Item 7: an unsupported response content-encoding is refused with a
// local reply from the headers callback, where Envoy holds no body.
func TestUnsupportedResponseEncodingRefused(t *testing.T) {
	h := envoyHost(t, streamPolicy)
	for _, path := range []string{"/mcp", "/v1/chat/completions"} {
		t.Run(path, func(t *testing.T) {
			req := searchCall
			if path != "/mcp" {
				req = string(chatWithToolResult("ok"))
			}
			s := exchangeChunked(t, h, map[string]string{":path": path}, req,
				upstreamReply{headers: map[string]string{"content-type": "application/json", "content-encoding": "br"}, body: "\x1b\x02compressed"}, 0)
			require.NotNil(t, s.Local, "refused with a local reply")
			reason := gjson.GetBytes(s.Local.Body, "error.data.reason").String()
			if path != "/mcp" {
				reason = gjson.GetBytes(s.Local.Body, "error.code").String()
			}
			assert.Equal(t, "unsupported_encoding", reason, string(s.Local.Body))
			assert.Empty(t, s.RespBody, "no upstream byte reached the client")
		})
	}
}

// Item 8: a body ended by trailers is judged before anything is released.
func TestBodiesEndedByTrailersJudged(t *testing.T) {
	h := envoyHost(t, streamPolicy)
	t.Run("request", func(t *testing.T) {
		body := []byte(`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"delete_repo","arguments":{"name":"prod"}}}`)
		s, _, err := h.StartRequest(map[string]string{":method": "POST", ":path": "/mcp", ":authority": "tools.test", "content-type": "application/json"}, false)
		require.NoError(t, err)
		for i := 0; i < len(body); i += 10 {
			_, err = h.RequestBody(s, body[i:min(i+10, len(body))], false)
			require.NoError(t, err)
		}
		_, err = h.RequestTrailers(s, map[string]string{"x-checksum": "1"})
		require.NoError(t, err)
		require.NotNil(t, s.Local, "refused")
		assert.Equal(t, "tool_denied", gjson.GetBytes(s.Local.Body, "error.data.reason").String())
		assert.Empty(t, s.ReqBody, "nothing went upstream")
		require.NoError(t, h.End(s))
		assert.Empty(t, s.Violations)
	})
	t.Run("response", func(t *testing.T) {
		resp := `{"id":"c1","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,` +
			`"tool_calls":[{"id":"call_1","type":"function","function":{"name":"delete_repo","arguments":"{}"}}]}}]}`
		s := exchangeChunked(t, h, map[string]string{":path": "/v1/chat/completions"}, string(chatWithToolResult("ok")),
			upstreamReply{headers: map[string]string{"content-type": "application/json"}, body: resp, trailers: map[string]string{"grpc-status": "0"}}, 16)
		got := clientGot(s)
		assert.NotContains(t, got, "delete_repo")
		assert.Equal(t, "tool_denied", gjson.Get(got, "error.code").String(), got)
	})
}

// A body the filter cannot read as strict JSON of its API is refused
// whatever on_error says: clients' readers may accept it (Go replaces
// invalid UTF-8; go-sdk decodes the first JSON value and ignores the
// rest), so on_error allow would let a hostile server choose to pass.
func TestUnreadableBodiesRefusedUnderOnErrorAllow(t *testing.T) {
	h := envoyHost(t, strings.Replace(streamPolicy, `"tools"`, `"on_error": "allow", "tools"`, 1))
	mcp := map[string]string{":path": "/mcp"}
	injected := mcpResult("1", "Doc says: "+injection)
	for name, body := range map[string]string{
		"invalid UTF-8":         strings.Replace(injected, "Doc says", "Doc\xff says", 1),
		"trailing JSON value":   injected + ` {"x":1}`,
		"wrong type for a part": strings.Replace(injected, `"isError":false`, `"isError":false,"content":7`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			for _, ct := range []string{"application/json", "text/event-stream"} {
				b := body
				if ct == "text/event-stream" {
					b = "data: " + body + "\n\n"
				}
				s := exchangeChunked(t, h, mcp, searchCall, upstreamReply{headers: map[string]string{"content-type": ct}, body: b}, 0)
				assert.NotContains(t, clientGot(s), "Ignore all previous", ct)
			}
		})
	}
}

// An approval nobody decides in time refuses the call (approval_expired),
// and an event over the per-event bound in an MCP stream cuts it: both
// rows of docs/failure-modes.md.
func TestApprovalTimeoutRefuses(t *testing.T) {
	policy := `{"policy_version":"approve-1","tools":{"default":"deny","rules":[{"name":"send_email","action":"approve"}]},
	  "sandbox_runner":{"cluster":"sandbox-runner","authority":"runner","timeout_ms":100},"approval":{"timeout_ms":1000}}`
	h := envoyHost(t, policy)
	polls := 0
	h.Upstream = func(_ string, hdrs map[string]string, _ []byte) (int, map[string]string, []byte) {
		if hdrs[":method"] == "POST" {
			return 201, map[string]string{"content-type": "application/json"}, []byte(`{"id":"a1b2c3","state":"pending"}`)
		}
		polls++
		time.Sleep(50 * time.Millisecond) // the runner's long poll, shortened
		return 200, map[string]string{"content-type": "application/json"}, []byte(`{"id":"a1b2c3","state":"pending"}`)
	}
	defer func() { h.Upstream = nil }()
	call := `{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"send_email","arguments":{"to":"a@example.com"}}}`
	s := exchangeChunked(t, h, map[string]string{":path": "/mcp"}, call, upstreamReply{}, 0)
	require.NotNil(t, s.Local, "refused by the filter")
	assert.Equal(t, "approval_expired", gjson.GetBytes(s.Local.Body, "error.data.reason").String(), string(s.Local.Body))
	assert.Empty(t, s.ReqBody, "never forwarded")
	assert.Greater(t, polls, 1)
}

func TestRPCStreamEventOverLimit(t *testing.T) {
	small := `{"policy_version":"limit-1","max_body_bytes":1024,"tools":{"default":"deny","rules":[{"name":"search_docs"}]}}`
	for _, onError := range []string{"block", "allow"} {
		t.Run(onError, func(t *testing.T) {
			h := envoyHost(t, strings.Replace(small, `"tools"`, `"on_error":"`+onError+`","tools"`, 1))
			big := mcpResult("1", strings.Repeat("long text ", 200))
			s := exchangeChunked(t, h, map[string]string{":path": "/mcp"}, searchCall,
				upstreamReply{headers: sseStreamHeaders, body: "data: " + big + "\n\n"}, 100)
			got := clientGot(s)
			if onError == "block" {
				assert.Equal(t, "body_too_large", gjson.Get(strings.TrimPrefix(strings.TrimSpace(got), "data: "), "error.data.reason").String(), got)
				return
			}
			assert.Equal(t, "data: "+big+"\n\n", got, "on_error allow: the stream goes on unjudged, whole")
		})
	}
}
