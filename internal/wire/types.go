package wire

import "fmt"

// Format is the API a body speaks.
type Format uint8

const (
	FormatUnknown Format = iota
	FormatOpenAIChat
	FormatOpenAIResponses
	FormatAnthropic
	FormatMCP
	FormatA2A
)

var formatNames = [...]string{"unknown", "openai_chat", "openai_responses", "anthropic_messages", "mcp", "a2a"}

func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "unknown"
}

// MarshalText lets formats appear by name in JSON verdicts and events.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// ParseFormat maps a format name (as printed by String) to a Format.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if i > 0 && n == s {
			return Format(i), nil
		}
	}
	return FormatUnknown, fmt.Errorf("unknown format %q (want openai_chat|openai_responses|anthropic_messages|mcp|a2a)", s)
}

// Direction says whether a body travels toward the upstream or back.
type Direction uint8

const (
	Request Direction = iota
	Response
)

func (d Direction) String() string {
	if d == Response {
		return "response"
	}
	return "request"
}

func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Trust is the trust class of a segment.
type Trust uint8

const (
	// Trusted text comes from the operator or the agent itself: system and
	// developer prompts, instructions, the model's own earlier turns.
	Trusted Trust = iota
	// User text was typed by the end user. It is its own class: scanned only
	// when the policy asks for it.
	User
	// Untrusted text was read from the world: tool results, function
	// outputs, retrieved documents, MCP results and resources, other agents.
	Untrusted
)

var trustNames = [...]string{"trusted", "user", "untrusted"}

func (t Trust) String() string {
	if int(t) < len(trustNames) {
		return trustNames[t]
	}
	return "untrusted"
}

func (t Trust) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Segment is one piece of text that may reach a model's context.
type Segment struct {
	Text  string `json:"-"`
	Path  string `json:"path"`
	Role  string `json:"role"`
	Kind  string `json:"kind"`
	Trust Trust  `json:"trust"`
	// CallID ties a tool result to the call that produced it; Tool names
	// that call's tool when the body says so.
	CallID string `json:"call_id,omitempty"`
	Tool   string `json:"tool,omitempty"`
	// Start and End are the byte offsets of the JSON string value that holds
	// Text (quotes included) in the body, so the filter can replace it in
	// place. Both are zero when the text is nested inside another string.
	Start int `json:"start"`
	End   int `json:"end"`
	// Mirror marks text that repeats another segment of the same result
	// (MCP structuredContent echoed as JSON text): scanned, counted once.
	Mirror bool `json:"mirror,omitempty"`
}

// ToolCall is a request to run a tool: in an LLM response, or an MCP
// tools/call.
type ToolCall struct {
	Name string `json:"name"`
	ID   string `json:"id,omitempty"`
	Path string `json:"path"`
	// Args is the arguments object as JSON (for OpenAI, the decoded
	// arguments string). ArgsErr says why it could not be read.
	Args    []byte `json:"-"`
	ArgsErr error  `json:"-"`
	// Start and End delimit the call object (or JSON-RPC message) in the
	// body, for stripping a refused call.
	Start int `json:"start"`
	End   int `json:"end"`
	// Kind tells a named function from a built-in item (builtin:...) and
	// from a request granting the provider a tool (see CallKind).
	Kind CallKind `json:"kind,omitempty"`
}

// ToolDecl is a tool offered to a model: in an LLM request's tools list or an
// MCP tools/list result.
type ToolDecl struct {
	Name        string `json:"name"`
	Description string `json:"-"`
	Path        string `json:"path"`
	// Schema is the raw input schema JSON (may be empty).
	Schema []byte `json:"-"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	// Def is the whole definition as the body has it (MCP tools/list):
	// what ToolPinHash pins. It aliases the body.
	Def string `json:"-"`
}

// RPCMessage is one JSON-RPC message of a (possibly batched) body.
type RPCMessage struct {
	// ID is the raw JSON of the id ("" for notifications).
	ID     string `json:"id,omitempty"`
	Method string `json:"method,omitempty"`
	// IsResponse is set for result and error messages.
	IsResponse bool   `json:"is_response,omitempty"`
	Path       string `json:"path"`
}

// Payload is what an adapter extracted from one body.
type Payload struct {
	Format    Format       `json:"format"`
	Direction Direction    `json:"direction"`
	Batch     bool         `json:"batch,omitempty"`
	Stream    bool         `json:"stream,omitempty"`
	RPC       []RPCMessage `json:"rpc,omitempty"`
	Segments  []Segment    `json:"segments"`
	Calls     []ToolCall   `json:"calls"`
	Tools     []ToolDecl   `json:"tools"`
	// Skipped lists paths of items the adapter saw but does not read (an
	// image, an unknown item type). The caller decides what that means.
	Skipped []string `json:"skipped,omitempty"`
}

// CallKind says what a ToolCall stands for.
type CallKind uint8

const (
	// CallFunction is a tool the body names: a function, a custom tool, an
	// MCP tools/call.
	CallFunction CallKind = iota
	// CallBuiltin is an item of the API's own that makes someone act: a
	// shell command, a patch, a computer action (the client acts), or a
	// web search, a code run, a remote MCP call (the provider acts).
	CallBuiltin
	// CallGrant is a request letting the provider run a tool on its own:
	// an entry of tools (web_search, code_interpreter, mcp...) or of
	// Anthropic's mcp_servers. It is judged by name, never by arguments.
	CallGrant
	// CallClientGrant is a request offering the model a built-in tool the
	// client runs (local_shell, apply_patch, computer): refused only when
	// denied, since each of its calls is judged when it comes back.
	CallClientGrant
)

var callKindNames = [...]string{"function", "builtin", "grant", "client_grant"}

func (k CallKind) String() string {
	if int(k) < len(callKindNames) {
		return callKindNames[k]
	}
	return "function"
}

func (k CallKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// BuiltinPrefix starts the names of built-in tools in policy: the items an
// API defines itself (a Responses local_shell_call, an Anthropic
// server_tool_use) rather than a function the agent declared. OpenAI
// function names and Anthropic tool names are limited to letters, digits,
// '_' and '-', so no declared function can take one of these names, and
// the gateway refuses any that tries.
const BuiltinPrefix = "builtin:"

// BuiltinMCPName names a remote MCP tool run by the provider:
// builtin:mcp/<server>/<tool>.
func BuiltinMCPName(server, tool string) string {
	return BuiltinPrefix + "mcp/" + server + "/" + tool
}
