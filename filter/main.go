// Command filter is the AISecOps proxy-wasm HTTP filter. Build it with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o build/aisecops.wasm ./filter
//
// main only registers the VM context; everything else is in
// filter/internal/plugin.
package main

import (
	"runtime/debug"

	"github.com/aisecops/aisecops/filter/internal/plugin"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

func main() {}

// gcPercent is the collector's GOGC in the VM. In Wasm the collector
// marks only while a callback runs, so a cycle spans many callbacks and
// what they allocate meanwhile counts as live: at the default 100 the
// heap goal ratchets up for the first ~150,000 events of a stream (about
// 11 MiB of linear memory, which Wasm never gives back). 50 kept it flat
// until the detector's tables grew to some 20 MiB of the live heap; with
// them, 50 ratcheted again up to 80,000 events, and 25 is flat from the
// start (docs/RATIONALE.md).
const gcPercent = 25

func init() {
	debug.SetGCPercent(gcPercent)
	proxywasm.SetVMContext(plugin.NewVMContext())
}
