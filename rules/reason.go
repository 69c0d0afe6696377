package rules

import "strings"

// Reason is the stable code that says why a verdict refused or flagged
// something, or why the filter could not inspect it. It is a string so
// that verdict JSON, events, refusal bodies, the x-aisecops-reason header
// and metric names carry the code unchanged.
type Reason string

// Every reason the engine, the filter or the CLI can produce. Each has one
// row in reasonTable; a test keeps the two in step.
const (
	// Context layer: untrusted text, and what the model's text would
	// load when rendered.
	ReasonInjection  Reason = "injection"
	ReasonExfilImage Reason = "exfil_image"

	// Tool gateway.
	ReasonToolDenied        Reason = "tool_denied"
	ReasonToolSandbox       Reason = "tool_sandbox"
	ReasonToolApprove       Reason = "tool_approve"
	ReasonToolsHidden       Reason = "tools_hidden"
	ReasonRugPull           Reason = "rug_pull"
	ReasonTainted           Reason = "tainted"
	ReasonApprovalRequired  Reason = "approval_required"
	ReasonApprovalDenied    Reason = "approval_denied"
	ReasonApprovalExpired   Reason = "approval_expired"
	ReasonApprovalNotUsable Reason = "approval_not_usable"

	// Protocol: what the client would read differs, or cannot be read.
	ReasonHeaderMismatch      Reason = "header_mismatch"
	ReasonBodyTooLarge        Reason = "body_too_large"
	ReasonUnsupportedEncoding Reason = "unsupported_encoding"
	ReasonDecodeError         Reason = "decode_error"
	ReasonInvalidJSON         Reason = "invalid_json"
	ReasonInvalidUTF8         Reason = "invalid_utf8"
	ReasonTooDeep             Reason = "too_deep"
	ReasonBadShape            Reason = "bad_shape"
	ReasonUnknownFormat       Reason = "unknown_format"
	ReasonAmbiguousJSON       Reason = "ambiguous_json"
	ReasonAmbiguousPath       Reason = "ambiguous_path"
	ReasonAmbiguousMediaType  Reason = "ambiguous_media_type"
	ReasonAmbiguousStream     Reason = "ambiguous_stream"
	ReasonImageLinkLimit      Reason = "image_link_limit"
	ReasonUnrouted            Reason = "unrouted"
	ReasonUpgrade             Reason = "upgrade"

	// The filter's own failures (on_error applies to these).
	ReasonPanic           Reason = "panic"
	ReasonRewriteError    Reason = "rewrite_error"
	ReasonHostError       Reason = "host_error"
	ReasonRunnerError     Reason = "runner_error"
	ReasonInternalError   Reason = "internal_error"
	ReasonEventDropped    Reason = "event_dropped"
	ReasonEventPostFailed Reason = "event_post_failed"
)

// How a reason is counted in the filter's metrics.
const (
	// metricError: aisecops_errors_total.kind.<reason> and
	// aisecops_detections_total.layer.protocol.rule.<reason>.
	metricError = 1 << iota
	// metricTool: aisecops_detections_total.layer.tool_gateway.rule.<reason>.
	metricTool
)

type reasonInfo struct {
	reason  Reason
	status  int    // HTTP status of a refusal (JSON-RPC refusals travel in a 200)
	layer   string // the layer that decides it
	metrics uint8  // metricError | metricTool
	message string // the human sentence of a refusal
}

// reasonTable is the one place a reason's status, message, layer and
// metrics are written. Its order is the order metrics are defined in.
var reasonTable = [...]reasonInfo{
	{ReasonInjection, 403, LayerContext, 0, "Refused by AISecOps: untrusted content carries a prompt injection."},
	{ReasonExfilImage, 403, LayerContext, 0, "Refused by AISecOps: the model's answer holds an image whose address would send data out when displayed."},

	{ReasonToolDenied, 403, LayerTool, metricTool, "Refused by AISecOps: a tool call is not allowed by policy."},
	{ReasonToolSandbox, 403, LayerTool, metricTool, "Refused by AISecOps: this tool must run in the sandbox, which is not available."},
	{ReasonToolApprove, 403, LayerTool, metricTool, "Refused by AISecOps: this tool call needs human approval, which was not given."},
	{ReasonToolsHidden, 403, LayerTool, metricTool, "Refused by AISecOps: tools hidden."},
	{ReasonRugPull, 403, LayerTool, metricTool, "Refused by AISecOps: rug pull."},
	{ReasonTainted, 403, LayerTool, metricTool, "Refused by AISecOps: tainted."},
	{ReasonApprovalRequired, 403, LayerTool, 0, "Refused by AISecOps: this tool call needs human approval, which was not given."},
	{ReasonApprovalDenied, 403, LayerTool, 0, "Refused by AISecOps: a human denied this tool call."},
	{ReasonApprovalExpired, 403, LayerTool, 0, "Refused by AISecOps: nobody approved this tool call in time."},
	{ReasonApprovalNotUsable, 403, LayerTool, 0, "Refused by AISecOps: the approval does not match this tool call or was already used."},

	{ReasonPanic, 403, LayerProtocol, metricError, "Refused by AISecOps: panic."},
	{ReasonBodyTooLarge, 413, LayerProtocol, metricError, "Refused by AISecOps: the body is larger than the inspection limit."},
	{ReasonUnsupportedEncoding, 415, LayerProtocol, metricError, "Refused by AISecOps: the body's content-encoding cannot be inspected."},
	{ReasonDecodeError, 400, LayerProtocol, metricError, "Refused by AISecOps: decode error."},
	{ReasonInvalidJSON, 400, LayerProtocol, metricError, "Refused by AISecOps: invalid json."},
	{ReasonInvalidUTF8, 400, LayerProtocol, metricError, "Refused by AISecOps: invalid utf8."},
	{ReasonTooDeep, 400, LayerProtocol, metricError, "Refused by AISecOps: too deep."},
	{ReasonBadShape, 400, LayerProtocol, metricError, "Refused by AISecOps: bad shape."},
	{ReasonUnknownFormat, 400, LayerProtocol, metricError, "Refused by AISecOps: unknown format."},
	{ReasonAmbiguousJSON, 400, LayerProtocol, metricError, "Request refused by AISecOps: the JSON body has duplicate keys and could be read two ways."},
	{ReasonRewriteError, 403, LayerProtocol, metricError, "Refused by AISecOps: rewrite error."},
	{ReasonHostError, 403, LayerProtocol, metricError, "Refused by AISecOps: host error."},
	{ReasonRunnerError, 502, LayerProtocol, metricError, "Refused by AISecOps: the sandbox-runner could not be reached."},
	// Counted among the tool gateway's detections too: the header names
	// the tool or method the body must agree with.
	{ReasonHeaderMismatch, 403, LayerProtocol, metricError | metricTool, "Refused by AISecOps: header mismatch."},
	{ReasonInternalError, 502, LayerProtocol, metricError, "Refused by AISecOps: the request could not be inspected."},
	// Refused on the request headers alone (refuseRoute): the status is the
	// HTTP one even on JSON-RPC routes, as no JSON-RPC request was read.
	{ReasonAmbiguousPath, 400, LayerProtocol, metricError, "Request refused by AISecOps: the request path could be read two ways."},
	{ReasonUnrouted, 404, LayerProtocol, metricError, "Request refused by AISecOps: this host is inspected whole and no adapter knows this path."},
	{ReasonUpgrade, 403, LayerProtocol, metricError, "Request refused by AISecOps: an upgraded stream on an inspected route cannot be inspected."},
	{ReasonEventDropped, 403, LayerProtocol, metricError, "Refused by AISecOps: event dropped."},
	{ReasonEventPostFailed, 403, LayerProtocol, metricError, "Refused by AISecOps: event post failed."},
	{ReasonAmbiguousMediaType, 502, LayerProtocol, metricError, "Refused by AISecOps: the upstream's content-type can be read two ways."},
	{ReasonAmbiguousStream, 502, LayerProtocol, metricError, "Refused by AISecOps: the upstream's event stream can be read two ways."},
	// An image link that does not close within the bound: a client would
	// render it once it does, so it is refused whatever on_error says.
	{ReasonImageLinkLimit, 403, LayerProtocol, metricError, "Refused by AISecOps: the model's answer holds an image link longer than the inspection limit."},
}

var reasonIndex = func() map[Reason]*reasonInfo {
	m := make(map[Reason]*reasonInfo, len(reasonTable))
	for i := range reasonTable {
		m[reasonTable[i].reason] = &reasonTable[i]
	}
	return m
}()

// Known reports whether r is in the reason table.
func (r Reason) Known() bool { return reasonIndex[r] != nil }

// Status is the HTTP status of a refusal for r (403 for a code not in the
// table).
func (r Reason) Status() int {
	if i := reasonIndex[r]; i != nil {
		return i.status
	}
	return 403
}

// Message is the human sentence of a refusal for r.
func (r Reason) Message() string {
	if i := reasonIndex[r]; i != nil {
		return i.message
	}
	return "Refused by AISecOps: " + strings.ReplaceAll(string(r), "_", " ") + "."
}

// Layer is the layer that decides r: LayerContext, LayerTool or
// LayerProtocol ("" for a code not in the table).
func (r Reason) Layer() string {
	if i := reasonIndex[r]; i != nil {
		return i.layer
	}
	return ""
}

// Reasons lists every reason in the table, in table order.
func Reasons() []Reason {
	out := make([]Reason, len(reasonTable))
	for i := range reasonTable {
		out[i] = reasonTable[i].reason
	}
	return out
}

// ErrorKinds lists the reasons the filter counts as errors (the kind label
// of aisecops_errors_total and the protocol rules of detections), in
// table order: a bounded set of metric label values.
func ErrorKinds() []Reason { return reasonsWith(metricError) }

// ToolReasons lists the reasons counted as tool gateway detections, in
// table order.
func ToolReasons() []Reason { return reasonsWith(metricTool) }

func reasonsWith(bit uint8) []Reason {
	var out []Reason
	for i := range reasonTable {
		if reasonTable[i].metrics&bit != 0 {
			out = append(out, reasonTable[i].reason)
		}
	}
	return out
}
