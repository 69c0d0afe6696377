//go:build !aisecops_fault

package plugin

import (
	"errors"

	"github.com/aisecops/aisecops/rules"
)

// faultHookBuilt is false in the production build: no request header can
// make it panic, so no caller can force the on_error path.
const faultHookBuilt = false

// checkFaultHook refuses a policy that asks for the hook this build does
// not have, rather than starting without what the operator configured.
func checkFaultHook(p *rules.Policy) error {
	if h := p.FaultInjectionHeader(); h != "" {
		return errors.New("filter.fault_injection_header " + quoteShort(h) + ": this is the production build, which has no fault-injection hook " +
			"(a caller could use it to force the on_error path); remove the setting, or load the test build made with -tags aisecops_fault (build/aisecops-fault.wasm)")
	}
	return nil
}
