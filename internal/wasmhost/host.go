// Package wasmhost runs a compiled proxy-wasm HTTP filter under wazero with
// a host of its own that behaves like Envoy's (proxy-wasm ABI 0.2, Envoy's
// source/extensions/common/wasm/context.cc and its filter manager): bodies
// arrive in chunks; a body callback that pauses keeps its chunk buffered
// and the next one sees the whole buffer; headers a callback held are
// released, in order, by the next callback that continues or by
// continue_stream; trailers have their own callbacks; the response-headers
// callback has no response body; a local response replaces the reply
// until the response headers went out (before any arrived, through the
// filter's own response callbacks, as Envoy's filter chain does), and
// resets the stream after.
// Every Stream records what left the filter, in order (Upstream,
// Downstream) and what Envoy would have ignored or refused (Violations).
//
// It serves the e2e embedded driver, tests of the compiled filter, and two
// measurements the SDK's emulator cannot make: the module's real linear
// memory over a long run (the emulator never calls proxy_on_delete) and
// the per-request cost of a filter against a no-op filter.
//
// The same host exists for V8, the engine Envoy and Istio run filters in:
// v8host.js, run by Node.js in a child process (V8Host). Host and V8Host
// both satisfy Filter (Open picks one by Runtime) and give back the same
// Streams; the tests of the Envoy rules run under both.
//
// Differences from Envoy that remain: calls the filter dispatches
// (proxy_http_call) are answered synchronously, right after the callback
// that made them; header maps hold one value per name (add joins with
// ","); the upstream reset that follows a local reply is not modelled.
//
// It is a test and driver host, not product code: only tests, e2e (the
// embedded driver) and bench import it. The filter (./filter and the
// non-test code of filter/internal/plugin) must never import it, nor
// anything else that links wazero; internal/boundary checks this
// with go list -deps.
package wasmhost

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// proxy-wasm ABI 0.2 values.
const (
	statusOK          = 0
	statusNotFound    = 1
	statusBadArgument = 2
	statusCasMismatch = 8

	bufRequestBody  = 0
	bufResponseBody = 1
	bufPluginConfig = 7

	bufCallResponseBody    = 4
	mapCallResponseHeaders = 6

	mapRequestHeaders   = 0
	mapRequestTrailers  = 1
	mapResponseHeaders  = 2
	mapResponseTrailers = 3

	rootID = 1
)

// LocalResponse is a response the filter sent instead of the upstream.
type LocalResponse struct {
	Status  uint32
	Headers map[string]string
	Body    []byte
}

// Host is a loaded filter.
type Host struct {
	ctx     context.Context
	rt      wazero.Runtime
	mod     api.Module
	config  []byte
	streams map[uint32]*Stream
	current uint32
	nextID  uint32
	shared  map[string]sharedValue
	nextCas uint32
	metrics []int64
	names   map[string]uint32
	kinds   map[string]uint32 // the ABI's metric type of each name
	// Logs counts log lines by level (the lines themselves are dropped to
	// keep long runs flat).
	Logs [6]int
	fn   map[string]api.Function
	// OnLog, when set, receives every log line (level 2 is info).
	OnLog func(level uint32, msg string)
	// Upstream answers the filter's dispatch_http_call; nil fails them.
	Upstream UpstreamFunc
	// DeferCallouts keeps the calls the filter dispatches unanswered
	// until ServeCallouts, so a test can deliver body chunks while a call
	// is in flight, as Envoy does (wazero host only).
	DeferCallouts bool
	callouts      []callout
	nextCall      uint32
	// TickMS is the tick period the filter asked for (0: none).
	TickMS uint32
	// pluginDone: the filter called proxy_done (see Done).
	pluginDone bool
	callResp   struct {
		headers map[string]string
		body    []byte
	}
	node *Node
}

type sharedValue struct {
	data []byte
	cas  uint32
}

type callout struct {
	id      uint32 // token
	ctxID   uint32
	cluster string
	headers map[string]string
	body    []byte
}

// New compiles and starts a filter with a plugin configuration.
func New(ctx context.Context, wasm, config []byte) (*Host, error) {
	return newHost(ctx, wasm, config, wazero.NewRuntimeConfig(), nil)
}

// NewWithRuntime is New with a wazero runtime configuration: a memory
// limit, as a proxy's Wasm runtime has, makes growth past it trap.
func NewWithRuntime(ctx context.Context, wasm, config []byte, rc wazero.RuntimeConfig) (*Host, error) {
	return newHost(ctx, wasm, config, rc, nil)
}

// newHost starts a filter in a wazero runtime configured by rc, on a
// proxy that reports node as its own (nil: no node properties).
func newHost(ctx context.Context, wasm, config []byte, rc wazero.RuntimeConfig, node *Node) (*Host, error) {
	h := &Host{ctx: ctx, config: config, streams: map[uint32]*Stream{}, nextID: rootID + 1,
		shared: map[string]sharedValue{}, names: map[string]uint32{}, kinds: map[string]uint32{}, fn: map[string]api.Function{}, node: node}
	h.rt = wazero.NewRuntimeWithConfig(ctx, rc)
	wasi_snapshot_preview1.MustInstantiate(ctx, h.rt)
	if err := h.exportHost(); err != nil {
		return nil, err
	}
	compiled, err := h.rt.CompileModule(ctx, wasm)
	if err != nil {
		return nil, err
	}
	h.mod, err = h.rt.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().
		WithStartFunctions("_initialize").WithSysWalltime().WithSysNanotime().WithRandSource(randReader{}))
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"proxy_on_vm_start", "proxy_on_context_create", "proxy_on_configure",
		"proxy_on_request_headers", "proxy_on_request_body", "proxy_on_request_trailers",
		"proxy_on_response_headers", "proxy_on_response_body", "proxy_on_response_trailers",
		"proxy_on_log", "proxy_on_done", "proxy_on_delete", "proxy_on_memory_allocate", "proxy_on_http_call_response", "proxy_on_tick"} {
		f := h.mod.ExportedFunction(name)
		if f == nil {
			return nil, fmt.Errorf("module does not export %s", name)
		}
		h.fn[name] = f
	}
	if _, err := h.call("proxy_on_vm_start", rootID, 0); err != nil {
		return nil, err
	}
	if _, err := h.call("proxy_on_context_create", rootID, 0); err != nil {
		return nil, err
	}
	ok, err := h.call("proxy_on_configure", rootID, uint64(len(config)))
	if err != nil {
		return nil, err
	}
	if ok != 1 {
		return nil, errors.New("plugin start failed")
	}
	return h, nil
}

// Close releases the runtime.
func (h *Host) Close() error { return h.rt.Close(h.ctx) }

// MemoryBytes is the module's linear memory size.
func (h *Host) MemoryBytes() uint32 { return h.mod.Memory().Size() }

// Counter returns a metric's value by name.
func (h *Host) Counter(name string) (int64, bool) {
	id, ok := h.names[name]
	if !ok {
		return 0, false
	}
	return h.metrics[id], true
}

func (h *Host) call(name string, args ...uint64) (uint64, error) {
	res, err := h.fn[name].Call(h.ctx, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	if len(res) == 0 {
		return 0, nil
	}
	return res[0], nil
}

// Tick runs the filter's timer callback (when it asked for one) and
// serves the calls it dispatches.
func (h *Host) Tick() error {
	if h.TickMS == 0 {
		return nil
	}
	h.current = rootID
	if _, err := h.call("proxy_on_tick", rootID); err != nil {
		return err
	}
	return h.serveCallouts()
}

// ServeCallouts answers the calls DeferCallouts kept waiting, and those
// their answers dispatch.
func (h *Host) ServeCallouts() error {
	defer func(d bool) { h.DeferCallouts = d }(h.DeferCallouts)
	h.DeferCallouts = false
	return h.serveCallouts()
}

// Pending is how many dispatched calls wait for an answer.
func (h *Host) Pending() int { return len(h.callouts) }

// Done tells the filter its plugin is going away (proxy_on_done on the
// root context), as Envoy does on a configuration change or a drain,
// serves the calls it dispatches in answer, and reports whether it has
// finished: proxy_on_done returned true, or it called proxy_done since.
func (h *Host) Done() (bool, error) {
	h.current = rootID
	h.pluginDone = false
	res, err := h.call("proxy_on_done", rootID)
	if err != nil {
		return false, err
	}
	if err := h.serveCallouts(); err != nil {
		return false, err
	}
	return res != 0 || h.pluginDone, nil
}

// serveCallouts answers the filter's pending HTTP calls one by one (a
// callback may dispatch the next) through Upstream, then applies the
// continue_stream calls each answer's callback made.
func (h *Host) serveCallouts() error {
	if h.DeferCallouts {
		return nil
	}
	for len(h.callouts) > 0 {
		c := h.callouts[0]
		h.callouts = h.callouts[1:]
		status, hdrs, body := 0, map[string]string(nil), []byte(nil)
		if h.Upstream != nil {
			status, hdrs, body = h.Upstream(c.cluster, c.headers, c.body)
		}
		resp := map[string]string{}
		for k, v := range hdrs {
			resp[strings.ToLower(k)] = v
		}
		if status != 0 {
			resp[":status"] = strconv.Itoa(status)
		}
		h.callResp.headers, h.callResp.body = resp, body
		h.current = c.ctxID
		s := h.streams[c.ctxID]
		if s != nil {
			s.cb = "http_call_response"
		}
		_, err := h.call("proxy_on_http_call_response", rootID, uint64(c.id), uint64(len(resp)), uint64(len(body)), 0)
		h.callResp.headers, h.callResp.body = nil, nil
		if s != nil {
			s.cb = ""
			s.Calls = append(s.Calls, fmt.Sprintf("http_call_response(token=%d,status=%d)", c.id, status))
		}
		if err != nil {
			return err
		}
		if err := h.applyResumes(); err != nil {
			return err
		}
	}
	return nil
}

func boolArg(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// --- guest memory helpers -------------------------------------------------

func (h *Host) read(m api.Module, ptr, size uint32) []byte {
	b, ok := m.Memory().Read(ptr, size)
	if !ok {
		return nil
	}
	return append([]byte(nil), b...)
}

// give copies data into guest memory (allocated by the guest) and writes
// its address and size to the return pointers.
func (h *Host) give(m api.Module, data []byte, retPtr, retSize uint32) uint32 {
	res, err := h.fn["proxy_on_memory_allocate"].Call(h.ctx, uint64(len(data)))
	if err != nil || len(res) == 0 {
		return statusBadArgument
	}
	p := uint32(res[0])
	if !m.Memory().Write(p, data) || !m.Memory().WriteUint32Le(retPtr, p) || !m.Memory().WriteUint32Le(retSize, uint32(len(data))) {
		return statusBadArgument
	}
	return statusOK
}

// headerMap returns the map a header-map call names on the current
// stream, and the direction it belongs to (nil for the call response).
func (h *Host) headerMap(t uint32) (map[string]string, *Stream, *flow) {
	if t == mapCallResponseHeaders {
		return h.callResp.headers, nil, nil
	}
	s := h.streams[h.current]
	if s == nil {
		return nil, nil, nil
	}
	switch t {
	case mapRequestHeaders:
		if s.req.mapGone && !s.ended {
			return nil, s, &s.req
		}
		return s.ReqHeaders, s, &s.req
	case mapRequestTrailers:
		return s.ReqTrailers, s, &s.req
	case mapResponseHeaders:
		if s.resp.mapGone && !s.ended {
			return nil, s, &s.resp
		}
		return s.RespHeaders, s, &s.resp
	case mapResponseTrailers:
		return s.RespTrailers, s, &s.resp
	}
	return nil, nil, nil
}

// mutableMap is headerMap for a change: a change to headers or trailers
// already sent is recorded as a violation (it reaches nobody) and applied
// to the live map only.
func (h *Host) mutableMap(t uint32, what string) map[string]string {
	hm, s, f := h.headerMap(t)
	if s == nil {
		return hm
	}
	trailers := t == mapRequestTrailers || t == mapResponseTrailers
	sent := f.headersSent
	if trailers {
		sent = f.trailersSent
	}
	if sent && !s.ended {
		kind := "header"
		if trailers {
			kind = "trailer"
		}
		to := "upstream"
		if f == &s.resp {
			to = "to the client"
		}
		s.violate("%s %s %s after the %ss were sent %s", f.name, kind, what, kind, to)
	}
	return hm
}

// readPairs decodes a proxy-wasm serialized header map.
func readPairs(b []byte) map[string]string {
	out := map[string]string{}
	if len(b) < 4 {
		return out
	}
	n := int(binary.LittleEndian.Uint32(b))
	sizes := 4
	data := 4 + 8*n
	for i := 0; i < n && data <= len(b); i++ {
		ks := int(binary.LittleEndian.Uint32(b[sizes:]))
		vs := int(binary.LittleEndian.Uint32(b[sizes+4:]))
		sizes += 8
		if data+ks+vs+2 > len(b) {
			break
		}
		k := string(b[data : data+ks])
		data += ks + 1
		out[k] = string(b[data : data+vs])
		data += vs + 1
	}
	return out
}

func writePairs(m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := binary.LittleEndian.AppendUint32(nil, uint32(len(keys)))
	for _, k := range keys {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(k)))
		out = binary.LittleEndian.AppendUint32(out, uint32(len(m[k])))
	}
	for _, k := range keys {
		out = append(append(out, k...), 0)
		out = append(append(out, m[k]...), 0)
	}
	return out
}

// buffer returns the buffer a buffer call names, or nil where Envoy has
// none: a stream's body exists during its body callbacks and, while a
// paused body callback keeps it, in later callbacks (trailers, call
// answers); never in a headers callback before any body.
func (h *Host) buffer(t uint32) (*[]byte, *Stream) {
	switch t {
	case bufPluginConfig:
		return &h.config, nil
	case bufCallResponseBody:
		if h.callResp.headers == nil {
			return nil, nil
		}
		return &h.callResp.body, nil
	}
	s := h.streams[h.current]
	if s == nil || (t != bufRequestBody && t != bufResponseBody) {
		return nil, s
	}
	f := s.flow(t == bufResponseBody)
	if !f.inBody && !f.buffering {
		return nil, s
	}
	return &f.buf, s
}

func (h *Host) exportHost() error {
	b := h.rt.NewHostModuleBuilder("env")
	fn := func(name string, f any) { b.NewFunctionBuilder().WithFunc(f).Export(name) }
	fn("proxy_log", func(_ context.Context, m api.Module, level, ptr, size uint32) uint32 {
		if level < uint32(len(h.Logs)) {
			h.Logs[level]++
		}
		if h.OnLog != nil {
			h.OnLog(level, string(h.read(m, ptr, size)))
		}
		return statusOK
	})
	fn("proxy_set_effective_context", func(_ context.Context, id uint32) uint32 {
		h.current = id
		return statusOK
	})
	fn("proxy_get_buffer_bytes", func(_ context.Context, m api.Module, t, start, max, retPtr, retSize uint32) uint32 {
		buf, _ := h.buffer(t)
		if buf == nil {
			return statusNotFound
		}
		if start > uint32(len(*buf)) {
			return statusBadArgument
		}
		end := min(uint64(start)+uint64(max), uint64(len(*buf)))
		if end == uint64(start) {
			// Envoy answers Ok and writes nothing; the SDK reads that as
			// not found.
			return statusOK
		}
		return h.give(m, (*buf)[start:end], retPtr, retSize)
	})
	fn("proxy_set_buffer_bytes", func(_ context.Context, m api.Module, t, start, length, ptr, size uint32) uint32 {
		buf, s := h.buffer(t)
		if buf == nil {
			if s != nil && (t == bufRequestBody || t == bufResponseBody) {
				s.violate("set_buffer_bytes on the %s body where Envoy has none buffered", s.flow(t == bufResponseBody).name)
			}
			return statusNotFound
		}
		if t != bufRequestBody && t != bufResponseBody {
			return statusBadArgument // plugin configuration, call answers: read-only
		}
		data := h.read(m, ptr, size)
		switch {
		case start == 0:
			// Envoy drains length bytes (all when length is past the end)
			// and prepends the data.
			n := min(int(length), len(*buf))
			*buf = append(data, (*buf)[n:]...)
		case int(start) >= len(*buf):
			*buf = append(*buf, data...)
		default:
			s.violate("set_buffer_bytes(start=%d, length=%d) on a %d-byte body: Envoy answers BadArgument", start, length, len(*buf))
			return statusBadArgument
		}
		return statusOK
	})
	fn("proxy_get_header_map_value", func(_ context.Context, m api.Module, t, kp, ks, retPtr, retSize uint32) uint32 {
		hm, _, _ := h.headerMap(t)
		if hm == nil {
			return statusBadArgument // Envoy: the map is not available now
		}
		v, ok := hm[strings.ToLower(string(h.read(m, kp, ks)))]
		if !ok {
			return statusNotFound
		}
		return h.give(m, []byte(v), retPtr, retSize)
	})
	fn("proxy_replace_header_map_value", func(_ context.Context, m api.Module, t, kp, ks, vp, vs uint32) uint32 {
		k := strings.ToLower(string(h.read(m, kp, ks)))
		hm := h.mutableMap(t, "replaced: "+k)
		if hm == nil {
			return statusBadArgument
		}
		hm[k] = string(h.read(m, vp, vs))
		return statusOK
	})
	fn("proxy_add_header_map_value", func(_ context.Context, m api.Module, t, kp, ks, vp, vs uint32) uint32 {
		k := strings.ToLower(string(h.read(m, kp, ks)))
		hm := h.mutableMap(t, "added: "+k)
		if hm == nil {
			return statusBadArgument
		}
		v := string(h.read(m, vp, vs))
		if old, ok := hm[k]; ok {
			v = old + "," + v
		}
		hm[k] = v
		return statusOK
	})
	fn("proxy_remove_header_map_value", func(_ context.Context, m api.Module, t, kp, ks uint32) uint32 {
		k := strings.ToLower(string(h.read(m, kp, ks)))
		hm := h.mutableMap(t, "removed: "+k)
		if hm == nil {
			return statusBadArgument
		}
		delete(hm, k)
		return statusOK
	})
	fn("proxy_set_header_map_pairs", func(_ context.Context, m api.Module, t, ptr, size uint32) uint32 {
		hm := h.mutableMap(t, "map replaced")
		if hm == nil {
			return statusBadArgument
		}
		clear(hm)
		for k, v := range readPairs(h.read(m, ptr, size)) {
			hm[strings.ToLower(k)] = v
		}
		return statusOK
	})
	fn("proxy_send_local_response", func(_ context.Context, m api.Module, status, _, _, bp, bs, hp, hs, _ uint32) uint32 {
		if s := h.streams[h.current]; s != nil {
			h.localResponse(s, &LocalResponse{Status: status, Body: h.read(m, bp, bs), Headers: lowerMap(readPairs(h.read(m, hp, hs)))})
			return statusOK
		}
		return statusNotFound
	})
	fn("proxy_get_shared_data", func(_ context.Context, m api.Module, kp, ks, retPtr, retSize, retCas uint32) uint32 {
		v, ok := h.shared[string(h.read(m, kp, ks))]
		if !ok {
			return statusNotFound
		}
		m.Memory().WriteUint32Le(retCas, v.cas)
		if len(v.data) == 0 {
			m.Memory().WriteUint32Le(retPtr, 0)
			m.Memory().WriteUint32Le(retSize, 0)
			return statusOK
		}
		return h.give(m, v.data, retPtr, retSize)
	})
	fn("proxy_set_shared_data", func(_ context.Context, m api.Module, kp, ks, vp, vs, cas uint32) uint32 {
		k := string(h.read(m, kp, ks))
		old, ok := h.shared[k]
		if cas != 0 && ok && old.cas != cas {
			return statusCasMismatch
		}
		h.nextCas++
		h.shared[k] = sharedValue{data: h.read(m, vp, vs), cas: h.nextCas}
		return statusOK
	})
	fn("proxy_define_metric", func(_ context.Context, m api.Module, kind, np, ns, retID uint32) uint32 {
		name := string(h.read(m, np, ns))
		id, ok := h.names[name]
		if !ok {
			id = uint32(len(h.metrics))
			h.metrics = append(h.metrics, 0)
			h.names[name] = id
			h.kinds[name] = kind
		}
		m.Memory().WriteUint32Le(retID, id)
		return statusOK
	})
	fn("proxy_increment_metric", func(_ context.Context, id uint32, off int64) uint32 {
		if int(id) < len(h.metrics) {
			h.metrics[id] += off
		}
		return statusOK
	})
	fn("proxy_record_metric", func(_ context.Context, id uint32, v int64) uint32 {
		if int(id) < len(h.metrics) {
			h.metrics[id] = v
		}
		return statusOK
	})
	fn("proxy_get_metric", func(_ context.Context, m api.Module, id, ret uint32) uint32 {
		if int(id) >= len(h.metrics) {
			return statusNotFound
		}
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(h.metrics[id]))
		m.Memory().Write(ret, b[:])
		return statusOK
	})
	fn("proxy_set_property", func(context.Context, uint32, uint32, uint32, uint32) uint32 { return statusOK })
	fn("proxy_set_tick_period_milliseconds", func(_ context.Context, ms uint32) uint32 {
		h.TickMS = ms
		return statusOK
	})
	fn("proxy_get_header_map_pairs", func(_ context.Context, m api.Module, t, retPtr, retSize uint32) uint32 {
		hm, _, _ := h.headerMap(t)
		if hm == nil {
			// Envoy answers an empty list; the Go SDK reads it as not found.
			m.Memory().WriteUint32Le(retPtr, 0)
			m.Memory().WriteUint32Le(retSize, 0)
			return statusOK
		}
		return h.give(m, writePairs(hm), retPtr, retSize)
	})
	fn("proxy_continue_stream", func(_ context.Context, t uint32) uint32 {
		s := h.streams[h.current]
		if s == nil {
			return statusNotFound
		}
		if t > 1 {
			return statusBadArgument
		}
		s.Resumed[t] = true
		s.flow(t == 1).resume = true
		return statusOK
	})
	fn("proxy_close_stream", func(_ context.Context, t uint32) uint32 {
		s := h.streams[h.current]
		if s == nil {
			return statusNotFound
		}
		if t > 1 {
			return statusBadArgument
		}
		if s.Reset == "" {
			s.Reset = "close_stream(" + s.flow(t == 1).name + ")"
		}
		return statusOK
	})
	fn("proxy_get_property", func(_ context.Context, m api.Module, pp, ps, retPtr, retSize uint32) uint32 {
		v, ok := h.node.property(strings.Split(string(h.read(m, pp, ps)), "\x00"))
		if !ok {
			return statusNotFound
		}
		if len(v) == 0 {
			m.Memory().WriteUint32Le(retPtr, 0)
			m.Memory().WriteUint32Le(retSize, 0)
			return statusOK
		}
		return h.give(m, v, retPtr, retSize)
	})
	fn("proxy_done", func(context.Context) uint32 {
		h.pluginDone = true
		return statusOK
	})
	fn("proxy_http_call", func(_ context.Context, m api.Module, up, upSize, hp, hs, bp, bs, _, _, _, retID uint32) uint32 {
		h.nextCall++
		h.callouts = append(h.callouts, callout{id: h.nextCall, ctxID: h.current, cluster: string(h.read(m, up, upSize)),
			headers: readPairs(h.read(m, hp, hs)), body: h.read(m, bp, bs)})
		m.Memory().WriteUint32Le(retID, h.nextCall)
		return statusOK
	})
	_, err := b.Instantiate(h.ctx)
	return err
}

// MetricNames lists the defined metrics (sorted), for reports.
func (h *Host) MetricNames() []string {
	out := make([]string, 0, len(h.names))
	for n := range h.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// MetricTypes maps each defined metric to its type as the filter defined
// it: "counter", "gauge" or "histogram" (the proxy-wasm ABI's 0, 1, 2).
func (h *Host) MetricTypes() map[string]string {
	out := make(map[string]string, len(h.kinds))
	for n, k := range h.kinds {
		switch k {
		case 0:
			out[n] = "counter"
		case 1:
			out[n] = "gauge"
		case 2:
			out[n] = "histogram"
		default:
			out[n] = "unknown"
		}
	}
	return out
}

// randReader feeds the module's random_get (event ids) from crypto/rand.
type randReader struct{}

func (randReader) Read(p []byte) (int, error) { return crand.Read(p) }
