package plugin

import (
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
	status, msg := 400, "Request refused by AISecOps: the request path could be read two ways ("+r.Detail+")."
	switch r.Refuse {
	case "unrouted":
		status, msg = 404, "Request refused by AISecOps: this host is inspected whole and no adapter knows this path."
	case "upgrade":
		status, msg = 403, "Request refused by AISecOps: an upgraded stream on an inspected route cannot be inspected."
	}
	// The HTTP status even on MCP and A2A routes: no JSON-RPC request was
	// read, so there is no exchange for a JSON-RPC error to travel in.
	ref := h.p.policy.Refuse(h.format, status, r.Refuse, msg, nil)
	hdrs := [][2]string{{"content-type", ref.ContentType}, {"x-aisecops-reason", r.Refuse}}
	if err := proxywasm.SendHttpResponse(uint32(status), hdrs, ref.Body, -1); err != nil {
		h.p.m.failure("host_error")
		proxywasm.LogError("aisecops: cannot send local response: " + err.Error())
	}
	return types.ActionPause
}
