// Package toolgate is the tool gateway: the engine's layer that decides
// whether one tool call may run, and how. It compiles the policy
// document's tools section (tools.default and tools.rules: exact names and
// globs, the built-in tool namespace, argument types, enums, ranges,
// patterns, forbidden substrings, character classes, e-mail addresses,
// URLs and filesystem paths) into a Gate, and answers per call
// (DecideCall) and per listed tool (ToolVisible).
//
// Layer: above internal/config (the policy document it compiles) and
// internal/wire (ToolCall, the built-in names, CheckHostname), and
// internal/jsonx (canonical JSON for enums). It never imports rules,
// inject, proxywasm, net/http, net/url, os or wazero
// (internal/boundary TestLayersImportOnlyTheLayersBelow): it runs the same
// natively and inside the compiled filter. Its own checks of URLs, paths
// and e-mail addresses are strict rather than an imitation of some
// parser; the only regexps are RE2, on argument values of at most 4096
// bytes.
//
// It answers in its own Action (allow, sandbox, approve, deny); how a
// refused call changes the verdict of a body (block, or remove under
// tools.on_denied_call) is decided by rules.
package toolgate
