//go:build aisecops_fault

package plugin

import (
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

// faultHookBuilt is true only in the test build (make build writes it as
// aisecops-fault.wasm): a request carrying filter.fault_injection_header
// with value "panic" makes the filter panic, to test that failures apply
// on_error. Never deploy this build.
const faultHookBuilt = true

func checkFaultHook(p *rules.Policy) error {
	if h := p.FaultInjectionHeader(); h != "" {
		proxywasm.LogWarn("aisecops: test build: fault injection enabled by header " + quoteShort(h) + "; never deploy this build")
	}
	return nil
}
