package plugin

import (
	"strings"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// refuseRoute refuses a request on its headers alone: a path servers
// could read two ways, a path no adapter knows on a host inspected whole,
// an upgraded stream on an inspected route. These are not failures of the
// filter, so on_error does not apply; monitor mode counts, logs and passes.
func (h *httpContext) refuseRoute(r rules.RouteResult) types.Action {
	h.p.m.failure(r.Refuse)
	h.reportError(rules.Request, r.Refuse, r.Detail, rules.ActionBlock)
	if h.p.policy.Monitor() {
		h.p.m.pass("monitor")
		return types.ActionContinue
	}
	h.phase = phaseDone
	reason := rules.Reason(r.Refuse)
	status, msg := reason.Status(), reason.Message()
	if reason == rules.ReasonAmbiguousPath {
		// The detail names what makes the path ambiguous, never the path.
		msg = strings.TrimSuffix(msg, ".") + " (" + r.Detail + ")."
	}
	// The HTTP status even on MCP and A2A routes: no JSON-RPC request was
	// read, so there is no exchange for a JSON-RPC error to travel in.
	ref := h.p.policy.Refuse(h.format, status, r.Refuse, msg, nil)
	hdrs := [][2]string{{"content-type", ref.ContentType}, {"x-aisecops-reason", string(r.Refuse)}}
	if err := proxywasm.SendHttpResponse(uint32(status), hdrs, ref.Body, -1); err != nil {
		h.p.m.failure(rules.ReasonHostError)
		proxywasm.LogError("aisecops: cannot send local response: " + err.Error())
	}
	return types.ActionPause
}
