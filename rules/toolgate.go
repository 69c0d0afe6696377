package rules

import (
	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/toolgate"
	"github.com/aisecops/aisecops/internal/wire"
)

// The tool gateway lives in internal/toolgate; the policy answers for it
// on the verdict's scale of actions.

// CallDecision is the tool gateway's answer for one call.
type CallDecision struct {
	Action Action `json:"action"`
	// Rule is the id of the deciding rule ("tools.rules[2]") or
	// "tools.default".
	Rule         string                `json:"rule"`
	Irreversible bool                  `json:"irreversible,omitempty"`
	Reasons      []string              `json:"reasons,omitempty"`
	Sandbox      *config.SandboxConfig `json:"sandbox,omitempty"`
}

// gateActions puts the gateway's actions on the verdict's scale.
var gateActions = [...]Action{
	toolgate.Allow:   ActionAllow,
	toolgate.Sandbox: ActionSandbox,
	toolgate.Approve: ActionApprove,
	toolgate.Deny:    ActionDeny,
}

// ToolVisible says whether a tools/list response may show this tool: the
// same rules as at call time, on the name alone.
func (p *Policy) ToolVisible(name string) bool { return p.toolsGateway.ToolVisible(name) }

// DecideCall applies the tool gateway to one call.
func (p *Policy) DecideCall(c wire.ToolCall) CallDecision {
	d := p.toolsGateway.DecideCall(c)
	return CallDecision{Action: gateActions[d.Action], Rule: d.Rule, Irreversible: d.Irreversible, Reasons: d.Reasons, Sandbox: d.Sandbox}
}
