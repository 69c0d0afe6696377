// Package rules is AISecOps' decision engine: the API the filter, the CLI
// and the tests share.
//
// Load (or ParseConfig and Compile) turns a policy document into a Policy.
// Policy.NewExchange follows one HTTP exchange as it flows: the request
// body, the response headers, then the response body whole or chunk by
// chunk (events judged as they complete). Each step returns a Verdict:
// the action (allow, flag, remove, sandbox, approve, deny, block), a typed
// Reason, what was found per segment, tool call and tool declaration.
// Verdict.Apply makes the edits in place (removals, refused calls) and
// Policy.Refuse builds the protocol's own refusal; Policy.Events gives the
// structured events. Failure reports what cannot be judged the ordinary
// way; ambiguous readings are refused whatever on_error says.
//
// Layers: rules is the top of the engine, a facade over packages under
// internal/, each holding one layer and importing only the layers below
// it (internal/boundary checks this): internal/jsonx (strict JSON, tape,
// canonical form, edits), internal/wire (payload types, per-API adapters,
// SSE, media types, paths, pins), internal/config (the policy document),
// internal/inject (the injection detector; training is inject/train,
// linked by the CLI only) and internal/toolgate (tool rules, argument
// checks). Nothing in internal/ imports rules.
//
// It never touches the host: no proxywasm, wazero, os or net package, so the
// same code runs natively and inside the filter compiled to wasip1.
// Everything here is deterministic: the same policy and the same bytes give
// the same verdict.
package rules
