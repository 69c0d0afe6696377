package toolgate

import (
	"testing"

	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func builtinGate(t *testing.T, rules string) *Gate {
	t.Helper()
	g, err := load([]byte(`{"policy_version":"b","tools":{"default":"deny","rules":[` + rules + `]}}`))
	require.NoError(t, err)
	return g
}

func TestBuiltinRuleNames(t *testing.T) {
	for _, ok := range []string{"builtin:local_shell", "builtin:shell", "builtin:apply_patch", "builtin:computer",
		"builtin:web_search", "builtin:code_execution", "builtin:mcp/wiki/ask", "builtin:mcp/wiki/*", "builtin:mcp/*",
		"builtin:*", "builtin:*_shell", "builtin:web_*"} {
		_, err := load([]byte(`{"policy_version":"b","tools":{"rules":[{"name":"` + ok + `"}]}}`))
		assert.NoError(t, err, ok)
	}
	cases := map[string]string{
		"builtin:shel":        `tools.rules[0].name: unknown built-in tool "builtin:shel" (known: builtin:advisor, builtin:apply_patch,`,
		"builtin:":            `unknown built-in tool "builtin:"`,
		"builtin:mcp/wiki":    `tools.rules[0].name: "builtin:mcp/wiki": a remote MCP tool is named builtin:mcp/<server>/<tool>`,
		"builtin:mcp//ask":    `a remote MCP tool is named builtin:mcp/<server>/<tool>`,
		"builtin:zz*":         `unknown built-in tool "builtin:zz*"`,
		"builtin:Local_shell": `unknown built-in tool "builtin:Local_shell"`,
	}
	for name, want := range cases {
		_, err := load([]byte(`{"policy_version":"b","tools":{"rules":[{"name":"` + name + `"}]}}`))
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), want, name)
	}
}

func TestBuiltinNamespace(t *testing.T) {
	g := builtinGate(t, `{"name":"*"},{"name":"builtin:local_shell"}`)
	// "*" covers the agent's functions, never the built-ins.
	assert.Equal(t, Allow, g.DecideCall(wire.ToolCall{Name: "anything", Args: []byte(`{}`)}).Action)
	d := g.DecideCall(wire.ToolCall{Name: "builtin:shell", Args: []byte(`{}`), Kind: wire.CallBuiltin})
	assert.Equal(t, Deny, d.Action)
	assert.Equal(t, "tools.default", d.Rule)
	assert.Equal(t, Allow, g.DecideCall(wire.ToolCall{Name: "builtin:local_shell", Args: []byte(`{}`), Kind: wire.CallBuiltin}).Action)
	// A function cannot take a built-in name, whatever the rules say.
	d = g.DecideCall(wire.ToolCall{Name: "builtin:local_shell", Args: []byte(`{}`)})
	assert.Equal(t, Deny, d.Action)
	assert.Equal(t, "tools.name", d.Rule)
	assert.Contains(t, d.Reasons[0], "built-in namespace")
}

func TestProviderToolsCannotWait(t *testing.T) {
	g, err := load([]byte(`{"policy_version":"b","sandbox_runner":{"cluster":"r","secret":"s3cret-s3cret-s3cret"},"tools":{"default":"deny","rules":[
		{"name":"builtin:web_search","action":"approve"},{"name":"builtin:shell","action":"approve"}]}}`))
	require.NoError(t, err)
	// The provider runs web search: no human can come before it.
	d := g.DecideCall(wire.ToolCall{Name: "builtin:web_search", Args: []byte(`{}`), Kind: wire.CallBuiltin})
	assert.Equal(t, Deny, d.Action)
	assert.Contains(t, d.Reasons[0], "runs at the provider")
	d = g.DecideCall(wire.ToolCall{Name: "builtin:web_search", Path: "tools[0]", Args: []byte(`{}`), Kind: wire.CallGrant})
	assert.Equal(t, Deny, d.Action)
	// The client runs a local shell: the call waits for a human.
	assert.Equal(t, Approve, g.DecideCall(wire.ToolCall{Name: "builtin:shell", Args: []byte(`{}`), Kind: wire.CallBuiltin}).Action)
	assert.Equal(t, Allow, g.DecideCall(wire.ToolCall{Name: "builtin:shell", Path: "tools.0", Args: []byte(`{}`), Kind: wire.CallClientGrant}).Action)
	// ... but a hosted shell runs at the provider.
	assert.Equal(t, Deny, g.DecideCall(wire.ToolCall{Name: "builtin:shell", Path: "tools.0", Args: []byte(`{}`), Kind: wire.CallGrant}).Action)
}

func TestMCPServerGrant(t *testing.T) {
	grant := func(g *Gate, name string) CallDecision {
		return g.DecideCall(wire.ToolCall{Name: name, Path: "tools.0", Args: []byte(`{}`), Kind: wire.CallGrant})
	}
	g := builtinGate(t, `{"name":"builtin:mcp/wiki/*"}`)
	assert.Equal(t, Allow, grant(g, "builtin:mcp/wiki/*").Action)
	assert.Equal(t, Allow, grant(g, "builtin:mcp/wiki/ask").Action)
	assert.Equal(t, Deny, grant(g, "builtin:mcp/other/*").Action)
	// Every tool of the server, but one is denied: the grant is refused.
	for _, deny := range []string{`"builtin:mcp/wiki/delete_page"`, `"builtin:mcp/*/delete_*"`, `"builtin:*"`} {
		g = builtinGate(t, `{"name":"builtin:mcp/wiki/*"},{"name":`+deny+`,"action":"deny"}`)
		d := grant(g, "builtin:mcp/wiki/*")
		assert.Equal(t, Deny, d.Action, deny)
		assert.Contains(t, d.Reasons[0], "tools.0 grants every tool of builtin:mcp/wiki", deny)
		assert.Equal(t, Allow, grant(g, "builtin:mcp/wiki/ask").Action, deny)
	}
	// A deny rule that cannot match a tool of this server does not count.
	g = builtinGate(t, `{"name":"builtin:mcp/wiki/*"},{"name":"builtin:web_*","action":"deny"},{"name":"builtin:mcp/other/*","action":"deny"}`)
	assert.Equal(t, Allow, grant(g, "builtin:mcp/wiki/*").Action)
}

func TestGlobCanMatchPrefix(t *testing.T) {
	for _, c := range []struct {
		pattern, prefix string
		want            bool
	}{
		{"builtin:mcp/*", "builtin:mcp/wiki/", true},
		{"builtin:mcp/wiki/*", "builtin:mcp/wiki/", true},
		{"builtin:mcp/wik?/x", "builtin:mcp/wiki/", true},
		{"builtin:mcp/other/*", "builtin:mcp/wiki/", false},
		{"builtin:web_*", "builtin:mcp/wiki/", false},
		{"*", "anything", true},
		{"a*b*c", "axxbyy", true},
		{"ab", "abc", false},
	} {
		assert.Equal(t, c.want, globCanMatchPrefix(c.pattern, c.prefix), "%s on %s", c.pattern, c.prefix)
	}
}

func TestBuiltinNameHiddenFromToolsList(t *testing.T) {
	g := builtinGate(t, `{"name":"builtin:local_shell"},{"name":"ls"}`)
	assert.False(t, g.ToolVisible("builtin:local_shell"), "an MCP tool cannot pass for a built-in")
	assert.True(t, g.ToolVisible("ls"))
}
