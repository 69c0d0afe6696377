package plugin

import (
	"strings"

	"github.com/aisecops/aisecops/internal/inject"
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

// Metric names pack their labels as ".label.value" pairs, for Envoy's
// stats_tags to extract (envoy/envoy.yaml). Every label value comes from
// a bounded set fixed at plugin start: formats, directions, detection
// families, reasons, actions, and the tool names the policy names exactly
// (any other tool is "other"). Runtime values never become label values.

var (
	formatLabels    = []string{"openai_chat", "openai_responses", "anthropic_messages", "mcp", "a2a", "unknown"}
	directionLabels = []string{"request", "response"}
	actionLabels    = []string{"allow", "flag", "remove", "sandbox", "approve", "deny", "block"}
	// Why a body passed uninspected: not refusal reasons, so not in
	// rules' reason table.
	passReasons = []string{"no_route", "method", "no_body", "upstream_status", "on_error_allow", "monitor"}
)

type metrics struct {
	requests    map[string]proxywasm.MetricCounter // format.direction
	detections  map[string]proxywasm.MetricCounter // layer.rule.action
	toolCalls   map[string]proxywasm.MetricCounter // tool.action
	errors      map[string]proxywasm.MetricCounter
	passthrough map[string]proxywasm.MetricCounter
	toolNames   map[string]bool
	families    map[string]bool
	duration    proxywasm.MetricHistogram
	memory      proxywasm.MetricGauge
	// streamDropped counts refused server-to-client requests taken out
	// of an event stream.
	streamDropped proxywasm.MetricCounter
	// captures counts evidence captures by outcome.
	captures map[string]proxywasm.MetricCounter
}

// captureOutcomes: sent (the runner stored it), dropped (over the rate or
// the queue), failed (a post the runner did not take: retried), truncated
// (sent without bodies, over evidence.max_exchange_bytes or never read).
var captureOutcomes = []string{"sent", "dropped", "failed", "truncated"}

func defineMetrics(p *rules.Policy) *metrics {
	m := &metrics{
		requests: map[string]proxywasm.MetricCounter{}, detections: map[string]proxywasm.MetricCounter{},
		toolCalls: map[string]proxywasm.MetricCounter{}, errors: map[string]proxywasm.MetricCounter{},
		passthrough: map[string]proxywasm.MetricCounter{}, toolNames: map[string]bool{}, families: map[string]bool{},
	}
	for _, f := range formatLabels {
		for _, d := range directionLabels {
			m.requests[f+"."+d] = proxywasm.DefineCounterMetric("aisecops_requests_total.format." + f + ".direction." + d)
		}
	}
	for _, fam := range append(inject.Families(), "other") {
		m.families[fam] = true
		for _, a := range []string{"flag", "remove", "block", "allow"} {
			m.detections["context."+fam+"."+a] = proxywasm.DefineCounterMetric(
				"aisecops_detections_total.layer.context.rule." + fam + ".action." + a)
		}
	}
	// Error kinds and tool reasons come from rules' reason table.
	for _, tr := range rules.ToolReasons() {
		r := string(tr)
		for _, a := range actionLabels {
			m.detections["tool_gateway."+r+"."+a] = proxywasm.DefineCounterMetric(
				"aisecops_detections_total.layer.tool_gateway.rule." + r + ".action." + a)
		}
	}
	for _, r := range rules.ErrorKinds() {
		k := string(r)
		for _, a := range []string{"block", "allow"} {
			m.detections["protocol."+k+"."+a] = proxywasm.DefineCounterMetric(
				"aisecops_detections_total.layer.protocol.rule." + k + ".action." + a)
		}
		m.errors[k] = proxywasm.DefineCounterMetric("aisecops_errors_total.kind." + k)
	}
	for _, r := range passReasons {
		m.passthrough[r] = proxywasm.DefineCounterMetric("aisecops_passthrough_total.reason." + r)
	}
	tools := append(p.ToolNames(), "other")
	for _, t := range tools {
		t = labelValue(t)
		m.toolNames[t] = true
		for _, a := range []string{"allow", "deny", "sandbox", "approve"} {
			m.toolCalls[t+"."+a] = proxywasm.DefineCounterMetric("aisecops_tool_calls_total.tool." + t + ".action." + a)
		}
	}
	m.duration = proxywasm.DefineHistogramMetric("aisecops_inspect_duration_us")
	m.memory = proxywasm.DefineGaugeMetric("aisecops_wasm_memory_bytes")
	m.streamDropped = proxywasm.DefineCounterMetric("aisecops_stream_messages_dropped_total")
	// Defined with capture off too: dashboards and series.txt see one set.
	m.captures = map[string]proxywasm.MetricCounter{}
	for _, o := range captureOutcomes {
		m.captures[o] = proxywasm.DefineCounterMetric("aisecops_captures_total.outcome." + o)
	}
	return m
}

// labelValue keeps a label value to characters safe in a stat name.
func labelValue(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			b[i] = '_'
		}
	}
	return string(b)
}

func inc(c map[string]proxywasm.MetricCounter, key string) {
	if m, ok := c[key]; ok {
		m.Increment(1)
	}
}

func (m *metrics) request(f rules.Format, d rules.Direction) {
	inc(m.requests, f.String()+"."+d.String())
}

func (m *metrics) pass(reason string)        { inc(m.passthrough, reason) }
func (m *metrics) dropped()                  { m.streamDropped.Increment(1) }
func (m *metrics) capture(outcome string)    { inc(m.captures, outcome) }
func (m *metrics) failure(kind rules.Reason) { inc(m.errors, string(kind)) }

func (m *metrics) detection(layer, rule, action string) {
	if layer == rules.LayerContext && !m.families[rule] {
		rule = "other"
	}
	inc(m.detections, layer+"."+rule+"."+action)
}

func (m *metrics) toolCall(name, action string) {
	t := labelValue(name)
	if !m.toolNames[t] || strings.Contains(name, "*") {
		t = "other"
	}
	inc(m.toolCalls, t+"."+action)
}
