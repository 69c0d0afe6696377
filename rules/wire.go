package rules

import (
	"strconv"

	"github.com/aisecops/aisecops/internal/wire"
	"github.com/tidwall/gjson"
)

// The wire layer (payload types, SSE, media types, the Mcp-* header checks)
// lives in internal/wire; these names keep the engine's API where callers
// find it.

// Format is the API a body speaks.
type Format = wire.Format

// The formats.
const (
	FormatUnknown         = wire.FormatUnknown
	FormatOpenAIChat      = wire.FormatOpenAIChat
	FormatOpenAIResponses = wire.FormatOpenAIResponses
	FormatAnthropic       = wire.FormatAnthropic
	FormatMCP             = wire.FormatMCP
	FormatA2A             = wire.FormatA2A
)

// ParseFormat maps a format name (as printed by String) to a Format.
func ParseFormat(s string) (Format, error) { return wire.ParseFormat(s) }

// Direction says whether a body travels toward the upstream or back.
type Direction = wire.Direction

// The directions.
const (
	Request  = wire.Request
	Response = wire.Response
)

// Trust is the trust class of a segment.
type Trust = wire.Trust

// The trust classes (see wire.Trust).
const (
	Trusted   = wire.Trusted
	User      = wire.User
	Untrusted = wire.Untrusted
)

// CallKind says what a ToolCall stands for.
type CallKind = wire.CallKind

// The call kinds (see wire.CallKind).
const (
	CallFunction    = wire.CallFunction
	CallBuiltin     = wire.CallBuiltin
	CallGrant       = wire.CallGrant
	CallClientGrant = wire.CallClientGrant
)

// Segment is one piece of text that may reach a model's context.
type Segment = wire.Segment

// ToolCall is a request to run a tool: in an LLM response, or an MCP
// tools/call.
type ToolCall = wire.ToolCall

// ToolDecl is a tool offered to a model: in an LLM request's tools list or
// an MCP tools/list result.
type ToolDecl = wire.ToolDecl

// RPCMessage is one JSON-RPC message of a (possibly batched) body.
type RPCMessage = wire.RPCMessage

// Payload is what an adapter extracted from one body.
type Payload = wire.Payload

// BodyKind is how a client reads a response body.
type BodyKind = wire.BodyKind

// The body kinds (see wire.BodyKind).
const (
	BodyJSON = wire.BodyJSON
	BodySSE  = wire.BodySSE
)

// ErrAmbiguousMediaType is wrapped by ReadContentType's errors.
var ErrAmbiguousMediaType = wire.ErrAmbiguousMediaType

// ReadContentType decides from a response's Content-Type how clients read
// its body, and refuses a value that clients read two ways.
func ReadContentType(v string) (BodyKind, error) { return wire.ReadContentType(v) }

// SSEEvent is one server-sent event.
type SSEEvent = wire.SSEEvent

// SSEBlock is one block of an event stream: the bytes up to and including
// the blank line that ends it, and the event they make.
type SSEBlock = wire.SSEBlock

// SSEError says why a stream cannot be read one way only.
type SSEError = wire.SSEError

// SSELimitError says an event grew past the reader's bound.
type SSELimitError = wire.SSELimitError

// SSEReader reads an event stream chunk by chunk, refusing what clients
// read differently (see wire.SSEReader).
type SSEReader = wire.SSEReader

// ReadSSE reads a whole event stream strictly: its events in order, or the
// first reason it cannot be read one way only.
func ReadSSE(b []byte, max int) ([]SSEEvent, error) { return wire.ReadSSE(b, max) }

// ParseSSE reads a complete event stream and returns its events, up to the
// first framing error (ReadSSE says which).
func ParseSSE(b []byte) []SSEEvent { return wire.ParseSSE(b) }

// SSEPayload returns an event's data as the JSON text clients parse.
func SSEPayload(data string) (payload string, ok bool, err error) { return wire.SSEPayload(data) }

// AppendSSE writes an event; multi-line data becomes several data lines.
func AppendSSE(out []byte, e SSEEvent) []byte { return wire.AppendSSE(out, e) }

// ErrNoStreamResult says a stream carried nothing to assemble.
var ErrNoStreamResult = wire.ErrNoStreamResult

// ErrStreamConflict is wrapped by AssembleStream's error when a stream says
// two different things about one item.
var ErrStreamConflict = wire.ErrStreamConflict

// AssembleStream rebuilds the non-streamed response an LLM stream adds up
// to, so its tool calls are judged whole.
func AssembleStream(f Format, events []SSEEvent, maxDepth int) ([]byte, error) {
	return wire.AssembleStream(f, events, maxDepth)
}

// MCPHeaders keeps the request headers CheckMCPHeaders reads.
func MCPHeaders(all [][2]string) [][2]string { return wire.MCPHeaders(all) }

// CheckMCPHeaders refuses Mcp-* request headers that name what the body
// does not.
func CheckMCPHeaders(hdrs [][2]string, body []byte, pl *Payload) (reason, detail string) {
	return wire.CheckMCPHeaders(hdrs, body, pl)
}

func quoteShortBytes(b []byte) string { return wire.QuoteShort(b) }

// ErrUnknownFormat is returned (wrapped) when a body is valid JSON but is
// not one of the formats we read. It is reported as such, never guessed.
var ErrUnknownFormat = wire.ErrUnknownFormat

// ShapeError says that a body of a known format has a field of the wrong
// type or a missing required field.
type ShapeError = wire.ShapeError

// ExtractOptions steer Extract.
type ExtractOptions = wire.ExtractOptions

// Extract validates body strictly (see CheckJSON) and extracts its
// segments, tool calls and tool declarations. Errors are *JSONError,
// *ShapeError or wrap ErrUnknownFormat. The strings in the returned Payload
// may alias body: the caller must not modify body while it uses the
// Payload.
func Extract(body []byte, opt ExtractOptions) (*Payload, error) { return wire.Extract(body, opt) }

func jsonTypeName(v gjson.Result) string { return wire.JSONTypeName(v) }

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
