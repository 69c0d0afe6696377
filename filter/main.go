// Command filter is the AISecOps proxy-wasm HTTP filter. Build it with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o build/aisecops.wasm ./filter
//
// main only registers the VM context; everything else is in
// filter/internal/plugin.
package main

import (
	"github.com/aisecops/aisecops/filter/internal/plugin"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

func main() {}

func init() { proxywasm.SetVMContext(plugin.NewVMContext()) }
