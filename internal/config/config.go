// Package config reads the policy document: Config is what the operator
// wrote, with defaults applied, and ParseConfig checks every field with an
// error that names it. It is data only; rules compiles it into a Policy.
//
// Layer: policy input, below rules. It imports jsonx and wire (formats,
// paths, host names and pins, which it checks as the filter will read
// them), never inject, toolgate or rules, and never proxywasm, net/http, os
// or wazero.
package config

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/tidwall/gjson"
)

// Config is the policy document as written by the operator, with defaults
// applied. ParseConfig produces it; Compile turns it into a Policy.
type Config struct {
	PolicyVersion string
	Mode          string // enforce | monitor
	OnError       string // block | allow
	MaxBodyBytes  int
	MaxDepth      int
	Capture       string // none | excerpt | full
	Injection     InjectionConfig
	Tools         ToolsConfig
	SandboxRunner *RunnerConfig
	Evidence      *EvidenceConfig // nil: no evidence capture
	Approval      ApprovalConfig
	Filter        FilterConfig
	// Hash is the SHA-256 (hex) of the canonical form of the document.
	Hash string
}

// InjectionConfig steers the injection detectors.
type InjectionConfig struct {
	Threshold float64
	Action    string // remove | block | flag
	ScanUser  bool
	// Phrases are operator phrases added to the built-in families.
	Phrases []PhraseConfig
}

// PhraseConfig is one operator-defined phrase.
type PhraseConfig struct {
	ID     string
	Text   string
	Weight float64
}

// ToolsConfig is the tool gateway.
type ToolsConfig struct {
	Default string // allow | deny
	// OnDeniedCall says what a refused call in an LLM response does to the
	// response: block replaces it with an error, remove strips the call.
	OnDeniedCall string
	Rules        []ToolRuleConfig
}

// ToolRuleConfig is one entry of tools.rules.
type ToolRuleConfig struct {
	Name           string // exact name or glob (* and ?)
	Risk           string // normal | irreversible
	Action         string // allow | deny | sandbox | approve
	Args           []ArgConfig
	AdditionalArgs bool
	Sandbox        *SandboxConfig
}

// ArgConfig constrains one argument.
type ArgConfig struct {
	Name     string
	Type     string // string|number|integer|boolean|object|array|null, "" for any
	Required bool
	Enum     []string // canonical JSON of each allowed value
	Pattern  string
	MaxLen   int // 0: no limit
	Min, Max *float64
	URL      *URLConfig
	Path     *PathConfig
	Forbid   []string
	// Chars refuses control and invisible characters: "single_line"
	// refuses them all, "multi_line" lets LF, CR LF and tab through; ""
	// checks nothing.
	Chars string
	Email *EmailConfig
}

// EmailConfig makes an argument one plain e-mail address (addr-spec).
type EmailConfig struct {
	Domains []string // "example.com" exact, "*.example.com" subdomains; empty: any
}

// URLConfig constrains a URL argument.
type URLConfig struct {
	Hosts   []string // "example.com" exact, "*.example.com" subdomains
	Schemes []string // default http, https
	AllowIP bool
}

// PathConfig constrains a filesystem path argument.
type PathConfig struct {
	Prefixes      []string
	AllowRelative bool
}

// SandboxConfig says how a sandboxed tool runs.
type SandboxConfig struct {
	Tool      string
	TimeoutMS int
	MemoryMB  int
	// InputArg names the call argument given to the sandbox tool as its
	// program (stdin); default "code".
	InputArg string
}

// RunnerConfig locates the sandbox-runner.
type RunnerConfig struct {
	Cluster   string
	Authority string
	TimeoutMS int
	// SecretHeader and Secret authenticate the filter to the runner.
	SecretHeader string
	Secret       string
	// SendEvents posts every security event to the runner's durable,
	// hash-chained log (batched, asynchronous) besides the proxy log.
	SendEvents bool
}

// EvidenceConfig is evidence capture: whole exchanges (the recording
// format of internal/recording) sent to the sandbox-runner's capture
// endpoint, for forensic replay. Never to the proxy log.
type EvidenceConfig struct {
	// SampleAllowed is the fraction (0 to 1) of exchanges without any
	// security event that are captured too; every exchange with one is.
	SampleAllowed float64
	// MaxExchangeBytes bounds one capture; a larger exchange is sent
	// without its bodies, marked truncated (it cannot be replayed).
	MaxExchangeBytes int
	// MaxBytesPerSecond bounds what one filter VM sends; what is over it
	// is dropped and counted.
	MaxBytesPerSecond int
}

// FilterConfig holds the settings only the proxy filter uses.
type FilterConfig struct {
	// Routes say which request paths carry which format; first match
	// wins. Prefixes and suffixes are kept in lower case: paths are
	// matched case-insensitively.
	Routes []RouteConfig
	// Unrouted says what happens to a request no route matches: "pass"
	// (untouched, counted) or "refuse".
	Unrouted string
	// Hosts set, per authority, a format for every path or their own
	// Unrouted: under Istio each host has one catch-all route, so the
	// host, not the path, says what the traffic is.
	Hosts []HostConfig
	// StripAcceptEncoding removes accept-encoding from inspected requests
	// so upstream answers come back uncompressed and inspectable.
	StripAcceptEncoding bool
	// Taint escalates irreversible tool calls in a response to approve
	// when the request carried flagged untrusted text ("flagged"), any
	// untrusted text ("untrusted"), or never ("off").
	Taint string
	// PinMode: "learn" pins each MCP tool's description and schema hash on
	// first sight, "configured" only checks ToolPins, "off" disables.
	PinMode  string
	ToolPins map[string]string // "server/tool" -> sha256 hex
	// FaultInjectionHeader, when set, makes a request carrying this header
	// with value "panic" panic inside the filter: for testing that
	// failures apply on_error. Only the test build (-tags aisecops_fault)
	// has the hook; the production filter refuses to start with it set.
	FaultInjectionHeader string
}

// HostConfig is one entry of filter.hosts.
type HostConfig struct {
	Authority string      // lower-case host name, or "*.domain"; no port
	Format    wire.Format // FormatUnknown: use the routes
	Unrouted  string      // "" (filter.unrouted), "pass" or "refuse"
}

// RouteConfig maps requests to a format by path prefix or suffix.
type RouteConfig struct {
	PathPrefix string
	PathSuffix string
	Format     wire.Format
}

// defaultRoutes are used when filter.routes is not set. The prefixes come
// first: "/mcp/messages" is MCP, not Anthropic.
var defaultRoutes = []RouteConfig{
	{PathPrefix: "/mcp", Format: wire.FormatMCP},
	{PathPrefix: "/a2a", Format: wire.FormatA2A},
	{PathSuffix: "/chat/completions", Format: wire.FormatOpenAIChat},
	{PathSuffix: "/responses", Format: wire.FormatOpenAIResponses},
	{PathSuffix: "/messages", Format: wire.FormatAnthropic},
}

// DefaultRoutes returns a copy of the routes used when filter.routes is
// not set.
func DefaultRoutes() []RouteConfig { return slices.Clone(defaultRoutes) }

// ApprovalConfig bounds human approval.
type ApprovalConfig struct {
	TimeoutMS int
}

// Limits of the policy document itself.
const (
	maxPolicyBytes  = 1 << 20
	maxPatternLen   = 1024
	maxListLen      = 1024
	minBodyLimit    = 1 << 10
	maxBodyLimit    = 64 << 20
	maxDepthLimit   = 512
	defaultBodySize = 4 << 20
)

// ParseConfig parses a policy document strictly: unknown keys, wrong types
// and out-of-range values are errors naming their JSON path. All errors are
// reported, joined, in document order.
func ParseConfig(data []byte) (Config, error) {
	if len(data) > maxPolicyBytes {
		return Config{}, fmt.Errorf("policy: document is %d bytes, limit %d", len(data), maxPolicyBytes)
	}
	if err := jsonx.Check(data, 32); err != nil {
		return Config{}, fmt.Errorf("policy: %w", err)
	}
	c := Config{
		Mode: "enforce", OnError: "block", MaxBodyBytes: defaultBodySize, MaxDepth: jsonx.DefaultMaxDepth,
		Capture:   "excerpt",
		Injection: InjectionConfig{Threshold: 0.7, Action: "remove"},
		Tools:     ToolsConfig{Default: "deny", OnDeniedCall: "block"},
		Approval:  ApprovalConfig{TimeoutMS: 60000},
		Filter:    FilterConfig{Routes: DefaultRoutes(), Unrouted: "pass", StripAcceptEncoding: true, Taint: "flagged", PinMode: "learn"},
	}
	d := &decoder{}
	root := gjson.ParseBytes(data)
	d.object(root, "", func(key string, v gjson.Result, p string) bool {
		switch key {
		case "policy_version":
			c.PolicyVersion = d.ident(v, p, 64)
		case "mode":
			c.Mode = d.enum(v, p, "enforce", "monitor")
		case "on_error":
			c.OnError = d.enum(v, p, "block", "allow")
		case "max_body_bytes":
			c.MaxBodyBytes = d.intRange(v, p, minBodyLimit, maxBodyLimit)
		case "max_depth":
			c.MaxDepth = d.intRange(v, p, 2, maxDepthLimit)
		case "capture":
			c.Capture = d.enum(v, p, "none", "excerpt", "full")
		case "injection":
			d.injection(v, p, &c.Injection)
		case "tools":
			d.tools(v, p, &c.Tools)
		case "sandbox_runner":
			c.SandboxRunner = d.runner(v, p)
		case "evidence":
			c.Evidence = d.evidence(v, p)
		case "filter":
			d.filter(v, p, &c.Filter)
		case "approval":
			d.object(v, p, func(key string, v gjson.Result, p string) bool {
				if key == "timeout_ms" {
					c.Approval.TimeoutMS = d.intRange(v, p, 1000, 3600_000)
					return true
				}
				return false
			})
		default:
			return false
		}
		return true
	})
	if c.Evidence != nil && c.SandboxRunner == nil {
		d.errf("evidence", "needs sandbox_runner: captures are sent to the runner, never to the proxy log")
	}
	if c.PolicyVersion == "" && !root.Get("policy_version").Exists() {
		d.errf("policy_version", "required")
	}
	if len(d.errs) > 0 {
		return Config{}, errors.Join(d.errs...)
	}
	c.Hash = jsonx.SHA256Hex(jsonx.Canonical(data))
	return c, nil
}

func (d *decoder) injection(v gjson.Result, path string, ic *InjectionConfig) {
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "threshold":
			ic.Threshold = d.float(v, p, 0.01, 1)
		case "action":
			ic.Action = d.enum(v, p, "remove", "block", "flag")
		case "scan_user":
			ic.ScanUser = d.boolean(v, p)
		case "phrases":
			d.array(v, p, func(i int, v gjson.Result, p string) {
				var ph PhraseConfig
				ph.Weight = 1
				d.object(v, p, func(key string, v gjson.Result, p string) bool {
					switch key {
					case "id":
						ph.ID = d.ident(v, p, 64)
					case "text":
						ph.Text = d.str(v, p, 1, 200)
						if looksLikeTemplate(ph.Text) {
							d.errf(p, quote(ph.Text)+": groups, alternatives and quantifiers are not supported; an operator phrase is literal words (write each variant as a phrase of its own)")
						}
					case "weight":
						ph.Weight = d.float(v, p, 0.01, 1)
					default:
						return false
					}
					return true
				})
				for _, k := range [...]string{"id", "text"} {
					if v.IsObject() && !v.Get(k).Exists() {
						d.errf(join(p, k), "required")
					}
				}
				ic.Phrases = append(ic.Phrases, ph)
			})
		default:
			return false
		}
		return true
	})
}

// looksLikeTemplate reports whether an operator phrase uses the syntax of
// the built-in templates or of regular expressions, which the literal
// matcher would drop as punctuation: "send (all )?secrets" would quietly
// become "send all secrets". A lone bracket or bar stays allowed, for
// chat-template tokens such as "[INST]" and "<|im_start|>".
func looksLikeTemplate(s string) bool {
	if i := strings.IndexByte(s, '('); i >= 0 {
		if j := strings.IndexByte(s[i:], ')'); j > 0 && strings.ContainsAny(s[i:i+j], "| ") {
			return true
		}
	}
	for _, q := range []string{")?", "]?", ")*", "]*", ")+", ".*", ".+", "\\b"} {
		if strings.Contains(s, q) {
			return true
		}
	}
	return false
}

func (d *decoder) tools(v gjson.Result, path string, tc *ToolsConfig) {
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "default":
			tc.Default = d.enum(v, p, "allow", "deny")
		case "on_denied_call":
			tc.OnDeniedCall = d.enum(v, p, "block", "remove")
		case "rules":
			d.array(v, p, func(i int, v gjson.Result, p string) {
				tc.Rules = append(tc.Rules, d.toolRule(v, p))
			})
		default:
			return false
		}
		return true
	})
}

func (d *decoder) toolRule(v gjson.Result, path string) ToolRuleConfig {
	r := ToolRuleConfig{Risk: "normal", Action: "allow", AdditionalArgs: true}
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "name":
			r.Name = d.str(v, p, 1, 128)
		case "risk":
			r.Risk = d.enum(v, p, "normal", "irreversible")
		case "action":
			r.Action = d.enum(v, p, "allow", "deny", "sandbox", "approve")
		case "additional_args":
			r.AdditionalArgs = d.boolean(v, p)
		case "args":
			d.object(v, p, func(name string, v gjson.Result, p string) bool {
				r.Args = append(r.Args, d.arg(name, v, p))
				return true
			})
		case "sandbox":
			s := SandboxConfig{TimeoutMS: 2000, MemoryMB: 64, InputArg: "code"}
			d.object(v, p, func(key string, v gjson.Result, p string) bool {
				switch key {
				case "tool":
					s.Tool = d.ident(v, p, 64)
				case "timeout_ms":
					s.TimeoutMS = d.intRange(v, p, 10, 600_000)
				case "memory_mb":
					s.MemoryMB = d.intRange(v, p, 1, 4096)
				case "input_arg":
					s.InputArg = d.str(v, p, 1, 128)
				default:
					return false
				}
				return true
			})
			if v.IsObject() && !v.Get("tool").Exists() {
				d.errf(join(p, "tool"), "required")
			}
			r.Sandbox = &s
		default:
			return false
		}
		return true
	})
	if v.IsObject() && !v.Get("name").Exists() {
		d.errf(join(path, "name"), "required")
	}
	return r
}

func (d *decoder) arg(name string, v gjson.Result, path string) ArgConfig {
	a := ArgConfig{Name: name}
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "type":
			a.Type = d.enum(v, p, "string", "number", "integer", "boolean", "object", "array", "null")
		case "required":
			a.Required = d.boolean(v, p)
		case "enum":
			d.array(v, p, func(_ int, v gjson.Result, _ string) {
				a.Enum = append(a.Enum, string(jsonx.Canonical([]byte(v.Raw))))
			})
		case "pattern":
			a.Pattern = d.str(v, p, 1, maxPatternLen)
		case "max_len":
			a.MaxLen = d.intRange(v, p, 1, 1<<24)
		case "min":
			f := d.float(v, p, -math.MaxFloat64, math.MaxFloat64)
			a.Min = &f
		case "max":
			f := d.float(v, p, -math.MaxFloat64, math.MaxFloat64)
			a.Max = &f
		case "forbid":
			a.Forbid = d.strList(v, p)
		case "chars":
			a.Chars = d.enum(v, p, "single_line", "multi_line")
		case "email":
			e := &EmailConfig{}
			d.object(v, p, func(key string, v gjson.Result, p string) bool {
				if key != "domains" {
					return false
				}
				e.Domains = d.strList(v, p)
				return true
			})
			a.Email = e
		case "url":
			u := &URLConfig{}
			d.object(v, p, func(key string, v gjson.Result, p string) bool {
				switch key {
				case "hosts":
					u.Hosts = d.strList(v, p)
				case "schemes":
					u.Schemes = d.strList(v, p)
				case "allow_ip":
					u.AllowIP = d.boolean(v, p)
				default:
					return false
				}
				return true
			})
			a.URL = u
		case "path":
			pc := &PathConfig{}
			d.object(v, p, func(key string, v gjson.Result, p string) bool {
				switch key {
				case "prefixes":
					pc.Prefixes = d.strList(v, p)
				case "allow_relative":
					pc.AllowRelative = d.boolean(v, p)
				default:
					return false
				}
				return true
			})
			a.Path = pc
		default:
			return false
		}
		return true
	})
	if a.Min != nil && a.Max != nil && *a.Min > *a.Max {
		d.errf(path, fmt.Sprintf("min %v is greater than max %v", *a.Min, *a.Max))
	}
	return a
}

func (d *decoder) filter(v gjson.Result, path string, fc *FilterConfig) {
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "routes":
			fc.Routes = nil
			d.array(v, p, func(_ int, v gjson.Result, p string) {
				var r RouteConfig
				d.object(v, p, func(key string, v gjson.Result, kp string) bool {
					switch key {
					case "path_prefix":
						r.PathPrefix = d.routePath(v, kp, false)
					case "path_suffix":
						r.PathSuffix = d.routePath(v, kp, true)
					case "format":
						f, err := wire.ParseFormat(v.String())
						if err != nil || v.Type != gjson.String {
							d.errf(kp, "invalid value "+quote(v.String())+" (want openai_chat|openai_responses|anthropic_messages|mcp|a2a)")
						}
						r.Format = f
					default:
						return false
					}
					return true
				})
				if v.IsObject() {
					if (r.PathPrefix == "") == (r.PathSuffix == "") {
						d.errf(p, "set exactly one of path_prefix and path_suffix")
					}
					if !v.Get("format").Exists() {
						d.errf(join(p, "format"), "required")
					}
				}
				fc.Routes = append(fc.Routes, r)
			})
		case "unrouted":
			fc.Unrouted = d.enum(v, p, "pass", "refuse")
		case "hosts":
			d.array(v, p, func(_ int, v gjson.Result, p string) {
				fc.Hosts = append(fc.Hosts, d.host(v, p))
			})
		case "strip_accept_encoding":
			fc.StripAcceptEncoding = d.boolean(v, p)
		case "taint":
			fc.Taint = d.enum(v, p, "flagged", "untrusted", "off")
		case "pin_mode":
			fc.PinMode = d.enum(v, p, "learn", "configured", "off")
		case "tool_pins":
			fc.ToolPins = map[string]string{}
			d.object(v, p, func(key string, v gjson.Result, kp string) bool {
				h := d.str(v, kp, 1, 128)
				if err := wire.CheckToolPin(h); h != "" && err != nil {
					d.errf(kp, err.Error())
				}
				i := strings.LastIndexByte(key, '/')
				if i <= 0 {
					d.errf(kp, "key must be \"server/tool\"")
				} else if server, want := key[:i], wire.PinServerOf(key[:i]); server != want {
					// A key the filter never builds would never match:
					// the check would silently not happen.
					d.errf(kp, "server "+strconv.Quote(server)+" is not how the filter names it; write "+strconv.Quote(want))
				}
				fc.ToolPins[key] = strings.ToLower(h)
				return true
			})
		case "fault_injection_header":
			fc.FaultInjectionHeader = strings.ToLower(d.ident(v, p, 64))
		default:
			return false
		}
		return true
	})
}

// routePath reads a route's path_prefix or path_suffix: a path as the
// filter reads requests (wire.ReadPath), so that it can match at all.
func (d *decoder) routePath(v gjson.Result, path string, suffix bool) string {
	s := d.str(v, path, 1, 512)
	if s == "" {
		return ""
	}
	read, why := wire.ReadPath(s, false)
	switch {
	case s[0] != '/':
		d.errf(path, "invalid value "+quote(s)+": must start with '/'")
	case why != "" || strings.ContainsAny(s, "?#%;") || read != strings.ToLower(s):
		d.errf(path, "invalid value "+quote(s)+": must be a plain path (no '//', dot segments, '%', ';', '?', '#', '\\' or control characters)")
	case suffix && (s == "/" || strings.HasSuffix(s, "/")):
		d.errf(path, "invalid value "+quote(s)+": must not end with '/' (a suffix also matches followed by '/' and further segments)")
	}
	return strings.ToLower(s)
}

func (d *decoder) host(v gjson.Result, path string) HostConfig {
	var h HostConfig
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "authority":
			a := d.str(v, p, 1, 255)
			h.Authority = strings.ToLower(a)
			name := strings.TrimPrefix(h.Authority, "*.")
			if err := wire.CheckHostname(name); err != nil && a != "" {
				d.errf(p, "invalid value "+quote(a)+": "+err.Error()+" (want a host name without port, or \"*.domain\")")
			}
		case "format":
			f, err := wire.ParseFormat(v.String())
			if err != nil || v.Type != gjson.String {
				d.errf(p, "invalid value "+quote(v.String())+" (want openai_chat|openai_responses|anthropic_messages|mcp|a2a)")
			}
			h.Format = f
		case "unrouted":
			h.Unrouted = d.enum(v, p, "pass", "refuse")
		default:
			return false
		}
		return true
	})
	if v.IsObject() {
		if !v.Get("authority").Exists() {
			d.errf(join(path, "authority"), "required")
		}
		if v.Get("format").Exists() && v.Get("unrouted").Exists() {
			d.errf(path, "set format or unrouted, not both (with a format every path of the host is inspected)")
		}
	}
	return h
}

func (d *decoder) runner(v gjson.Result, path string) *RunnerConfig {
	r := &RunnerConfig{TimeoutMS: 3000, SecretHeader: "x-aisecops-secret"}
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "cluster":
			r.Cluster = d.str(v, p, 1, 256)
		case "authority":
			r.Authority = d.str(v, p, 1, 256)
		case "timeout_ms":
			r.TimeoutMS = d.intRange(v, p, 10, 600_000)
		case "secret_header":
			r.SecretHeader = d.ident(v, p, 64)
		case "secret":
			r.Secret = d.str(v, p, 16, 256)
		case "send_events":
			r.SendEvents = d.boolean(v, p)
		default:
			return false
		}
		return true
	})
	if v.IsObject() && !v.Get("cluster").Exists() {
		d.errf(join(path, "cluster"), "required")
	}
	if r.Authority == "" {
		r.Authority = r.Cluster
	}
	return r
}

func (d *decoder) evidence(v gjson.Result, path string) *EvidenceConfig {
	e := &EvidenceConfig{MaxExchangeBytes: 1 << 20, MaxBytesPerSecond: 1 << 20}
	d.object(v, path, func(key string, v gjson.Result, p string) bool {
		switch key {
		case "sample_allowed":
			e.SampleAllowed = d.float(v, p, 0, 1)
		case "max_exchange_bytes":
			e.MaxExchangeBytes = d.intRange(v, p, 1<<10, 16<<20)
		case "max_bytes_per_second":
			e.MaxBytesPerSecond = d.intRange(v, p, 1<<10, 64<<20)
		default:
			return false
		}
		return true
	})
	if e.MaxBytesPerSecond < e.MaxExchangeBytes {
		d.errf(join(path, "max_bytes_per_second"), fmt.Sprintf("%d is below max_exchange_bytes (%d): an exchange of the largest size could never be sent", e.MaxBytesPerSecond, e.MaxExchangeBytes))
	}
	return e
}

// decoder collects path-named errors while reading a document.
type decoder struct{ errs []error }

func (d *decoder) errf(path, msg string) {
	if path == "" {
		path = "$"
	}
	d.errs = append(d.errs, errors.New(path+": "+msg))
}

func (d *decoder) typeErr(v gjson.Result, path, want string) {
	got := wire.JSONTypeName(v)
	if v.Type == gjson.String || v.Type == gjson.Number {
		got += " " + quote(v.Raw)
	}
	d.errf(path, "expected "+want+", got "+got)
}

// object calls fn for each key of v in document order; fn returns false for
// an unknown key.
func (d *decoder) object(v gjson.Result, path string, fn func(key string, v gjson.Result, p string) bool) {
	if !v.IsObject() {
		d.typeErr(v, path, "object")
		return
	}
	v.ForEach(func(k, val gjson.Result) bool {
		p := join(path, pathKey(k.String()))
		if !fn(k.String(), val, p) {
			d.errf(p, "unknown field")
		}
		return true
	})
}

// pathKey writes an object key into an error path: as it is when it is
// made of name characters ("tools", "srv/fs/read_file", "*.example.com"),
// quoted otherwise, so that a key with a space, a colon or a line break
// cannot make an error line read as another path or another error.
func pathKey(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_-./*@", c) >= 0) {
			return quote(k)
		}
	}
	return k
}

func (d *decoder) array(v gjson.Result, path string, fn func(i int, v gjson.Result, p string)) {
	if !v.IsArray() {
		d.typeErr(v, path, "array")
		return
	}
	i := 0
	v.ForEach(func(_, e gjson.Result) bool {
		if i >= maxListLen {
			d.errf(path, "more than "+strconv.Itoa(maxListLen)+" entries")
			return false
		}
		fn(i, e, path+"["+strconv.Itoa(i)+"]")
		i++
		return true
	})
}

func (d *decoder) str(v gjson.Result, path string, minLen, maxLen int) string {
	if v.Type != gjson.String {
		d.typeErr(v, path, "string")
		return ""
	}
	if len(v.Str) < minLen || len(v.Str) > maxLen {
		d.errf(path, fmt.Sprintf("length %d out of range [%d, %d]", len(v.Str), minLen, maxLen))
	}
	return v.Str
}

// ident reads a short identifier: letters, digits, '.', '_', '-', ':'.
func (d *decoder) ident(v gjson.Result, path string, maxLen int) string {
	s := d.str(v, path, 1, maxLen)
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == ':') {
			d.errf(path, "invalid value "+quote(s)+": use letters, digits, '.', '_', '-', ':'")
			break
		}
	}
	return s
}

func (d *decoder) enum(v gjson.Result, path string, allowed ...string) string {
	if v.Type != gjson.String {
		d.typeErr(v, path, "string")
		return allowed[0]
	}
	for _, a := range allowed {
		if v.Str == a {
			return a
		}
	}
	want := ""
	for i, a := range allowed {
		if i > 0 {
			want += "|"
		}
		want += a
	}
	d.errf(path, "invalid value "+quote(v.Str)+" (want "+want+")")
	return allowed[0]
}

func (d *decoder) boolean(v gjson.Result, path string) bool {
	if v.Type != gjson.True && v.Type != gjson.False {
		d.typeErr(v, path, "boolean")
		return false
	}
	return v.Type == gjson.True
}

func (d *decoder) float(v gjson.Result, path string, lo, hi float64) float64 {
	if v.Type != gjson.Number {
		d.typeErr(v, path, "number")
		return 0
	}
	f := v.Num
	if math.IsInf(f, 0) || math.IsNaN(f) || f < lo || f > hi {
		d.errf(path, fmt.Sprintf("value %s out of range [%g, %g]", v.Raw, lo, hi))
	}
	return f
}

func (d *decoder) intRange(v gjson.Result, path string, lo, hi int) int {
	if v.Type != gjson.Number {
		d.typeErr(v, path, "integer")
		return lo
	}
	n, err := strconv.ParseInt(v.Raw, 10, 64)
	if err != nil {
		// Istio hands pluginConfig over as a protobuf Struct, whose numbers
		// are doubles: 4194304 may arrive as 4.194304e+06. Accept any
		// integral value.
		if f := v.Num; f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			n, err = int64(f), nil
		}
	}
	if err != nil {
		d.errf(path, "invalid value "+quote(v.Raw)+": expected an integer")
		return lo
	}
	if n < int64(lo) || n > int64(hi) {
		d.errf(path, fmt.Sprintf("value %d out of range [%d, %d]", n, lo, hi))
		return lo
	}
	return int(n)
}

func (d *decoder) strList(v gjson.Result, path string) []string {
	var out []string
	d.array(v, path, func(_ int, e gjson.Result, p string) {
		out = append(out, d.str(e, p, 1, 512))
	})
	return out
}

// Clone returns a copy of c that shares no slice, map or pointer with it.
func (c Config) Clone() Config {
	c.Injection.Phrases = slices.Clone(c.Injection.Phrases)
	c.Tools.Rules = slices.Clone(c.Tools.Rules)
	for i := range c.Tools.Rules {
		r := &c.Tools.Rules[i]
		r.Args = slices.Clone(r.Args)
		for j := range r.Args {
			a := &r.Args[j]
			a.Enum = slices.Clone(a.Enum)
			a.Forbid = slices.Clone(a.Forbid)
			a.Min, a.Max = clonePtr(a.Min), clonePtr(a.Max)
			if a.URL != nil {
				u := *a.URL
				u.Hosts, u.Schemes = slices.Clone(u.Hosts), slices.Clone(u.Schemes)
				a.URL = &u
			}
			if a.Path != nil {
				pc := *a.Path
				pc.Prefixes = slices.Clone(pc.Prefixes)
				a.Path = &pc
			}
			if a.Email != nil {
				e := *a.Email
				e.Domains = slices.Clone(e.Domains)
				a.Email = &e
			}
		}
		r.Sandbox = clonePtr(r.Sandbox)
	}
	c.SandboxRunner = clonePtr(c.SandboxRunner)
	c.Evidence = clonePtr(c.Evidence)
	c.Filter.Routes = slices.Clone(c.Filter.Routes)
	c.Filter.Hosts = slices.Clone(c.Filter.Hosts)
	c.Filter.ToolPins = maps.Clone(c.Filter.ToolPins)
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// join joins a path and a key with a dot.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// quote quotes s for an error message, bounded to 64 bytes.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}
