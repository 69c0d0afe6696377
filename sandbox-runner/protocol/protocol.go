// Package protocol holds the limits the sandbox-runner's API enforces and
// its callers (the filter) must check before they hand a call off: where
// the two sides disagree, a call the filter accepted would fail at the
// runner. It holds constants only, so the filter's Wasm build can import
// it.
package protocol

// MaxJSONDepth is the deepest nesting the runner accepts in a request
// body (rules.CheckJSON's count: the body's own object is level 1).
const MaxJSONDepth = 32

// MaxArgsDepth is the deepest a tool call's arguments may nest: approval
// and consume bodies carry them one level down ({"tool":..,"args":ARGS}).
const MaxArgsDepth = MaxJSONDepth - 1
