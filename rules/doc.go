// Package rules is the pure decision engine of AISecOps.
//
// It turns an HTTP body into a Payload (segments of text with their trust
// class, tool calls, tool declarations), evaluates it against a compiled
// Policy and returns a Verdict. It never touches the host: it imports no
// proxywasm, wazero, os or net package, so the same code runs natively (CLI,
// sandbox-runner, tests) and inside the proxy-wasm filter compiled to wasip1.
//
// Everything here is deterministic: the same policy and the same bytes give
// the same verdict.
package rules
