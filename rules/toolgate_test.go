package rules

import (
	"os"
	"testing"

	"github.com/aisecops/aisecops/internal/toolgate"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatewayPolicy is internal/toolgate's test policy, for the tests here
// that go through Load.
var gatewayPolicy = func() []byte {
	b, err := os.ReadFile("../internal/toolgate/testdata/gateway-policy.json")
	if err != nil {
		panic(err)
	}
	return b
}()

// Policy's tool methods hand the gateway's answer on unchanged, on the
// verdict's scale of actions.
func TestPolicyDelegatesToToolGate(t *testing.T) {
	assert.Equal(t, "allow sandbox approve deny", toolgate.Allow.String()+" "+toolgate.Sandbox.String()+" "+
		toolgate.Approve.String()+" "+toolgate.Deny.String())
	for a, want := range gateActions {
		assert.Equal(t, toolgate.Action(a).String(), want.String())
	}
	p, err := Load(gatewayPolicy)
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
