package bench

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/aisecops/aisecops/rules"
	"github.com/stretchr/testify/require"
)

// An LLM stream of 500 chunks (issue 20): each a Chat Completions chunk
// with one word, delivered to the filter one chunk per body callback,
// the way an upstream writes them. Reported per run: ttft-µs, the time
// from the response headers to the first chunk released to the client,
// and ns/event, the whole stream's time over its 500 events. The no-op
// filter (built the same way) is the direct path; the compiled filter
// minus it is what the filter adds. "native" is the same exchange on
// rules.Exchange without Wasm or host calls.

const streamChunks = 500

func llmChunks() [][]byte {
	out := make([][]byte, 0, streamChunks)
	chunk := func(choice string) []byte {
		return []byte(`data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[` + choice + "]}\n\n")
	}
	out = append(out, chunk(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`))
	words := strings.Fields(strings.Repeat(prose, 60))
	for i := 0; len(out) < streamChunks-1; i++ {
		out = append(out, chunk(`{"index":0,"delta":{"content":`+jsonx.Quote(words[i%len(words)]+" ")+`},"finish_reason":null}`))
	}
	last := append(chunk(`{"index":0,"delta":{},"finish_reason":"stop"}`), "data: [DONE]\n\n"...)
	return append(out, last)
}

var streamReq = []byte(`{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Tell me about the report."}]}`)

func BenchmarkLLMStream(b *testing.B) {
	chunks := llmChunks()
	reqHdrs := map[string]string{":method": "POST", ":path": "/v1/chat/completions", ":authority": "llm.test", ":scheme": "http",
		"content-type": "application/json", "content-length": strconv.Itoa(len(streamReq))}
	respHdrs := map[string]string{":status": "200", "content-type": "text/event-stream"}
	for _, f := range []string{"noop.wasm", "aisecops.wasm"} {
		h, err := wasmhost.New(context.Background(), buildFile(b, f), []byte(policy))
		require.NoError(b, err)
		b.Run("wasm/"+strings.TrimSuffix(f, ".wasm"), func(b *testing.B) {
			var first, all time.Duration
			for b.Loop() {
				s, _, err := h.StartRequest(reqHdrs, false)
				require.NoError(b, err)
				_, err = h.RequestBody(s, streamReq, true)
				require.NoError(b, err)
				start := time.Now()
				_, err = h.ResponseHeaders(s, respHdrs, false)
				require.NoError(b, err)
				_, err = h.ResponseBody(s, chunks[0], false)
				require.NoError(b, err)
				first += time.Since(start)
				if len(s.ClientBody()) != len(chunks[0]) {
					b.Fatalf("the first chunk was not released at once (%d bytes out)", len(s.ClientBody()))
				}
				for i, c := range chunks[1:] {
					if _, err := h.ResponseBody(s, c, i == len(chunks)-2); err != nil {
						b.Fatal(err)
					}
				}
				all += time.Since(start)
				if err := h.End(s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(first.Microseconds())/float64(b.N), "ttft-µs")
			b.ReportMetric(float64(all.Nanoseconds())/float64(b.N)/streamChunks, "ns/event")
		})
		h.Close()
	}
	pol, err := rules.Load([]byte(policy))
	require.NoError(b, err)
	b.Run("native", func(b *testing.B) {
		var first, all time.Duration
		var out []byte
		for b.Loop() {
			x := pol.NewExchange(rules.ExchangeInfo{Format: rules.FormatOpenAIChat, Method: "POST", Path: "/v1/chat/completions"}, nil)
			x.Request(streamReq)
			start := time.Now()
			if _, f := x.ResponseHeaders("200", []string{"text/event-stream"}); f != nil {
				b.Fatal(f.Detail)
			}
			out, _, _ = x.StreamChunk(out[:0], chunks[0], false)
			first += time.Since(start)
			if len(out) != len(chunks[0]) {
				b.Fatalf("the first chunk was not released at once")
			}
			for i, c := range chunks[1:] {
				var f *rules.Failure
				if out, _, f = x.StreamChunk(out[:0], c, i == len(chunks)-2); f != nil {
					b.Fatal(f.Detail)
				}
			}
			all += time.Since(start)
		}
		b.ReportMetric(float64(first.Nanoseconds())/1000/float64(b.N), "ttft-µs")
		b.ReportMetric(float64(all.Nanoseconds())/float64(b.N)/streamChunks, "ns/event")
	})
}
