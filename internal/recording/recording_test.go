package recording

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTripKeepsBytesAndCuts(t *testing.T) {
	e := Exchange{Method: "POST", Path: "/mcp", Authority: "a.test", RequestHeaders: map[string]string{"content-type": "application/json"}}
	e.SetRequestBody([]byte(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	e.Status = 200
	e.AddResponseChunk([]byte("data: {\"a\":"))
	e.AddResponseChunk([]byte("1}\n\n"))
	e.AddResponseChunk([]byte("\xff not UTF-8"))
	var buf bytes.Buffer
	require.NoError(t, Append(&buf, &e))
	assert.True(t, IsRecording(bytes.TrimSpace(buf.Bytes())))
	got, err := Read(&buf)
	require.NoError(t, err)
	require.Len(t, got, 1)
	body, err := got[0].Body()
	require.NoError(t, err)
	assert.Equal(t, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, string(body))
	chunks, err := got[0].Chunks()
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("data: {\"a\":"), []byte("1}\n\n"), []byte("\xff not UTF-8")}, chunks,
		"chunks keep their cuts and bytes once one of them needs base64")
}

func TestReadRefusesWhatItCannotReadOneWay(t *testing.T) {
	for name, line := range map[string]string{
		"unknown field":     `{"method":"POST","path":"/mcp","authority":"a","bodyy":"x"}`,
		"no method":         `{"path":"/mcp"}`,
		"no path":           `{"method":"POST"}`,
		"both bodies":       `{"method":"POST","path":"/mcp","request_body":"x","request_body_b64":"eA=="}`,
		"both chunkings":    `{"method":"POST","path":"/mcp","response_chunks":["x"],"response_chunks_b64":["eA=="]}`,
		"not JSON":          `{"method":`,
		"status 999":        `{"method":"POST","path":"/mcp","status":999,"response_chunks":["{}"]}`,
		"chunks, no status": `{"method":"POST","path":"/mcp","response_chunks":["{}"]}`,
		"upper-case header": `{"method":"POST","path":"/mcp","request_headers":{"Content-Type":"application/json"}}`,
	} {
		_, err := Read(strings.NewReader("\n" + line + "\n"))
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "line 2", name)
	}
	assert.False(t, IsRecording([]byte(`{"direction":"request","body":{}}`)), "a body recording is not an exchange")
}
