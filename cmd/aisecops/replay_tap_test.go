package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tapHeaders(kv ...string) string {
	s := "["
	for i := 0; i < len(kv); i += 2 {
		if i > 0 {
			s += ","
		}
		s += `{"key":` + jsonx.Quote(kv[i]) + `,"value":` + jsonx.Quote(kv[i+1]) + `}`
	}
	return s + "]"
}

// TestReplayTapTraces joins the client-side and upstream-side traces of
// Envoy's tap filter by x-request-id and re-decides the exchanges: the
// request as the client sent it, the response as the upstream sent it.
func TestReplayTapTraces(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	req := `{"model":"gpt-4o","messages":[{"role":"user","content":"clean up"}]}`
	resp := `{"id":"r","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,` +
		`"tool_calls":[{"id":"c","type":"function","function":{"name":"delete_file","arguments":"{}"}}]}}]}`
	reqHdrs := tapHeaders(":method", "POST", ":path", "/v1/chat/completions", ":authority", "api.example", "content-type", "application/json", "x-request-id", "rid-1")
	// The client side saw our refusal; the upstream side saw the call.
	client := write("client_1.json", `{"http_buffered_trace":{"request":{"headers":`+reqHdrs+`,"body":{"as_bytes":"`+
		base64.StdEncoding.EncodeToString([]byte(req))+`"}},"response":{"headers":`+tapHeaders(":status", "403")+`,"body":{"as_string":"refused"}}}}`)
	upstream := write("upstream_1.json", `{"http_buffered_trace":{"request":{"headers":`+reqHdrs+`,"body":{"as_string":`+jsonx.Quote(req)+`}},`+
		`"response":{"headers":`+tapHeaders(":status", "200", "content-type", "application/json")+`,"body":{"as_string":`+jsonx.Quote(resp)+`}}}}`)
	code, out, errOut := runCLI("replay", "--tap", client, upstream)
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "tap:1 POST /v1/chat/completions")
	assert.Contains(t, out, "response:tool_gateway:deny:tool_denied:delete_file")

	// Streamed segments of one trace add up to the same exchange.
	seg := func(field, body string) string {
		return `{"http_streamed_trace_segment":{"trace_id":"7","` + field + `":` + body + `}}` + "\n"
	}
	streamed := write("upstream_2.json", seg("request_headers", `{"headers":`+reqHdrs+`}`)+
		seg("response_headers", `{"headers":`+tapHeaders(":status", "200", "content-type", "application/json")+`}`)+
		seg("response_body_chunk", `{"as_string":`+jsonx.Quote(resp[:40])+`}`)+
		seg("response_body_chunk", `{"as_string":`+jsonx.Quote(resp[40:])+`}`))
	code, out, errOut = runCLI("replay", "--tap", client, streamed)
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "tool_denied:delete_file")

	// Without its upstream trace the request stands alone.
	code, out, _ = runCLI("replay", "--tap", client)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "tap:1 POST /v1/chat/completions")
	assert.NotContains(t, out, "delete_file")

	// A truncated body, a file of unknown side and a non-tap file are
	// refused, saying why.
	trunc := write("upstream_3.json", `{"http_buffered_trace":{"request":{"headers":`+reqHdrs+`},"response":{"headers":`+
		tapHeaders(":status", "200")+`,"body":{"as_string":"{\"id\"","truncated":true}}}}`)
	code, _, errOut = runCLI("replay", "--tap", client, trunc)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "truncated this body")
	code, _, errOut = runCLI("replay", "--tap", write("trace.json", `{}`))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "named client_* (the tap before the aisecops filter)")
	code, _, errOut = runCLI("replay", "--tap", write("client_9.json", `{"foo":1}`))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "neither http_buffered_trace nor http_streamed_trace_segment")
}
