package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPinCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	list := `{"jsonrpc":"2.0","id":2,"result":{"tools":[` +
		`{"name":"read_file","description":"Read a file.","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true}},` +
		`{"name":"search","inputSchema":{"type":"object"},"outputSchema":{"type":"object"}}]}}`
	file := write("list.json", list)
	sse := write("list.sse", "event: message\ndata: "+list+"\n\n")

	code, out, stderr := runCLI("pin", "--server", "tools.internal:8080/mcp", file)
	require.Equal(t, exitOK, code, stderr)
	var pins map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &pins))
	pl, err := wire.Extract([]byte(list), wire.ExtractOptions{Format: rules.FormatMCP, Direction: rules.Response})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"tools.internal:8080/mcp/read_file": wire.ToolPinHash(pl.Tools[0]),
		"tools.internal:8080/mcp/search":    wire.ToolPinHash(pl.Tools[1]),
	}, pins)

	// The printed pins are a valid filter.tool_pins.
	policy, _ := json.Marshal(map[string]any{"policy_version": "p", "filter": map[string]any{"pin_mode": "configured", "tool_pins": pins}})
	_, err = rules.ParseConfig(policy)
	require.NoError(t, err)

	code, sseOut, stderr := runCLI("pin", "--server", "tools.internal:8080/mcp", sse)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, out, sseOut, "an event-stream response gives the same pins")

	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"no server", []string{"pin", file}, "usage: aisecops pin --server"},
		{"server with a query", []string{"pin", "--server", "h/mcp?x=1", file}, "usage: aisecops pin --server"},
		{"missing file", []string{"pin", "--server", "h/mcp", filepath.Join(dir, "nope.json")}, "no such file"},
		{"not a tools/list", []string{"pin", "--server", "h/mcp", write("call.json", `{"jsonrpc":"2.0","id":1,"result":{"content":[]}}`)}, "no tools found"},
		{"invalid JSON", []string{"pin", "--server", "h/mcp", write("bad.json", `{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a","name":"b"}]}}`)}, "ambiguous_json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.msg)
		})
	}
}

func TestOldToolPinsFailAtLoad(t *testing.T) {
	_, err := rules.ParseConfig([]byte(`{"policy_version":"p","filter":{"tool_pins":{"h/mcp/a":"` + strings.Repeat("0f", 32) + `"}}}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `filter.tool_pins.h/mcp/a`)
	assert.Contains(t, err.Error(), "v1 pin")
	assert.Contains(t, err.Error(), "aisecops pin --server")
}
