package rules

import (
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A configured pin holds for every spelling of its server that routes
// the same way: otherwise Tools.Test or //mcp/./ would skip the check.
func TestConfiguredPinHoldsForEverySpelling(t *testing.T) {
	wrong := wire.ToolPinHash(wire.ToolDecl{Name: "search_docs", Description: "another definition"})
	p, err := Load([]byte(`{"policy_version":"pins","tools":{"default":"allow"},
	  "filter":{"pin_mode":"configured","tool_pins":{"tools.test:8080/mcp/search_docs":"` + wrong + `"}}}`))
	require.NoError(t, err)
	list := []byte(`{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"search_docs","description":"Search.","inputSchema":{"type":"object"}}]}}`)
	for _, sp := range [][2]string{{"tools.test:8080", "/mcp"}, {"Tools.Test:8080", "/MCP"}, {"tools.test.:8080", "//mcp/./"}, {"TOOLS.TEST:8080", "/mcp?x=1"}} {
		path := sp[1]
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		x := p.NewExchange(ExchangeInfo{Format: FormatMCP, Method: "POST", Authority: sp[0], Path: path}, &MemoryStore{})
		x.Request([]byte(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
		_, f := x.ResponseHeaders("200", []string{"application/json"})
		require.Nil(t, f)
		v, f := x.ResponseBody(list)
		require.Nil(t, f)
		require.Len(t, v.Tools, 1)
		assert.True(t, v.Tools[0].RugPull, "%s%s: the configured pin was not checked", sp[0], sp[1])
	}
}

func TestToolPinKeysMustBeTheFiltersSpelling(t *testing.T) {
	pin := wire.ToolPinHash(wire.ToolDecl{Name: "search_docs"})
	_, err := Load([]byte(`{"policy_version":"pins","filter":{"tool_pins":{"Tools.Test/MCP/search_docs":"` + pin + `"}}}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `filter.tool_pins`)
	assert.Contains(t, err.Error(), `write "tools.test/mcp"`)
}
