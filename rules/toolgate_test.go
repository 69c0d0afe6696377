package rules

import (
	"testing"

	"github.com/aisecops/aisecops/internal/toolgate"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatewayPolicy is internal/toolgate's test policy, for the tests here
// that go through Load.
const gatewayPolicy = `{
  "policy_version": "t1",
  "sandbox_runner": {"cluster": "sandbox-runner"},
  "tools": {
    "default": "deny",
    "rules": [
      {"name": "search_docs", "args": {"query": {"type": "string", "required": true, "max_len": 20}}, "additional_args": false},
      {"name": "send_email", "risk": "irreversible", "action": "approve",
       "args": {"to": {"type": "string", "required": true, "pattern": "[^@]+@example\\.com"},
                "priority": {"enum": ["low", "high", 3]}}},
      {"name": "fetch_url", "args": {"url": {"type": "string", "url": {"hosts": ["good.com", "*.docs.good.com"]}}}},
      {"name": "fetch_ip", "args": {"url": {"url": {"allow_ip": true}}}},
      {"name": "read_file", "args": {"path": {"type": "string", "path": {"prefixes": ["/data", "/srv/app/"]}}}},
      {"name": "run_shell", "args": {"cmd": {"type": "string", "forbid": ["rm -rf", "curl "]}}},
      {"name": "set_volume", "args": {"level": {"type": "integer", "min": 0, "max": 10}}},
      {"name": "run_python", "action": "sandbox", "sandbox": {"tool": "starlark", "timeout_ms": 2000}},
      {"name": "admin_*", "action": "deny"},
      {"name": "fs.*"}
    ]
  }
}`

// Policy's tool methods hand the gateway's answer on unchanged, on the
// verdict's scale of actions.
func TestPolicyDelegatesToToolGate(t *testing.T) {
	assert.Equal(t, "allow sandbox approve deny", toolgate.Allow.String()+" "+toolgate.Sandbox.String()+" "+
		toolgate.Approve.String()+" "+toolgate.Deny.String())
	for a, want := range gateActions {
		assert.Equal(t, toolgate.Action(a).String(), want.String())
	}
	p, err := Load([]byte(gatewayPolicy))
	require.NoError(t, err)
	for _, c := range []wire.ToolCall{
		{Name: "search_docs", Args: []byte(`{"query":"limits"}`)},
		{Name: "search_docs", Args: []byte(`{"query":5,"x":1}`)},
		{Name: "send_email", Args: []byte(`{"to":"a@example.com"}`)},
		{Name: "run_python", Args: []byte(`{}`)},
		{Name: "admin_reset", Args: []byte(`{}`)},
		{Name: "exec", Args: []byte(`{}`)},
		{Name: "builtin:shell", Args: []byte(`{}`)},
	} {
		g := p.toolsGateway.DecideCall(c)
		d := p.DecideCall(c)
		assert.Equal(t, CallDecision{Action: d.Action, Rule: g.Rule, Irreversible: g.Irreversible, Reasons: g.Reasons, Sandbox: g.Sandbox}, d, c.Name)
		assert.Equal(t, g.Action.String(), d.Action.String(), c.Name)
	}
	for _, n := range []string{"search_docs", "admin_drop", "delete_file", "fs.read", "builtin:shell"} {
		assert.Equal(t, p.toolsGateway.ToolVisible(n), p.ToolVisible(n), n)
	}
	assert.Equal(t, []string{"fetch_ip", "fetch_url", "read_file", "run_python", "run_shell", "search_docs", "send_email", "set_volume"}, p.ToolNames())
}
