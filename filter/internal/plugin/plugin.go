// Package plugin is the proxy-wasm adapter of AISecOps: it gathers headers
// and bodies from the host, asks rules.Policy.Evaluate, and acts on the
// verdict (continue, rewrite, refuse), with metrics and security events.
// It holds no detection or policy logic of its own.
package plugin

import (
	"crypto/rand"
	"encoding/hex"
	"runtime"
	rtmetrics "runtime/metrics"
	"strings"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// NewVMContext returns the VM context to register.
func NewVMContext() types.VMContext { return &vmContext{} }

type vmContext struct{ types.DefaultVMContext }

func (*vmContext) NewPluginContext(uint32) types.PluginContext { return &pluginContext{} }

type pluginContext struct {
	types.DefaultPluginContext
	policy *rules.Policy
	m      *metrics
	// events are chained by hash within this plugin instance.
	prevHash string
	idPrefix string
	seq      uint64
	streams  uint64
	memStats []rtmetrics.Sample
	sink     *eventSink
	evidence *evidenceSink
	// deployment is who this proxy is, read once at plugin start and
	// stamped on every event.
	deployment *rules.Deployment
	// store keeps tool pins and MCP sessions for every exchange.
	store sharedStore
}

const memorySampleEvery = 64

// sampleMemory reads the bytes the Go runtime holds from the host: inside
// Wasm that is the linear memory it has grown to.
func (p *pluginContext) sampleMemory() {
	if p.memStats == nil {
		p.memStats = []rtmetrics.Sample{{Name: "/memory/classes/total:bytes"}}
	}
	rtmetrics.Read(p.memStats)
	if p.memStats[0].Value.Kind() == rtmetrics.KindUint64 {
		p.m.memory.Add(int64(p.memStats[0].Value.Uint64()) - p.m.memory.Value())
	}
}

func (p *pluginContext) OnPluginStart(int) (status types.OnPluginStartStatus) {
	defer func() {
		if r := recover(); r != nil {
			proxywasm.LogCritical("aisecops: plugin start failed: " + oneLine(panicText(r)))
			status = types.OnPluginStartStatusFailed
		}
	}()
	data, err := proxywasm.GetPluginConfiguration()
	if err != nil && err != types.ErrorStatusNotFound {
		proxywasm.LogCritical("aisecops: cannot read plugin configuration: " + err.Error())
		return types.OnPluginStartStatusFailed
	}
	var pol *rules.Policy
	if len(strings.TrimSpace(string(data))) == 0 {
		pol, err = rules.DefaultPolicy()
		if err == nil {
			proxywasm.LogWarn("aisecops: no plugin configuration; using the built-in default policy (tools default deny)")
		}
	} else {
		pol, err = rules.Load(data)
	}
	if err == nil {
		err = checkFaultHook(pol)
	}
	if err != nil {
		// One line: Envoy keeps the previous good configuration.
		proxywasm.LogCritical("aisecops: invalid policy: " + oneLine(err.Error()))
		return types.OnPluginStartStatusFailed
	}
	p.policy = pol
	// Compiling a policy allocates tens of MiB of short-lived construction
	// state. Collect it now, so the collector paces from the live heap and
	// not from that peak: Wasm linear memory, once grown, is never given
	// back to the proxy.
	runtime.GC()
	p.m = defineMetrics(pol)
	p.startEventSink(pol)
	dep, notes := readDeployment(proxywasm.GetProperty)
	p.deployment = dep
	for _, n := range notes {
		proxywasm.LogWarn("aisecops: deployment identity: " + oneLine(n) + "; left out")
	}
	var id [6]byte
	if _, err := rand.Read(id[:]); err == nil {
		p.idPrefix = hex.EncodeToString(id[:])
	}
	p.startEvidence(pol, data)
	if pol.Config().Capture == "full" {
		proxywasm.LogWarn("aisecops: capture: full puts whole flagged texts and tool arguments into the proxy log; for forensic replay use evidence")
	}
	proxywasm.LogInfo("aisecops: policy " + pol.Version() + " loaded (hash " + pol.Hash()[:12] + ", mode " + pol.Config().Mode + ", deployment " + dep.Name + ")")
	return types.OnPluginStartStatusOK
}

func (p *pluginContext) NewHttpContext(uint32) types.HttpContext {
	return &httpContext{p: p}
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", "; ")
	if len(s) > 2000 {
		s = s[:2000] + "..."
	}
	return s
}

func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "non-error panic"
}
