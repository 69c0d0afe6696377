package toolgate

import (
	"errors"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/tidwall/gjson"
)

// Action is what a tool rule says about a call. The verdict's action is
// rules': it maps these onto its own scale, where more follow.
type Action uint8

const (
	Allow Action = iota
	Sandbox
	Approve
	Deny
)

var actionNames = [...]string{"allow", "sandbox", "approve", "deny"}

func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "deny"
}

// Gate is the compiled tool gateway of one policy (tools.default and
// tools.rules). It is immutable and safe for concurrent use.
type Gate struct {
	exact        map[string]*toolRule
	globs        []*toolRule // in document order
	defaultAllow bool
}

// Compile builds the gateway from the policy document's tools section.
// runner is sandbox_runner (nil when not configured): sandbox and approve
// rules need it. tools.on_denied_call is not the gateway's: it says how a
// refused call is acted on, which rules decides. Every error names the
// field it is about; all of them are returned, joined.
func Compile(tc config.ToolsConfig, runner *config.RunnerConfig) (*Gate, error) {
	g := &Gate{exact: map[string]*toolRule{}}
	var errs []error
	switch tc.Default {
	case "deny":
	case "allow":
		g.defaultAllow = true
	default:
		errs = append(errs, errors.New("tools.default: invalid value "+quote(tc.Default)+" (want deny|allow)"))
	}
	needRunner := ""
	for i, rc := range tc.Rules {
		r, err := compileToolRule(i, rc)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if (r.action == Sandbox || r.action == Approve) && needRunner == "" {
			needRunner = r.id + ".action"
		}
		if isGlob(rc.Name) {
			g.globs = append(g.globs, r)
			continue
		}
		if prev, dup := g.exact[rc.Name]; dup {
			errs = append(errs, errors.New(r.id+".name: duplicate tool name "+quote(rc.Name)+" (also "+prev.id+")"))
			continue
		}
		g.exact[rc.Name] = r
	}
	if needRunner != "" && runner == nil {
		errs = append(errs, errors.New(needRunner+": sandbox and approve need sandbox_runner to be configured"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return g, nil
}

// ToolNames lists the tool names the policy names exactly (not globs): the
// bounded set metrics may use as label values.
func (g *Gate) ToolNames() []string {
	out := make([]string, 0, len(g.exact))
	for n := range g.exact {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

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
	sandbox        *config.SandboxConfig
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
	chars    string   // "", "single_line", "multi_line"
	email    *emailRule
}

func compileToolRule(i int, c config.ToolRuleConfig) (*toolRule, error) {
	id := "tools.rules[" + itoa(i) + "]"
	r := &toolRule{id: id, name: c.Name, irreversible: c.Risk == "irreversible",
		additionalArgs: c.AdditionalArgs, sandbox: c.Sandbox, argIndex: map[string]int{}}
	if strings.HasPrefix(c.Name, wire.BuiltinPrefix) {
		if err := checkBuiltinRuleName(id, c.Name); err != nil {
			return nil, err
		}
	}
	switch c.Action {
	case "allow":
		r.action = Allow
	case "deny":
		r.action = Deny
	case "sandbox":
		r.action = Sandbox
		if c.Sandbox == nil {
			return nil, errors.New(id + ".sandbox: required when action is \"sandbox\"")
		}
	case "approve":
		r.action = Approve
	default:
		// ParseConfig never gives one; a Config built in code must not
		// turn a typo into allow.
		return nil, errors.New(id + ".action: invalid value " + quote(c.Action) + " (want allow|deny|sandbox|approve)")
	}
	switch c.Risk {
	case "", "normal", "irreversible":
	default:
		return nil, errors.New(id + ".risk: invalid value " + quote(c.Risk) + " (want normal|irreversible)")
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
		if (a.Chars != "" || a.Email != nil) && a.Type != "" && a.Type != "string" {
			return nil, errors.New(ap + ".type: chars and email need type \"string\", got " + quote(a.Type))
		}
		ar.chars = a.Chars
		if a.Email != nil {
			e, err := compileEmailRule(a.Email, ap+".email")
			if err != nil {
				return nil, err
			}
			ar.email = e
		}
		r.argIndex[a.Name] = len(r.args)
		r.args = append(r.args, ar)
	}
	return r, nil
}

// CallDecision is the tool gateway's answer for one call.
type CallDecision struct {
	Action Action
	// Rule is the id of the deciding rule ("tools.rules[2]"), or
	// "tools.default" or "tools.name".
	Rule         string
	Irreversible bool
	// Reasons name arguments, never their values.
	Reasons []string
	// Sandbox is the matching rule's sandbox (only sandbox rules have
	// one); shared with the Gate, so read-only.
	Sandbox *config.SandboxConfig
}

// match finds the rule for a tool name: exact names first, then globs in
// document order. A built-in name is matched only by globs that start
// with builtin:, so that "*" for the agent's own functions does not hand
// out shells and patches.
func (g *Gate) match(name string) *toolRule {
	if r, ok := g.exact[name]; ok {
		return r
	}
	builtin := strings.HasPrefix(name, wire.BuiltinPrefix)
	for _, r := range g.globs {
		if builtin && !strings.HasPrefix(r.name, wire.BuiltinPrefix) {
			continue
		}
		if globMatch(r.name, name) {
			return r
		}
	}
	return nil
}

// ToolVisible says whether a tools/list response may show this tool: the
// same rules as at call time, on the name alone.
func (g *Gate) ToolVisible(name string) bool {
	if strings.HasPrefix(name, wire.BuiltinPrefix) {
		return false // every call of it would be refused (tools.name)
	}
	if r := g.match(name); r != nil {
		return r.action != Deny
	}
	return g.defaultAllow
}

// DecideCall applies the tool gateway to one call.
func (g *Gate) DecideCall(c wire.ToolCall) CallDecision {
	if !validToolName(c.Name) {
		return CallDecision{Action: Deny, Rule: "tools.name", Reasons: []string{"tool name is empty, over 128 bytes or has control characters"}}
	}
	if d, bad := decideBuiltinName(c); bad {
		return d
	}
	if c.Kind == wire.CallGrant || c.Kind == wire.CallClientGrant {
		return g.decideGrant(c)
	}
	r := g.match(c.Name)
	if r == nil {
		d := CallDecision{Action: Allow, Rule: "tools.default"}
		if !g.defaultAllow {
			d.Action, d.Reasons = Deny, []string{"tool " + quote(c.Name) + " is not allowed by policy"}
		} else if c.ArgsErr != nil {
			d.Action, d.Reasons = Deny, []string{"arguments: " + c.ArgsErr.Error()}
		}
		return d
	}
	d := CallDecision{Action: r.action, Rule: r.id, Irreversible: r.irreversible, Sandbox: r.sandbox}
	if r.action == Deny {
		d.Reasons = []string{"tool " + quote(c.Name) + " is denied by " + r.id}
		return d
	}
	if c.ArgsErr != nil {
		// Unreadable arguments cannot be checked: whatever the rule, refuse.
		d.Action = Deny
		d.Reasons = []string{"arguments: " + c.ArgsErr.Error()}
		return d
	}
	if reasons := r.checkArgs(c.Args); len(reasons) > 0 {
		d.Action = Deny
		d.Reasons = reasons
		return d
	}
	if (d.Action == Sandbox || d.Action == Approve) && providerRuns(c.Name) {
		// The provider has run it, or runs it on its own: the filter can
		// put nothing before it.
		d.Action = Deny
		d.Reasons = []string{"tool " + quote(c.Name) + " runs at the provider, where no " + r.action.String() + " can come before it"}
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
		return errors.New("expected " + a.typ + ", got " + wire.JSONTypeName(v))
	}
	if a.enum != nil && !a.enum[string(jsonx.Canonical([]byte(v.Raw)))] {
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
		return errors.New("expected number, got " + wire.JSONTypeName(v))
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
	needString := a.pattern != nil || a.url != nil || a.path_ != nil || len(a.forbid) > 0 || a.chars != "" || a.email != nil
	if !needString {
		return nil
	}
	if v.Type != gjson.String {
		return errors.New("expected string, got " + wire.JSONTypeName(v))
	}
	s := v.Str
	if a.chars != "" {
		if err := checkChars(s, a.chars == "multi_line"); err != nil {
			return err
		}
	}
	if a.email != nil {
		if err := a.email.check(s); err != nil {
			return err
		}
	}
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

// builtinTools lists the built-in tool names (after wire.BuiltinPrefix) and
// who runs them: true for the provider, false for the client. Remote MCP
// tools run by the provider are named builtin:mcp/<server>/<tool>.
var builtinTools = map[string]bool{
	"local_shell": false, "shell": false, "apply_patch": false, "computer": false,
	"web_search": true, "file_search": true, "code_interpreter": true, "image_generation": true,
	"tool_search": true, "programmatic_tool_calling": true,
	"web_fetch": true, "code_execution": true, "advisor": true,
}

const builtinMCP = wire.BuiltinPrefix + "mcp/"

// providerRuns reports whether a built-in name stands for a tool the
// provider runs: nothing can be put before it (no sandbox, no human).
func providerRuns(name string) bool {
	rest, ok := strings.CutPrefix(name, wire.BuiltinPrefix)
	if !ok {
		return false
	}
	if strings.HasPrefix(rest, "mcp/") {
		return true
	}
	return builtinTools[rest]
}

// checkBuiltinRuleName accepts exactly the known built-in names, the MCP
// form, and globs that can match one of them.
func checkBuiltinRuleName(id, name string) error {
	rest := strings.TrimPrefix(name, wire.BuiltinPrefix)
	if _, ok := builtinTools[rest]; ok {
		return nil
	}
	mcp, isMCP := strings.CutPrefix(rest, "mcp/")
	if server, tool, found := strings.Cut(mcp, "/"); isMCP && found && server != "" && tool != "" {
		return nil
	}
	if isGlob(name) {
		if globCanMatchPrefix(name, builtinMCP) {
			return nil
		}
		for k := range builtinTools {
			if globMatch(name, wire.BuiltinPrefix+k) {
				return nil
			}
		}
	}
	if isMCP {
		return errors.New(id + ".name: " + quote(name) + ": a remote MCP tool is named builtin:mcp/<server>/<tool>")
	}
	return errors.New(id + ".name: unknown built-in tool " + quote(name) + " (known: " + knownBuiltins() + ", builtin:mcp/<server>/<tool>)")
}

func knownBuiltins() string {
	names := make([]string, 0, len(builtinTools))
	for k := range builtinTools {
		names = append(names, wire.BuiltinPrefix+k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// globCanMatchPrefix reports whether some name that starts with prefix
// matches pattern: the pattern is run over the prefix as a set of
// positions; once the prefix is read, whatever is left of the pattern can
// always match some rest of the name.
func globCanMatchPrefix(pattern, prefix string) bool {
	cur := map[int]bool{0: true}
	closeStars := func(set map[int]bool) {
		for changed := true; changed; {
			changed = false
			for p := range set {
				if p < len(pattern) && pattern[p] == '*' && !set[p+1] {
					set[p+1] = true
					changed = true
				}
			}
		}
	}
	closeStars(cur)
	for i := 0; i < len(prefix) && len(cur) > 0; i++ {
		next := map[int]bool{}
		for p := range cur {
			switch {
			case p >= len(pattern):
			case pattern[p] == '*':
				next[p] = true
			case pattern[p] == '?' || pattern[p] == prefix[i]:
				next[p+1] = true
			}
		}
		closeStars(next)
		cur = next
	}
	return len(cur) > 0
}

// decideBuiltinName refuses a function that takes a built-in name, and a
// built-in item without one (a bug of an adapter, refused all the same).
func decideBuiltinName(c wire.ToolCall) (CallDecision, bool) {
	builtin := strings.HasPrefix(c.Name, wire.BuiltinPrefix)
	switch {
	case builtin && c.Kind == wire.CallFunction:
		return CallDecision{Action: Deny, Rule: "tools.name", Reasons: []string{"tool name " + quote(c.Name) +
			" is in the built-in namespace (" + wire.BuiltinPrefix + "), which no declared function can use"}}, true
	case !builtin && c.Kind != wire.CallFunction:
		return CallDecision{Action: Deny, Rule: "tools.name", Reasons: []string{"built-in tool " + quote(c.Name) + " has no " + wire.BuiltinPrefix + " name"}}, true
	}
	return CallDecision{}, false
}

// decideGrant judges a request offering a built-in tool. A tool the
// provider runs must be allowed outright: it runs before the gateway sees
// the call, so neither a sandbox nor a human can come first. A tool the
// client runs is offered unless its rule denies it.
func (g *Gate) decideGrant(c wire.ToolCall) CallDecision {
	r := g.match(c.Name)
	d := CallDecision{Action: Allow, Rule: "tools.default"}
	act := Deny
	if g.defaultAllow {
		act = Allow
	}
	if r != nil {
		d.Rule, d.Irreversible, act = r.id, r.irreversible, r.action
	}
	rest := strings.TrimPrefix(c.Name, wire.BuiltinPrefix)
	switch {
	case act == Deny:
		d.Action, d.Reasons = Deny, []string{c.Path + " grants " + c.Name + ", which " + denyWord(r) + " by policy"}
	case c.Kind == wire.CallClientGrant:
	case act != Allow:
		d.Action, d.Reasons = Deny, []string{c.Path + " grants " + c.Name + " to run at the provider, where no " +
			act.String() + " can come before it (" + d.Rule + " says " + act.String() + ")"}
	case strings.HasPrefix(rest, "mcp/") && strings.HasSuffix(rest, "/*"):
		// Every tool of the server: refuse when any rule could keep one
		// of its tools from running.
		if other := g.restrictsMCPServer(strings.TrimSuffix(c.Name, "*")); other != "" {
			d.Action, d.Reasons = Deny, []string{c.Path + " grants every tool of " + strings.TrimSuffix(c.Name, "/*") +
				" to run without approval, but " + other + " does not allow all of them"}
		}
	}
	return d
}

func denyWord(r *toolRule) string {
	if r == nil {
		return "is not allowed"
	}
	return "is denied by " + r.id
}

// restrictsMCPServer returns the id of a rule that could match a tool
// named prefix+<tool> and says anything but allow.
func (g *Gate) restrictsMCPServer(prefix string) string {
	for _, r := range g.globs {
		// As match: a glob outside the built-in namespace never names a
		// built-in tool.
		if r.action != Allow && strings.HasPrefix(r.name, wire.BuiltinPrefix) && globCanMatchPrefix(r.name, prefix) {
			return r.id
		}
	}
	ids := []string{}
	for n, r := range g.exact {
		if r.action != Allow && strings.HasPrefix(n, prefix) {
			ids = append(ids, r.id)
		}
	}
	slices.Sort(ids)
	if len(ids) > 0 {
		return ids[0]
	}
	return ""
}
