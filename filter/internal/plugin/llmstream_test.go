package plugin

import (
	"encoding/json"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/openai/openai-go/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// LLM streams flow through the compiled filter (issue 20): text events
// reach the client as they arrive, byte-identical; a tool call is held
// from its first event until it is complete, then judged. These tests
// feed streams shaped like the APIs' recorded ones, split at every byte
// offset and in random chunkings, through wasmhost's Envoy buffering.

// removePolicy takes a denied call out of a response instead of refusing.
var removePolicy = strings.Replace(streamPolicy, `"default": "deny"`, `"default": "deny", "on_denied_call": "remove"`, 1)

func named(name, data string) string { return "event: " + name + "\ndata: " + data + "\n\n" }

func chatChunk(choice string) string {
	return `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[` + choice + `]}`
}

// chatStream is a Chat Completions stream: text, then one call of tool.
func chatStream(tool string) string {
	var b strings.Builder
	b.WriteString(sseOf(chatChunk(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`)))
	for _, w := range []string{"Let", " me", " check", "."} {
		b.WriteString(sseOf(chatChunk(`{"index":0,"delta":{"content":"` + w + `"},"finish_reason":null}`)))
	}
	b.WriteString(sseOf(
		chatChunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"`+tool+`","arguments":""}}]},"finish_reason":null}`),
		chatChunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}`),
		chatChunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Oslo\"}"}}]},"finish_reason":null}`),
		chatChunk(`{"index":0,"delta":{},"finish_reason":"tool_calls"}`),
		`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}`,
		"[DONE]"))
	return b.String()
}

// chatTwoCalls is a Chat Completions stream whose one choice calls first
// and second, their deltas interleaved (one chunk carries both). As the
// client gets it after the first call was removed (removed true): the
// first call's entries gone, the second's index 0.
func chatTwoCalls(first, second string, removed bool) string {
	entry := func(i int, rest string) string {
		if removed {
			if i == 0 {
				return ""
			}
			i = 0
		}
		return `{"index":` + strconv.Itoa(i) + rest + `}`
	}
	calls := func(es ...string) string {
		var keep []string
		for _, e := range es {
			if e != "" {
				keep = append(keep, e)
			}
		}
		return chatChunk(`{"index":0,"delta":{"tool_calls":[` + strings.Join(keep, ",") + `]},"finish_reason":null}`)
	}
	return sseOf(
		chatChunk(`{"index":0,"delta":{"role":"assistant","content":"Checking."},"finish_reason":null}`),
		calls(entry(0, `,"id":"call_1","type":"function","function":{"name":"`+first+`","arguments":""}`)),
		calls(entry(0, `,"function":{"arguments":"{\"city\":"}`), entry(1, `,"id":"call_2","type":"function","function":{"name":"`+second+`","arguments":"{\"city\":"}`)),
		calls(entry(0, `,"function":{"arguments":"\"Oslo\"}"}`)),
		calls(entry(1, `,"function":{"arguments":"\"Oslo\"}"}`)),
		chatChunk(`{"index":0,"delta":{},"finish_reason":"tool_calls"}`),
		`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}`,
		"[DONE]")
}

// chatLegacy is a Chat stream calling through the legacy function_call,
// in two deltas.
func chatLegacy(first, second string) string {
	return sseOf(
		chatChunk(`{"index":0,"delta":{"role":"assistant","content":"Checking."},"finish_reason":null}`),
		chatChunk(`{"index":0,"delta":{"function_call":`+first+`},"finish_reason":null}`),
		chatChunk(`{"index":0,"delta":{"function_call":`+second+`},"finish_reason":null}`),
		chatChunk(`{"index":0,"delta":{},"finish_reason":"function_call"}`),
		"[DONE]")
}

// anthropicStream is a Messages stream: a text block, then tool_use
// blocks of the tools given, then the message's end.
func anthropicStream(tools ...string) string {
	var b strings.Builder
	b.WriteString(named("message_start", `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}`))
	b.WriteString(named("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`))
	b.WriteString(named("ping", `{"type": "ping"}`))
	for _, w := range []string{"Let", " me", " check."} {
		b.WriteString(named("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"`+w+`"}}`))
	}
	b.WriteString(named("content_block_stop", `{"type":"content_block_stop","index":0}`))
	for i, tool := range tools {
		n := strconv.Itoa(i + 1)
		b.WriteString(named("content_block_start", `{"type":"content_block_start","index":`+n+`,"content_block":{"type":"tool_use","id":"toolu_`+n+`","name":"`+tool+`","input":{}}}`))
		b.WriteString(named("content_block_delta", `{"type":"content_block_delta","index":`+n+`,"delta":{"type":"input_json_delta","partial_json":""}}`))
		b.WriteString(named("content_block_delta", `{"type":"content_block_delta","index":`+n+`,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Os"}}`))
		b.WriteString(named("content_block_delta", `{"type":"content_block_delta","index":`+n+`,"delta":{"type":"input_json_delta","partial_json":"lo\"}"}}`))
		b.WriteString(named("content_block_stop", `{"type":"content_block_stop","index":`+n+`}`))
	}
	b.WriteString(named("message_delta", `{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":40}}`))
	b.WriteString(named("message_stop", `{"type":"message_stop"}`))
	return b.String()
}

// responsesStream is a Responses stream: a message item, then function
// calls of the tools given, then response.completed listing them all.
func responsesStream(tools ...string) string {
	var b strings.Builder
	seq := 0
	ev := func(typ, rest string) {
		b.WriteString(named(typ, `{"type":"`+typ+`","sequence_number":`+strconv.Itoa(seq)+rest+`}`))
		seq++
	}
	resp := func(status, output string) string {
		return `{"id":"resp_1","object":"response","created_at":1,"status":"` + status + `","model":"gpt-5","output":[` + output + `]}`
	}
	msg := `{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Let me check.","annotations":[]}]}`
	ev("response.created", `,"response":`+resp("in_progress", ""))
	ev("response.in_progress", `,"response":`+resp("in_progress", ""))
	ev("response.output_item.added", `,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}`)
	ev("response.content_part.added", `,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}`)
	for _, w := range []string{"Let", " me", " check."} {
		ev("response.output_text.delta", `,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"`+w+`"`)
	}
	ev("response.output_text.done", `,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Let me check."`)
	ev("response.content_part.done", `,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Let me check.","annotations":[]}`)
	ev("response.output_item.done", `,"output_index":0,"item":`+msg)
	items := []string{msg}
	for i, tool := range tools {
		n := strconv.Itoa(i + 1)
		id := "fc_" + n
		call := func(status, args string) string {
			return `{"id":"` + id + `","type":"function_call","status":"` + status + `","arguments":"` + args + `","call_id":"call_` + n + `","name":"` + tool + `"}`
		}
		ev("response.output_item.added", `,"output_index":`+n+`,"item":`+call("in_progress", ""))
		ev("response.function_call_arguments.delta", `,"item_id":"`+id+`","output_index":`+n+`,"delta":"{\"city\":"`)
		ev("response.function_call_arguments.delta", `,"item_id":"`+id+`","output_index":`+n+`,"delta":"\"Oslo\"}"`)
		ev("response.function_call_arguments.done", `,"item_id":"`+id+`","output_index":`+n+`,"arguments":"{\"city\":\"Oslo\"}"`)
		done := call("completed", `{\"city\":\"Oslo\"}`)
		ev("response.output_item.done", `,"output_index":`+n+`,"item":`+done)
		items = append(items, done)
	}
	ev("response.completed", `,"response":`+resp("completed", strings.Join(items, ",")))
	return b.String()
}

type llmCase struct {
	name, policy, path, req, stream string
	// allowed: the client gets the stream byte-identical.
	allowed bool
	// prefix the client gets before the refusal (refused cases), or the
	// stream as rewritten (remove cases).
	want string
	// check, when set, judges what the client got instead of want.
	check func(t *testing.T, got string)
}

func llmCases() []llmCase {
	chatReq := `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Weather?"}]}`
	anthReq := `{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Weather?"}]}`
	respReq := `{"model":"gpt-5","stream":true,"input":"Weather?"}`
	chatAllowed := chatStream("get_weather")
	chatDenied := chatStream("delete_db")
	anthDenied := anthropicStream("delete_db")
	respDenied := responsesStream("delete_db")
	// The text before the call flowed; the call's events never do.
	textOf := func(s, firstHeld string) string { return s[:strings.Index(s, firstHeld)] }
	return []llmCase{
		{name: "chat allowed", policy: streamPolicy, path: "/v1/chat/completions", req: chatReq, stream: chatAllowed, allowed: true},
		{name: "chat denied", policy: streamPolicy, path: "/v1/chat/completions", req: chatReq, stream: chatDenied,
			want: textOf(chatDenied, `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls"`)},
		{name: "anthropic allowed", policy: streamPolicy, path: "/v1/messages", req: anthReq, stream: anthropicStream("get_weather", "search_docs"), allowed: true},
		{name: "anthropic denied", policy: streamPolicy, path: "/v1/messages", req: anthReq, stream: anthDenied,
			want: textOf(anthDenied, `event: content_block_start`+"\n"+`data: {"type":"content_block_start","index":1`)},
		{name: "chat removed", policy: removePolicy, path: "/v1/chat/completions", req: chatReq,
			stream: chatTwoCalls("delete_db", "get_weather", false), want: chatTwoCalls("delete_db", "get_weather", true)},
		{name: "chat legacy function_call removed", policy: removePolicy, path: "/v1/chat/completions", req: chatReq,
			stream: chatLegacy(`{"name":"delete_db","arguments":""}`, `{"arguments":"{\"city\":\"Oslo\"}"}`), want: chatLegacy("null", "null")},
		{name: "anthropic removed", policy: removePolicy, path: "/v1/messages", req: anthReq,
			stream: anthropicStream("delete_db", "get_weather"), want: renumberedAnthropic()},
		{name: "responses allowed", policy: streamPolicy, path: "/v1/responses", req: respReq, stream: responsesStream("get_weather"), allowed: true},
		{name: "responses removed", policy: removePolicy, path: "/v1/responses", req: respReq,
			stream: responsesStream("delete_db", "get_weather"), check: checkResponsesRemoved},
		{name: "responses denied", policy: streamPolicy, path: "/v1/responses", req: respReq, stream: respDenied,
			want: textOf(respDenied, `event: response.output_item.added`+"\n"+`data: {"type":"response.output_item.added","sequence_number":10`)},
	}
}

// checkResponsesRemoved: the denied call's events are gone, and the
// stream still reads as one: output indexes and sequence numbers without
// gaps, the final response without the call.
func checkResponsesRemoved(t *testing.T, got string) {
	require.NotContains(t, got, "delete_db")
	evs := wire.ParseSSE([]byte(got))
	require.Len(t, evs, 16, "the call's 5 events are dropped from 21")
	for i, e := range evs {
		assert.Equal(t, int64(i), gjson.Get(e.Data, "sequence_number").Int(), "event %d: %s", i, e.Data)
		assert.LessOrEqual(t, gjson.Get(e.Data, "output_index").Int(), int64(1), e.Data)
	}
	assert.Equal(t, `"get_weather"`, gjson.Get(evs[len(evs)-2].Data, "item.name").Raw)
	assert.Equal(t, int64(1), gjson.Get(evs[len(evs)-2].Data, "output_index").Int())
	final := gjson.Get(evs[len(evs)-1].Data, "response.output")
	require.True(t, final.IsArray())
	assert.Equal(t, []string{"message", "function_call"}, []string{final.Get("0.type").String(), final.Get("1.type").String()})
	assert.Len(t, final.Array(), 2)
	assert.Equal(t, "get_weather", final.Get("1.name").String())
}

// renumberedAnthropic is anthropicStream("delete_db", "get_weather") with
// the first call taken out: the second block becomes block 1.
func renumberedAnthropic() string {
	s := anthropicStream("delete_db", "get_weather")
	evs := wire.ParseSSE([]byte(s))
	var b strings.Builder
	for _, e := range evs {
		if gjson.Get(e.Data, "index").Int() == 1 {
			continue
		}
		if gjson.Get(e.Data, "index").Int() == 2 {
			e.Data = strings.Replace(e.Data, `"index":2`, `"index":1`, 1)
		}
		b.Write(wire.AppendSSE(nil, e))
	}
	return b.String()
}

// startLLM sends tc's request and the response headers of an event
// stream.
func startLLM(t *testing.T, h *wasmhost.Host, tc llmCase) *wasmhost.Stream {
	t.Helper()
	hdrs := map[string]string{":method": "POST", ":path": tc.path, ":authority": "llm.test", ":scheme": "http",
		"content-type": "application/json", "content-length": strconv.Itoa(len(tc.req))}
	s, _, err := h.StartRequest(hdrs, false)
	require.NoError(t, err)
	_, err = h.RequestBody(s, []byte(tc.req), true)
	require.NoError(t, err)
	require.False(t, s.Done(), "the request was refused")
	_, err = h.ResponseHeaders(s, map[string]string{":status": "200", "content-type": "text/event-stream"}, false)
	require.NoError(t, err)
	return s
}

// runLLM runs one stream cut at the given offsets and returns what the
// client got and the decisions logged.
func runLLM(t *testing.T, tc llmCase, cuts []int) (string, []string) {
	t.Helper()
	h := envoyHost(t, tc.policy)
	var decisions []string
	h.OnLog = func(level uint32, msg string) {
		if ev, ok := strings.CutPrefix(msg, "aisecops_event "); ok {
			d := gjson.Parse(ev)
			decisions = append(decisions, d.Get("layer").String()+"|"+d.Get("tool").String()+"|"+d.Get("action").String()+"|"+d.Get("reason").String())
		}
	}
	defer func() { h.OnLog = nil }()
	s := startLLM(t, h, tc)
	var err error
	body := []byte(tc.stream)
	prev := 0
	for i, c := range append(cuts, len(body)) {
		if s.Done() {
			break
		}
		_, err = h.ResponseBody(s, body[prev:c], i == len(cuts))
		require.NoError(t, err)
		prev = c
	}
	require.NoError(t, h.End(s))
	require.Empty(t, s.Violations, "the filter did something Envoy ignores or refuses")
	return clientGot(s), decisions
}

func TestLLMStreamsAnyChunking(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	for _, tc := range llmCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, decisions := runLLM(t, tc, nil)
			switch {
			case tc.check != nil:
				tc.check(t, got)
			case tc.allowed:
				require.Equal(t, tc.stream, got, "an allowed stream reaches the client byte-identical")
			default:
				require.True(t, strings.HasPrefix(got, tc.want), "the events before the call flowed as sent:\n%s", got)
				if tc.policy == removePolicy {
					require.Equal(t, tc.want, got)
				} else {
					last := wire.ParseSSE([]byte(got[len(tc.want):]))
					require.Len(t, last, 1, "one error event ends the stream: %q", got[len(tc.want):])
					assert.Equal(t, "tool_denied", refusedWith(t, result{downBody: []byte(got)}))
				}
			}
			sameForAnyChunking(t, tc, got, decisions, rng)
		})
	}
}

// sameForAnyChunking runs tc split at every byte offset, then in 30
// random chunkings: the client gets got and the decisions are decisions
// every time.
func sameForAnyChunking(t *testing.T, tc llmCase, got string, decisions []string, rng *rand.Rand) {
	t.Helper()
	n := len(tc.stream)
	for i := 1; i < n; i++ {
		g, d := runLLM(t, tc, []int{i})
		if g != got || strings.Join(d, ";") != strings.Join(decisions, ";") {
			t.Fatalf("split at byte %d: the client got\n%s\nwant\n%s\ndecisions %v, want %v", i, g, got, d, decisions)
		}
	}
	for r := 0; r < 30; r++ {
		var cuts []int
		for at := 0; ; {
			at += 1 + rng.Intn(64)
			if at >= n {
				break
			}
			cuts = append(cuts, at)
		}
		g, d := runLLM(t, tc, cuts)
		if g != got || strings.Join(d, ";") != strings.Join(decisions, ";") {
			t.Fatalf("chunking %v: the client got\n%s\nwant\n%s\ndecisions %v, want %v", cuts, g, got, d, decisions)
		}
	}
}

// The text before a call reaches the client while the upstream is still
// writing; the call's first event is held until the call is judged.
func TestLLMTextFlowsBeforeTheEnd(t *testing.T) {
	for _, tc := range llmCases() {
		if tc.allowed || tc.policy == removePolicy || tc.check != nil {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			h := envoyHost(t, tc.policy)
			s := startLLM(t, h, tc)
			// The text, then the call's first event and a bit more.
			cut := len(tc.want) + 40
			_, err := h.ResponseBody(s, []byte(tc.stream[:cut]), false)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(s.ClientBody()), "the text flowed, the call is held")
			_, err = h.ResponseBody(s, []byte(tc.stream[cut:]), true)
			require.NoError(t, err)
			require.NoError(t, h.End(s))
			assert.NotContains(t, string(s.ClientBody()), "delete_db")
			assert.Equal(t, "tool_denied", refusedWith(t, result{downBody: s.ClientBody()}))
		})
	}
}

// A long stream keeps the VM's memory flat (issue 20's criterion as
// written): 100,000 events, text deltas and an allowed tool call every
// 1,000, no sleeps; linear memory sampled every 10,000 events does not
// grow over the second half. Wasm memory never shrinks, so any growth
// there is a step that stays.
func TestLLMStreamMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("long stream")
	}
	h := envoyHost(t, streamPolicy)
	req := `{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Weather?"}]}`
	s := startLLM(t, h, llmCase{path: "/v1/messages", req: req})
	var err error
	const total, every, batch = 100_000, 10_000, 100
	block := 0
	var buf strings.Builder
	events := 0
	add := func(name, data string) {
		buf.WriteString(named(name, data))
		events++
	}
	add("message_start", `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}`)
	add("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
	var samples []uint32
	sent := 0
	for events < total {
		n := strconv.Itoa(block)
		if events%1000 == 500 {
			// Close the text block, call an allowed tool, open a new one.
			add("content_block_stop", `{"type":"content_block_stop","index":`+n+`}`)
			block++
			n = strconv.Itoa(block)
			add("content_block_start", `{"type":"content_block_start","index":`+n+`,"content_block":{"type":"tool_use","id":"toolu_`+n+`","name":"get_weather","input":{}}}`)
			add("content_block_delta", `{"type":"content_block_delta","index":`+n+`,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Oslo\"}"}}`)
			add("content_block_stop", `{"type":"content_block_stop","index":`+n+`}`)
			block++
			n = strconv.Itoa(block)
			add("content_block_start", `{"type":"content_block_start","index":`+n+`,"content_block":{"type":"text","text":""}}`)
		} else {
			add("content_block_delta", `{"type":"content_block_delta","index":`+n+`,"delta":{"type":"text_delta","text":"word `+strconv.Itoa(events)+` "}}`)
		}
		if events-sent >= batch {
			_, err = h.ResponseBody(s, []byte(buf.String()), false)
			require.NoError(t, err)
			require.False(t, s.Done())
			buf.Reset()
			if events/every != sent/every {
				samples = append(samples, h.MemoryBytes())
			}
			sent = events
		}
	}
	buf.WriteString(named("content_block_stop", `{"type":"content_block_stop","index":`+strconv.Itoa(block)+`}`))
	buf.WriteString(named("message_stop", `{"type":"message_stop"}`))
	_, err = h.ResponseBody(s, []byte(buf.String()), true)
	require.NoError(t, err)
	got := s.ClientBody()
	require.NoError(t, h.End(s))
	assert.NotContains(t, string(got), `"type":"error"`, "every call was allowed")
	require.Len(t, samples, 10)
	t.Logf("linear memory every %d events: %v", every, samples)
	// samples[i] is taken after (i+1)*10,000 events: the second half runs
	// from samples[4] (50,000) to samples[9] (100,000).
	for i := 5; i < len(samples); i++ {
		assert.Equal(t, samples[4], samples[i], "linear memory grew between %d and %d events: %v", 50_000, (i+1)*every, samples)
	}
}

// A held call that grows past max_body_bytes (with the events held after
// it) is a limit: under on_error block the stream ends with the error
// event, counted; under on_error allow what was held and the rest go on
// unjudged, every byte kept.
func TestLLMHeldCallOverLimit(t *testing.T) {
	small := `{"policy_version":"limit-2","max_body_bytes":2048,"tools":{"default":"deny","rules":[{"name":"get_weather"}]}}`
	stream := anthropicStream("get_weather")
	// Arguments longer than the bound, in many deltas.
	big := strings.Repeat(named("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"  "}}`), 40)
	at := strings.Index(stream, `event: content_block_stop`+"\n"+`data: {"type":"content_block_stop","index":1}`)
	stream = stream[:at] + big + stream[at:]
	text := stream[:strings.Index(stream, `event: content_block_start`+"\n"+`data: {"type":"content_block_start","index":1`)]
	anthReq := `{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Weather?"}]}`
	for _, onError := range []string{"block", "allow"} {
		t.Run(onError, func(t *testing.T) {
			pol := strings.Replace(small, `"tools"`, `"on_error":"`+onError+`","tools"`, 1)
			h := envoyHost(t, pol)
			before, _ := h.Counter("aisecops_errors_total.kind.body_too_large")
			got, _ := runLLM(t, llmCase{policy: pol, path: "/v1/messages", req: anthReq, stream: stream}, []int{len(text) + 100, len(text) + 1500})
			after, _ := h.Counter("aisecops_errors_total.kind.body_too_large")
			assert.Equal(t, int64(1), after-before, "the limit is counted")
			if onError == "block" {
				require.True(t, strings.HasPrefix(got, text), "the text flowed")
				assert.Equal(t, "body_too_large", refusedWith(t, result{downBody: []byte(got)}))
				return
			}
			assert.Equal(t, stream, got, "on_error allow: the stream goes on unjudged, whole")
		})
	}
}

// Monitor mode changes nothing, not even the timing: a denied call's
// events flow as they come, and the decision is still logged.
func TestLLMStreamMonitor(t *testing.T) {
	pol := strings.Replace(streamPolicy, `"max_body_bytes"`, `"mode": "monitor", "max_body_bytes"`, 1)
	for _, tc := range llmCases() {
		if !strings.HasSuffix(tc.name, "denied") {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			tc.policy = pol
			got, decisions := runLLM(t, tc, []int{len(tc.want) + 40})
			assert.Equal(t, tc.stream, got, "the stream goes on byte-identical")
			assert.Contains(t, strings.Join(decisions, ";"), "tool_gateway|delete_db|deny|tool_denied")
		})
	}
}

// TestChatRemoveAccumulates: the Chat stream with a removed call reads,
// through openai-go's accumulator, as the answer without that call: one
// tool call, the allowed one, its arguments whole, at index 0.
func TestChatRemoveAccumulates(t *testing.T) {
	tc := llmCase{policy: removePolicy, path: "/v1/chat/completions",
		req: `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Weather?"}]}`}
	for _, order := range [][2]string{{"delete_db", "get_weather"}, {"get_weather", "delete_db"}} {
		t.Run(order[0]+","+order[1], func(t *testing.T) {
			tc.stream = chatTwoCalls(order[0], order[1], false)
			got, decisions := runLLM(t, tc, []int{len(tc.stream) / 2})
			assert.Contains(t, strings.Join(decisions, ";"), "tool_gateway|delete_db|deny|tool_denied")
			var acc openai.ChatCompletionAccumulator
			for _, e := range wire.ParseSSE([]byte(got)) {
				if e.Data == "[DONE]" {
					continue
				}
				var ch openai.ChatCompletionChunk
				require.NoError(t, json.Unmarshal([]byte(e.Data), &ch), e.Data)
				require.True(t, acc.AddChunk(ch), "the accumulator refused %s", e.Data)
			}
			require.Len(t, acc.Choices, 1)
			calls := acc.Choices[0].Message.ToolCalls
			require.Len(t, calls, 1, "got\n%s", got)
			assert.Equal(t, "get_weather", calls[0].Function.Name)
			assert.JSONEq(t, `{"city":"Oslo"}`, calls[0].Function.Arguments)
			assert.Equal(t, "Checking.", acc.Choices[0].Message.Content)
			assert.NotContains(t, got, "delete_db")
		})
	}
}
