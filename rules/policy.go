package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/inject"
	"github.com/aisecops/aisecops/internal/toolgate"
)

// Action is a decision. Actions are ordered by severity: the verdict for a
// body is the most severe action of its parts.
type Action uint8

const (
	ActionAllow Action = iota
	ActionFlag
	ActionRemove
	ActionSandbox
	ActionApprove
	ActionDeny
	ActionBlock
)

var actionNames = [...]string{"allow", "flag", "remove", "sandbox", "approve", "deny", "block"}

func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "block"
}

func (a Action) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// Refuses reports whether the action stops or changes what was sent.
func (a Action) Refuses() bool { return a >= ActionRemove }

// Policy is a compiled, immutable policy. It is safe for concurrent use.
type Policy struct {
	// cfg is the document as written. Decisions read the modes below,
	// compiled from it once; cfg is never handed out (Config copies it).
	cfg          Config
	toolsGateway *toolgate.Gate // tools.default, tools.rules
	detector     *inject.Detector

	monitor        bool        // mode: monitor
	failOpen       bool        // on_error: allow
	capture        captureMode // capture
	injAction      Action      // injection.action
	removeDenied   bool        // tools.on_denied_call: remove
	taint          taintMode   // filter.taint
	pinMode        pinMode     // filter.pin_mode
	refuseUnrouted bool        // filter.unrouted: refuse
	hostRefuse     []bool      // per filter.hosts entry: its unrouted, or filter.unrouted
	// namedTools are the tools.rules names that name one tool (no
	// wildcard, not a provider built-in): text that tells the model to
	// call one is evidence in every exchange, as a declared tool is.
	namedTools []string
}

// Compiled modes. ParseConfig only produces the values below; a Config
// built by hand with another value is refused by Compile.
type (
	captureMode uint8
	taintMode   uint8
	pinMode     uint8
)

const (
	captureNone captureMode = iota
	captureExcerpt
	captureFull
)

const (
	taintFlagged taintMode = iota
	taintUntrusted
	taintOff
)

const (
	pinLearn pinMode = iota
	pinConfigured
	pinOff
)

// compileModes turns the mode strings of c into p's typed fields.
func (p *Policy) compileModes(c *Config) error {
	var errs []error
	pick := func(path, v string, allowed ...string) int {
		for i, a := range allowed {
			if v == a {
				return i
			}
		}
		errs = append(errs, fmt.Errorf("%s: invalid value %s (want %s)", path, quote(v), strings.Join(allowed, "|")))
		return 0
	}
	p.monitor = pick("mode", c.Mode, "enforce", "monitor") == 1
	p.failOpen = pick("on_error", c.OnError, "block", "allow") == 1
	p.capture = captureMode(pick("capture", c.Capture, "none", "excerpt", "full"))
	p.injAction = [...]Action{ActionRemove, ActionBlock, ActionFlag}[pick("injection.action", c.Injection.Action, "remove", "block", "flag")]
	p.removeDenied = pick("tools.on_denied_call", c.Tools.OnDeniedCall, "block", "remove") == 1
	p.taint = taintMode(pick("filter.taint", c.Filter.Taint, "flagged", "untrusted", "off"))
	p.pinMode = pinMode(pick("filter.pin_mode", c.Filter.PinMode, "learn", "configured", "off"))
	p.refuseUnrouted = pick("filter.unrouted", c.Filter.Unrouted, "pass", "refuse") == 1
	p.namedTools = p.namedTools[:0]
	for _, r := range c.Tools.Rules {
		if !strings.ContainsAny(r.Name, "*?:/") {
			p.namedTools = append(p.namedTools, r.Name)
		}
	}
	p.hostRefuse = make([]bool, len(c.Filter.Hosts))
	for i, h := range c.Filter.Hosts {
		p.hostRefuse[i] = p.refuseUnrouted
		if h.Unrouted != "" {
			p.hostRefuse[i] = pick(fmt.Sprintf("filter.hosts[%d].unrouted", i), h.Unrouted, "pass", "refuse") == 1
		}
	}
	return errors.Join(errs...)
}

// Compile validates the semantics of a Config (regexps, hosts, rule
// consistency) and builds the Policy, with the shipped detection model.
func Compile(c Config) (*Policy, error) {
	m, err := inject.DefaultModel()
	if err != nil {
		return nil, err
	}
	return CompileWithModel(c, m)
}

// CompileWithModel is Compile with a given detection model (nil: rules
// only). Training and leave-one-out evaluation use it.
func CompileWithModel(c Config, m *inject.Model) (*Policy, error) {
	c = c.Clone()
	p := &Policy{cfg: c}
	var errs []error
	if err := p.compileModes(&c); err != nil {
		errs = append(errs, err)
	}
	if g, err := toolgate.Compile(c.Tools, c.SandboxRunner); err != nil {
		errs = append(errs, err)
	} else {
		p.toolsGateway = g
	}
	phrases := make([]inject.Phrase, len(c.Injection.Phrases))
	for i, ph := range c.Injection.Phrases {
		phrases[i] = inject.Phrase{ID: ph.ID, Text: ph.Text, Weight: ph.Weight}
	}
	det, err := inject.Compile(phrases, m)
	if err != nil {
		errs = append(errs, err)
	}
	p.detector = det
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return p, nil
}

// Load parses and compiles a policy document.
func Load(data []byte) (*Policy, error) {
	c, err := ParseConfig(data)
	if err != nil {
		return nil, err
	}
	return Compile(c)
}

// Config returns a deep copy of the configuration the policy was compiled
// from: changing it changes nothing in p, and compiling it again gives a
// policy that decides as p does. To read a setting, use the accessors.
func (p *Policy) Config() Config { return p.cfg.Clone() }

// MaxBodyBytes is max_body_bytes: the largest body the filter buffers.
func (p *Policy) MaxBodyBytes() int { return p.cfg.MaxBodyBytes }

// MaxDepth is max_depth: the deepest JSON nesting inspected.
func (p *Policy) MaxDepth() int { return p.cfg.MaxDepth }

// Runner is a copy of sandbox_runner, or false when it is not configured.
func (p *Policy) Runner() (config.RunnerConfig, bool) {
	if p.cfg.SandboxRunner == nil {
		return config.RunnerConfig{}, false
	}
	return *p.cfg.SandboxRunner, true
}

// Evidence is a copy of evidence (evidence capture), or false when it is
// off.
func (p *Policy) Evidence() (config.EvidenceConfig, bool) {
	if p.cfg.Evidence == nil {
		return config.EvidenceConfig{}, false
	}
	return *p.cfg.Evidence, true
}

// ApprovalTimeoutMS is approval.timeout_ms.
func (p *Policy) ApprovalTimeoutMS() int { return p.cfg.Approval.TimeoutMS }

// StripAcceptEncoding is filter.strip_accept_encoding.
func (p *Policy) StripAcceptEncoding() bool { return p.cfg.Filter.StripAcceptEncoding }

// FaultInjectionHeader is filter.fault_injection_header ("" when unset).
func (p *Policy) FaultInjectionHeader() string { return p.cfg.Filter.FaultInjectionHeader }

// Version is the operator's policy_version.
func (p *Policy) Version() string { return p.cfg.PolicyVersion }

// Hash is the SHA-256 of the canonical policy document.
func (p *Policy) Hash() string { return p.cfg.Hash }

// Monitor reports whether the policy only observes.
func (p *Policy) Monitor() bool { return p.monitor }

// DefaultPolicyJSON is the policy used when none is given: detection on
// untrusted text, every tool refused until the operator lists it.
const DefaultPolicyJSON = `{
  "policy_version": "default",
  "mode": "enforce",
  "on_error": "block",
  "injection": {"threshold": 0.7, "action": "remove"},
  "tools": {"default": "deny"}
}`

// DefaultPolicy compiles DefaultPolicyJSON.
func DefaultPolicy() (*Policy, error) { return Load([]byte(DefaultPolicyJSON)) }

// ToolNames lists the tool names the policy names exactly (not globs): the
// bounded set metrics may use as label values.
func (p *Policy) ToolNames() []string { return p.toolsGateway.ToolNames() }
