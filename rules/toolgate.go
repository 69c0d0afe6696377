package rules

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// maxPatternInput bounds the values a regexp constraint is applied to:
// patterns are for short argument values, never for payloads.
const maxPatternInput = 4096

// toolRule is one compiled tools.rules entry.
type toolRule struct {
	id             string // "tools.rules[2]"
	name           string
	action         Action
	irreversible   bool
	args           []argRule
	argIndex       map[string]int
	additionalArgs bool
	sandbox        *SandboxConfig
}

type argRule struct {
	name     string
	path     string
	typ      string
	required bool
	enum     map[string]bool
	pattern  *regexp.Regexp
	maxLen   int
	min, max *float64
	url      *urlRule
	path_    *pathRule
	forbid   []string // lower-cased
}

func compileToolRule(i int, c ToolRuleConfig) (*toolRule, error) {
	id := "tools.rules[" + itoa(i) + "]"
	r := &toolRule{id: id, name: c.Name, irreversible: c.Risk == "irreversible",
		additionalArgs: c.AdditionalArgs, sandbox: c.Sandbox, argIndex: map[string]int{}}
	switch c.Action {
	case "allow":
		r.action = ActionAllow
	case "deny":
		r.action = ActionDeny
	case "sandbox":
		r.action = ActionSandbox
		if c.Sandbox == nil {
			return nil, errors.New(id + ".sandbox: required when action is \"sandbox\"")
		}
	case "approve":
		r.action = ActionApprove
	}
	if c.Sandbox != nil && c.Action != "sandbox" {
		return nil, errors.New(id + ".sandbox: only valid with action \"sandbox\" (action is " + quote(c.Action) + ")")
	}
	for _, a := range c.Args {
		ap := id + ".args." + a.Name
		ar := argRule{name: a.Name, path: ap, typ: a.Type, required: a.Required, maxLen: a.MaxLen,
			min: a.Min, max: a.Max}
		if len(a.Enum) > 0 {
			ar.enum = map[string]bool{}
			for _, e := range a.Enum {
				ar.enum[e] = true
			}
		}
		if a.Pattern != "" {
			re, err := regexp.Compile(`^(?:` + a.Pattern + `)$`)
			if err != nil {
				return nil, errors.New(ap + ".pattern: invalid regex " + quote(a.Pattern) + ": " + err.Error())
			}
			ar.pattern = re
		}
		if a.URL != nil {
			u, err := compileURLRule(a.URL, ap+".url")
			if err != nil {
				return nil, err
			}
			ar.url = u
		}
		if a.Path != nil {
			p, err := compilePathRule(a.Path, ap+".path")
			if err != nil {
				return nil, err
			}
			ar.path_ = p
		}
		if (a.URL != nil || a.Path != nil || a.Pattern != "" || len(a.Forbid) > 0) && a.Type != "" && a.Type != "string" {
			return nil, errors.New(ap + ".type: pattern, url, path and forbid need type \"string\", got " + quote(a.Type))
		}
		for _, f := range a.Forbid {
			ar.forbid = append(ar.forbid, strings.ToLower(f))
		}
		r.argIndex[a.Name] = len(r.args)
		r.args = append(r.args, ar)
	}
	return r, nil
}

// CallDecision is the tool gateway's answer for one call.
type CallDecision struct {
	Action Action `json:"action"`
	// Rule is the id of the deciding rule ("tools.rules[2]") or
	// "tools.default".
	Rule         string         `json:"rule"`
	Irreversible bool           `json:"irreversible,omitempty"`
	Reasons      []string       `json:"reasons,omitempty"`
	Sandbox      *SandboxConfig `json:"sandbox,omitempty"`
}

// match finds the rule for a tool name: exact names first, then globs in
// document order.
func (p *Policy) match(name string) *toolRule {
	if r, ok := p.exact[name]; ok {
		return r
	}
	for _, r := range p.globs {
		if globMatch(r.name, name) {
			return r
		}
	}
	return nil
}

// ToolVisible says whether a tools/list response may show this tool: the
// same rules as at call time, on the name alone.
func (p *Policy) ToolVisible(name string) bool {
	if r := p.match(name); r != nil {
		return r.action != ActionDeny
	}
	return p.defaultAllow
}

// DecideCall applies the tool gateway to one call.
func (p *Policy) DecideCall(c ToolCall) CallDecision {
	if !validToolName(c.Name) {
		return CallDecision{Action: ActionDeny, Rule: "tools.name", Reasons: []string{"tool name is empty, over 128 bytes or has control characters"}}
	}
	r := p.match(c.Name)
	if r == nil {
		d := CallDecision{Action: ActionAllow, Rule: "tools.default"}
		if !p.defaultAllow {
			d.Action, d.Reasons = ActionDeny, []string{"tool " + quote(c.Name) + " is not allowed by policy"}
		} else if c.ArgsErr != nil {
			d.Action, d.Reasons = ActionDeny, []string{"arguments: " + c.ArgsErr.Error()}
		}
		return d
	}
	d := CallDecision{Action: r.action, Rule: r.id, Irreversible: r.irreversible, Sandbox: r.sandbox}
	if r.action == ActionDeny {
		d.Reasons = []string{"tool " + quote(c.Name) + " is denied by " + r.id}
		return d
	}
	if c.ArgsErr != nil {
		// Unreadable arguments cannot be checked: whatever the rule, refuse.
		d.Action = ActionDeny
		d.Reasons = []string{"arguments: " + c.ArgsErr.Error()}
		return d
	}
	if reasons := r.checkArgs(c.Args); len(reasons) > 0 {
		d.Action = ActionDeny
		d.Reasons = reasons
	}
	return d
}

func validToolName(n string) bool {
	if n == "" || len(n) > 128 || !utf8.ValidString(n) {
		return false
	}
	for _, r := range n {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// checkArgs returns one reason per violated constraint. Reasons name the
// argument, never its value (values may be personal data).
func (r *toolRule) checkArgs(args []byte) []string {
	var reasons []string
	obj := gjson.ParseBytes(args)
	seen := make([]bool, len(r.args))
	obj.ForEach(func(k, v gjson.Result) bool {
		name := k.String()
		i, ok := r.argIndex[name]
		if !ok {
			if !r.additionalArgs {
				reasons = append(reasons, "arg["+name+"]: not allowed (additional_args is false)")
			}
			return true
		}
		seen[i] = true
		if err := r.args[i].check(v); err != nil {
			reasons = append(reasons, "arg["+name+"]: "+err.Error())
		}
		return true
	})
	for i, a := range r.args {
		if a.required && !seen[i] {
			reasons = append(reasons, "arg["+a.name+"]: required")
		}
	}
	return reasons
}

func (a *argRule) check(v gjson.Result) error {
	if a.typ != "" && !hasType(v, a.typ) {
		return errors.New("expected " + a.typ + ", got " + jsonTypeName(v))
	}
	if a.enum != nil && !a.enum[string(CanonicalJSON([]byte(v.Raw)))] {
		return errors.New("value is not one of the allowed values")
	}
	if v.Type == gjson.Number {
		if a.min != nil && v.Num < *a.min {
			return errors.New("below the minimum")
		}
		if a.max != nil && v.Num > *a.max {
			return errors.New("above the maximum")
		}
	} else if a.min != nil || a.max != nil {
		return errors.New("expected number, got " + jsonTypeName(v))
	}
	if a.maxLen > 0 {
		n := 0
		switch {
		case v.Type == gjson.String:
			n = utf8.RuneCountInString(v.Str)
		case v.IsArray():
			v.ForEach(func(_, _ gjson.Result) bool { n++; return n <= a.maxLen })
		default:
			n = len(v.Raw)
		}
		if n > a.maxLen {
			return errors.New("longer than max_len " + itoa(a.maxLen))
		}
	}
	needString := a.pattern != nil || a.url != nil || a.path_ != nil || len(a.forbid) > 0
	if !needString {
		return nil
	}
	if v.Type != gjson.String {
		return errors.New("expected string, got " + jsonTypeName(v))
	}
	s := v.Str
	if a.pattern != nil {
		if len(s) > maxPatternInput {
			return errors.New("value too long for a pattern check (over 4096 bytes)")
		}
		if !a.pattern.MatchString(s) {
			return errors.New("does not match pattern")
		}
	}
	if len(a.forbid) > 0 {
		low := strings.ToLower(s)
		for _, f := range a.forbid {
			if strings.Contains(low, f) {
				return errors.New("contains a forbidden substring " + quote(f))
			}
		}
	}
	if a.url != nil {
		if err := a.url.check(s); err != nil {
			return err
		}
	}
	if a.path_ != nil {
		if err := a.path_.check(s); err != nil {
			return err
		}
	}
	return nil
}

func hasType(v gjson.Result, typ string) bool {
	switch typ {
	case "string":
		return v.Type == gjson.String
	case "number":
		return v.Type == gjson.Number
	case "integer":
		return v.Type == gjson.Number && v.Num == math.Trunc(v.Num) && !math.IsInf(v.Num, 0)
	case "boolean":
		return v.Type == gjson.True || v.Type == gjson.False
	case "null":
		return v.Type == gjson.Null
	case "object":
		return v.IsObject()
	case "array":
		return v.IsArray()
	}
	return true
}
