package rules

import (
	"errors"
	"fmt"
	"sort"
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
	cfg          Config
	exact        map[string]*toolRule
	globs        []*toolRule
	defaultAllow bool
	detector     *detector
}

// Compile validates the semantics of a Config (regexps, hosts, rule
// consistency) and builds the Policy, with the shipped detection model.
func Compile(c Config) (*Policy, error) {
	m, err := DefaultModel()
	if err != nil {
		return nil, err
	}
	return CompileWithModel(c, m)
}

// CompileWithModel is Compile with a given detection model (nil: rules
// only). Training and leave-one-out evaluation use it.
func CompileWithModel(c Config, m *Model) (*Policy, error) {
	p := &Policy{cfg: c, exact: map[string]*toolRule{}, defaultAllow: c.Tools.Default == "allow"}
	var errs []error
	needRunner := ""
	for i, rc := range c.Tools.Rules {
		r, err := compileToolRule(i, rc)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if (r.action == ActionSandbox || r.action == ActionApprove) && needRunner == "" {
			needRunner = r.id + ".action"
		}
		if isGlob(rc.Name) {
			p.globs = append(p.globs, r)
			continue
		}
		if prev, dup := p.exact[rc.Name]; dup {
			errs = append(errs, fmt.Errorf("%s.name: duplicate tool name %s (also %s)", r.id, quote(rc.Name), prev.id))
			continue
		}
		p.exact[rc.Name] = r
	}
	if needRunner != "" && c.SandboxRunner == nil {
		errs = append(errs, errors.New(needRunner+": sandbox and approve need sandbox_runner to be configured"))
	}
	det, err := compileDetector(c.Injection, m)
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

// Config returns the configuration the policy was compiled from.
func (p *Policy) Config() Config { return p.cfg }

// Version is the operator's policy_version.
func (p *Policy) Version() string { return p.cfg.PolicyVersion }

// Hash is the SHA-256 of the canonical policy document.
func (p *Policy) Hash() string { return p.cfg.Hash }

// Monitor reports whether the policy only observes.
func (p *Policy) Monitor() bool { return p.cfg.Mode == "monitor" }

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
func (p *Policy) ToolNames() []string {
	out := make([]string, 0, len(p.exact))
	for n := range p.exact {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// DetectionFamilies lists every family a finding can carry, except
// operator phrases ("operator"), which is included too: a bounded set for
// metric labels.
func DetectionFamilies() []string {
	set := map[string]bool{"operator": true, "model": true, "smuggling": true, "obfuscation": true,
		"hidden": true, "exfiltration": true, "structure": true}
	for _, f := range builtinFamilies {
		if f.weight > 0 {
			set[f.family] = true
		}
	}
	for _, c := range builtinCombos {
		set[familyOf(c.rule)] = true
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
