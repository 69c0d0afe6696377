package toolgate

import (
	"os"
	"testing"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatewayPolicy is the test policy of the gateway's tests, and of rules'
// tests that go through a whole policy.
var gatewayPolicy = func() []byte {
	b, err := os.ReadFile("testdata/gateway-policy.json")
	if err != nil {
		panic(err)
	}
	return b
}()

func TestToolGateway(t *testing.T) {
	g, err := load(gatewayPolicy)
	require.NoError(t, err)
	tests := []struct {
		name   string
		tool   string
		args   string
		action Action
		rule   string
		reason string
	}{
		{name: "allowed", tool: "search_docs", args: `{"query":"limits"}`, action: Allow, rule: "tools.rules[0]"},
		{name: "unknown tool default deny", tool: "exec", args: `{}`, action: Deny, rule: "tools.default"},
		{name: "lookalike tool name", tool: "search_dоcs", args: `{"query":"x"}`, action: Deny, rule: "tools.default"},
		{name: "required missing", tool: "search_docs", args: `{}`, action: Deny, reason: "arg[query]: required"},
		{name: "extra arg", tool: "search_docs", args: `{"query":"a","exfil":"b"}`, action: Deny, reason: "arg[exfil]: not allowed (additional_args is false)"},
		{name: "wrong type", tool: "search_docs", args: `{"query":5}`, action: Deny, reason: "arg[query]: expected string, got number"},
		{name: "max_len counts runes", tool: "search_docs", args: `{"query":"ééééééééééééééééééé"}`, action: Allow},
		{name: "max_len exceeded", tool: "search_docs", args: `{"query":"aaaaaaaaaaaaaaaaaaaaa"}`, action: Deny, reason: "arg[query]: longer than max_len 20"},
		{name: "pattern ok escalates to approve", tool: "send_email", args: `{"to":"ops@example.com"}`, action: Approve},
		{name: "pattern is anchored", tool: "send_email", args: `{"to":"ops@example.com.evil.io"}`, action: Deny, reason: "arg[to]: does not match pattern"},
		{name: "pattern suffix trick", tool: "send_email", args: `{"to":"evil@evil.io\nops@example.com"}`, action: Deny, reason: "arg[to]: does not match pattern"},
		{name: "enum ok number", tool: "send_email", args: `{"to":"a@example.com","priority":3}`, action: Approve},
		{name: "enum bad", tool: "send_email", args: `{"to":"a@example.com","priority":"urgent"}`, action: Deny, reason: "arg[priority]: value is not one of the allowed values"},
		{name: "url ok", tool: "fetch_url", args: `{"url":"https://good.com/a?b=c"}`, action: Allow},
		{name: "url subdomain ok", tool: "fetch_url", args: `{"url":"https://api.docs.good.com/x"}`, action: Allow},
		{name: "url subdomain rule excludes apex", tool: "fetch_url", args: `{"url":"https://docs.good.com/x"}`, action: Deny, reason: "not in the allowed hosts"},
		{name: "url trailing dot", tool: "fetch_url", args: `{"url":"https://good.com./"}`, action: Allow},
		{name: "url case", tool: "fetch_url", args: `{"url":"HTTPS://GOOD.COM/"}`, action: Allow},
		{name: "url userinfo", tool: "fetch_url", args: `{"url":"http://evil@good.com/"}`, action: Deny, reason: "userinfo"},
		{name: "url userinfo reversed", tool: "fetch_url", args: `{"url":"http://good.com@evil.com/"}`, action: Deny, reason: "userinfo"},
		{name: "url suffix host", tool: "fetch_url", args: `{"url":"http://good.com.evil.com/"}`, action: Deny, reason: "not in the allowed hosts"},
		{name: "url prefix host", tool: "fetch_url", args: `{"url":"http://good.evil.com/"}`, action: Deny, reason: "not in the allowed hosts"},
		{name: "url lookalike host", tool: "fetch_url", args: `{"url":"https://gооd.com/"}`, action: Deny, reason: "non-ASCII host"},
		{name: "url punycode lookalike", tool: "fetch_url", args: `{"url":"https://xn--gd-vlca.com/"}`, action: Deny, reason: "not in the allowed hosts"},
		{name: "url ipv4", tool: "fetch_url", args: `{"url":"http://127.0.0.1/"}`, action: Deny, reason: "IP literal"},
		{name: "url decimal ip", tool: "fetch_url", args: `{"url":"http://2130706433/"}`, action: Deny, reason: "IP literal"},
		{name: "url hex ip", tool: "fetch_url", args: `{"url":"http://0x7f.1/"}`, action: Deny, reason: "IP literal"},
		{name: "url ipv6", tool: "fetch_url", args: `{"url":"http://[::1]/"}`, action: Deny, reason: "IP literal"},
		{name: "url scheme", tool: "fetch_url", args: `{"url":"file:///etc/passwd"}`, action: Deny, reason: `scheme "file" is not allowed`},
		{name: "url javascript", tool: "fetch_url", args: `{"url":"javascript:alert(1)"}`, action: Deny, reason: "not allowed"},
		{name: "url backslash", tool: "fetch_url", args: `{"url":"https://good.com\\@evil.com/"}`, action: Deny, reason: "backslash"},
		{name: "url percent host", tool: "fetch_url", args: `{"url":"https://good%2ecom/"}`, action: Deny, reason: "percent-encoded host"},
		{name: "url no authority", tool: "fetch_url", args: `{"url":"https:good.com"}`, action: Deny, reason: "no authority"},
		{name: "url whitespace", tool: "fetch_url", args: `{"url":"https://good.com /"}`, action: Deny, reason: "whitespace"},
		{name: "url bad port", tool: "fetch_url", args: `{"url":"https://good.com:99999/"}`, action: Deny, reason: "invalid port"},
		{name: "url ip allowed when configured", tool: "fetch_ip", args: `{"url":"http://10.0.0.1:8080/x"}`, action: Allow},
		{name: "path ok", tool: "read_file", args: `{"path":"/data/reports/q3.txt"}`, action: Allow},
		{name: "path prefix boundary", tool: "read_file", args: `{"path":"/database/x"}`, action: Deny, reason: "outside the allowed prefixes"},
		{name: "path dotdot", tool: "read_file", args: `{"path":"/data/../etc/passwd"}`, action: Deny, reason: "'..' segment"},
		{name: "path dotdot relative", tool: "read_file", args: `{"path":"../../etc/passwd"}`, action: Deny, reason: "'..' segment"},
		{name: "path encoded traversal", tool: "read_file", args: `{"path":"/data/%2e%2e/etc/passwd"}`, action: Deny, reason: "percent-encoded"},
		{name: "path double encoded", tool: "read_file", args: `{"path":"/data/%252e%252e/x"}`, action: Deny, reason: "percent-encoded"},
		{name: "path NUL", tool: "read_file", args: `{"path":"/data/a\u0000.txt"}`, action: Deny, reason: "NUL"},
		{name: "path backslash", tool: "read_file", args: `{"path":"/data\\..\\etc"}`, action: Deny, reason: "backslash"},
		{name: "path relative", tool: "read_file", args: `{"path":"data/x"}`, action: Deny, reason: "not absolute"},
		{name: "path tilde", tool: "read_file", args: `{"path":"~/.ssh/id_rsa"}`, action: Deny, reason: "'~'"},
		{name: "path outside", tool: "read_file", args: `{"path":"/etc/shadow"}`, action: Deny, reason: "outside the allowed prefixes"},
		{name: "path redundant slashes ok", tool: "read_file", args: `{"path":"/srv//app/./config.yaml"}`, action: Allow},
		{name: "forbid ok", tool: "run_shell", args: `{"cmd":"ls -la"}`, action: Allow},
		{name: "forbid case-insensitive", tool: "run_shell", args: `{"cmd":"RM -RF /"}`, action: Deny, reason: `forbidden substring "rm -rf"`},
		{name: "min", tool: "set_volume", args: `{"level":-1}`, action: Deny, reason: "below the minimum"},
		{name: "max", tool: "set_volume", args: `{"level":11}`, action: Deny, reason: "above the maximum"},
		{name: "integer type", tool: "set_volume", args: `{"level":2.5}`, action: Deny, reason: "expected integer"},
		{name: "sandbox", tool: "run_python", args: `{"code":"print(1)"}`, action: Sandbox},
		{name: "glob deny", tool: "admin_reset", args: `{}`, action: Deny, rule: "tools.rules[8]"},
		{name: "glob allow with dot", tool: "fs.read", args: `{}`, action: Allow, rule: "tools.rules[9]"},
		{name: "empty name", tool: "", args: `{}`, action: Deny, rule: "tools.name"},
		{name: "control char name", tool: "search_docs\n", args: `{}`, action: Deny, rule: "tools.name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := g.DecideCall(wire.ToolCall{Name: tc.tool, Args: []byte(tc.args)})
			assert.Equal(t, tc.action, d.Action, "reasons: %v", d.Reasons)
			if tc.rule != "" {
				assert.Equal(t, tc.rule, d.Rule)
			}
			if tc.reason != "" {
				require.NotEmpty(t, d.Reasons)
				assert.Contains(t, d.Reasons[0], tc.reason)
			}
		})
	}
	d := g.DecideCall(wire.ToolCall{Name: "send_email", Args: []byte(`{"to":"a@example.com"}`)})
	assert.True(t, d.Irreversible)
	d = g.DecideCall(wire.ToolCall{Name: "run_python", Args: []byte(`{}`)})
	require.NotNil(t, d.Sandbox)
	assert.Equal(t, "starlark", d.Sandbox.Tool)
}

func TestToolVisibleUsesCallRules(t *testing.T) {
	g, err := load(gatewayPolicy)
	require.NoError(t, err)
	assert.True(t, g.ToolVisible("search_docs"))
	assert.True(t, g.ToolVisible("send_email"))
	assert.True(t, g.ToolVisible("run_python"))
	assert.False(t, g.ToolVisible("admin_drop"))
	assert.False(t, g.ToolVisible("delete_file"))
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		p, n string
		ok   bool
	}{
		{"*", "", true}, {"a*", "abc", true}, {"a*c", "abxc", true}, {"a?c", "abc", true},
		{"a?c", "ac", false}, {"*x*y*", "axxbyy", true}, {"abc", "abcd", false},
		{"a*b*c*d*e*f", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false},
	} {
		assert.Equal(t, tc.ok, globMatch(tc.p, tc.n), "%q ~ %q", tc.p, tc.n)
	}
}

// load parses a policy document and compiles its tools section as rules
// does.
func load(doc []byte) (*Gate, error) {
	c, err := config.ParseConfig(doc)
	if err != nil {
		return nil, err
	}
	return Compile(c.Tools, c.SandboxRunner)
}

// TestCompileRefusesUnknownModes: a Config built in code (not read by
// ParseConfig, which checks these) with a misspelt action or risk is an
// error naming the field, never a rule that allows.
func TestCompileRefusesUnknownModes(t *testing.T) {
	for _, tc := range []struct {
		rule config.ToolRuleConfig
		want string
	}{
		{config.ToolRuleConfig{Name: "send_email", Action: "Deny"}, `tools.rules[0].action: invalid value "Deny" (want allow|deny|sandbox|approve)`},
		{config.ToolRuleConfig{Name: "send_email", Action: ""}, `tools.rules[0].action: invalid value ""`},
		{config.ToolRuleConfig{Name: "send_email", Action: "allow", Risk: "Irreversible"}, `tools.rules[0].risk: invalid value "Irreversible" (want normal|irreversible)`},
	} {
		_, err := Compile(config.ToolsConfig{Default: "deny", Rules: []config.ToolRuleConfig{tc.rule}}, nil)
		assert.ErrorContains(t, err, tc.want)
	}
}
