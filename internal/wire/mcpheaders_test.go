package wire

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckMCPHeaders(t *testing.T) {
	call := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":{"s":"=?base64?eA==?=","n":9007199254740991,"b":false,"o":{"r":"eu"},"a":["x"],"f":1.5}}}`
	cases := []struct {
		name, body string
		hdrs       [][2]string
		detail     string // "" when the headers agree
	}{
		{"no headers", call, nil, ""},
		{"other headers ignored", call, [][2]string{{"Mcp-Session-Id", "s"}, {"content-type", "x"}}, ""},
		{"method", call, [][2]string{{"Mcp-Method", "tools/list"}}, `Mcp-Method header does not match the method "tools/call" (the body)`},
		{"name", call, [][2]string{{"MCP-NAME", "u"}}, "Mcp-Name header does not match params.name (the body)"},
		{"nested param", call, [][2]string{{"mcp-param-region", "eu"}}, ""},
		{"max safe integer", call, [][2]string{{"mcp-param-n", "9007199254740991"}}, ""},
		{"boolean", call, [][2]string{{"mcp-param-b", "false"}}, ""},
		{"sentinel-looking value goes encoded", call, [][2]string{{"mcp-param-s", "=?base64?PT9iYXNlNjQ/ZUE9PT89?="}}, ""},
		{"raw sentinel is decoded, not matched", call, [][2]string{{"mcp-param-s", "=?base64?eA==?="}}, "Mcp-Param-S header value is not the value of any argument (the body)"},
		{"array elements are not bound", call, [][2]string{{"mcp-param-a", "x"}}, "Mcp-Param-A header value is not the value of any argument (the body)"},
		{"fractions are not bound", call, [][2]string{{"mcp-param-f", "1.5"}}, "Mcp-Param-F header value is not the value of any argument (the body)"},
		{"repeated", call, [][2]string{{"mcp-name", "t"}, {"Mcp-Name", "t"}}, "Mcp-Name header appears more than once"},
		{"on a response", `{"jsonrpc":"2.0","id":1,"result":{}}`, [][2]string{{"mcp-method", "tools/call"}}, "Mcp-Method header on a JSON-RPC response, which has no method (the body)"},
		{"batch", `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]`, [][2]string{{"mcp-method", "ping"}},
			`Mcp-Method header does not match the method "tools/list" (batch message 1)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pl, err := Extract([]byte(tc.body), ExtractOptions{Format: FormatMCP})
			require.NoError(t, err)
			reason, detail := CheckMCPHeaders(MCPHeaders(tc.hdrs), []byte(tc.body), pl)
			assert.Equal(t, tc.detail, detail)
			if tc.detail != "" {
				assert.Equal(t, "header_mismatch", reason)
			}
		})
	}
}
