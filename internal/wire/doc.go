// Package wire is the engine's second layer: the APIs as bytes on the wire.
// It holds the payload types (Format, Direction, Trust, Segment, ToolCall,
// ToolDecl, RPCMessage, Payload), the per-API adapters that extract them
// from a body (OpenAI Chat Completions and Responses, Anthropic Messages,
// MCP and A2A JSON-RPC), the reassembly of LLM streams, the strict
// server-sent-events reader, the reading of a response's media type, and
// the check of MCP's Mcp-* request headers against the body.
//
// It says what a body contains, never whether that is allowed: detection,
// policy and the tool gateway live above it (in rules and its layers). It
// names built-in tools (BuiltinPrefix, BuiltinMCPName) but does not know
// which of them a policy lets run. It imports internal/jsonx and nothing
// else of this module (internal/boundary TestLayersImportOnlyTheLayersBelow), nor any host, OS or network
// package: it runs the same natively and inside the compiled filter.
package wire
