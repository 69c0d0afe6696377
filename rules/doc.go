// Package rules is the pure decision engine of AISecOps.
//
// It turns an HTTP body into a Payload (segments of text with their trust
// class, tool calls, tool declarations), evaluates it against a compiled
// Policy and returns a Verdict. It never touches the host: it imports no
// proxywasm, wazero, os or net package, so the same code runs natively (CLI,
// sandbox-runner, tests) and inside the proxy-wasm filter compiled to wasip1.
//
// Layers: rules is the top layer, the engine's API, and is becoming a
// facade over packages under internal/ that each hold one layer and may
// import only the layers below them. So far two are split out:
//   - internal/jsonx, the bottom layer (strict JSON checker, tape,
//     canonical JSON, byte-span edits), which imports nothing of this
//     module. Its names that callers use (CheckJSON, JSONError and its
//     kinds, CanonicalJSON, QuoteJSON, ArgsHash, Edit, ApplyEdits,
//     DefaultMaxDepth) stay here as aliases and one-line wrappers (json.go).
//   - internal/wire, above jsonx only: the payload types (Format,
//     Direction, Trust, Segment, ToolCall, CallKind, ToolDecl, RPCMessage,
//     Payload), the per-API adapters and Extract, stream assembly, the SSE
//     reader, ReadContentType and the Mcp-* header checks. Their names stay
//     here as aliases and wrappers too (wire.go). The built-in tool names'
//     form (BuiltinPrefix) is wire's; which built-ins exist and who runs
//     them is the tool gateway's (internal/toolgate; toolgate.go here).
//
// Nothing in internal/ may import rules.
//
// Everything here is deterministic: the same policy and the same bytes give
// the same verdict.
package rules
