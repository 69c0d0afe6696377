// Package wasmhost runs a compiled proxy-wasm HTTP filter under wazero with
// a minimal host of its own: the host calls AISecOps filters import, and
// the stream lifecycle Envoy drives (context create, headers, body, log,
// done, delete). It exists for two measurements the SDK's emulator cannot
// make: the module's real linear memory over a long run (the emulator never
// calls proxy_on_delete, so every finished context stays alive in the
// guest), and the per-request cost of a filter against a no-op filter
// driven the same way.
package wasmhost

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// proxy-wasm ABI 0.2 values.
const (
	statusOK          = 0
	statusNotFound    = 1
	statusBadArgument = 2

	bufRequestBody  = 0
	bufResponseBody = 1
	bufPluginConfig = 7

	bufCallResponseBody    = 4
	mapCallResponseHeaders = 6

	mapRequestHeaders  = 0
	mapResponseHeaders = 2

	rootID = 1
)

// Action is what a callback returned: 0 continue, 1 pause.
type Action uint32

// Stream is one HTTP exchange's host-side state.
type Stream struct {
	id                      uint32
	ReqHeaders, RespHeaders map[string]string
	ReqBody, RespBody       []byte
	// Local is set when the filter answered the request itself.
	Local *LocalResponse
	// Resumed records continue_stream calls (request, response).
	Resumed [2]bool
}

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
	shared  map[string][]byte
	metrics []int64
	names   map[string]uint32
	// Logs counts log lines by level (the lines themselves are dropped to
	// keep long runs flat).
	Logs [6]int
	fn   map[string]api.Function
	// OnLog, when set, receives every log line (level 2 is info).
	OnLog func(level uint32, msg string)
	// Upstream answers the filter's dispatch_http_call; nil fails them.
	Upstream func(cluster string, headers map[string]string, body []byte) (status int, respHeaders map[string]string, respBody []byte)
	callouts []callout
	nextCall uint32
	// TickMS is the tick period the filter asked for (0: none).
	TickMS   uint32
	callResp struct {
		headers map[string]string
		body    []byte
	}
}

type callout struct {
	id      uint32
	ctxID   uint32
	cluster string
	headers map[string]string
	body    []byte
}

// New compiles and starts a filter with a plugin configuration.
func New(ctx context.Context, wasm, config []byte) (*Host, error) {
	h := &Host{ctx: ctx, config: config, streams: map[uint32]*Stream{}, nextID: rootID + 1,
		shared: map[string][]byte{}, names: map[string]uint32{}, fn: map[string]api.Function{}}
	h.rt = wazero.NewRuntime(ctx)
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
		"proxy_on_request_headers", "proxy_on_request_body", "proxy_on_response_headers", "proxy_on_response_body",
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

// Exchange runs one request (and, unless the filter answers it, one
// response) through the filter, whole bodies, then ends the stream the
// way Envoy does (log, done, delete).
func (h *Host) Exchange(reqHeaders map[string]string, reqBody []byte, respHeaders map[string]string, respBody []byte) (*Stream, error) {
	s, err := h.Request(reqHeaders, reqBody)
	if err != nil {
		return nil, err
	}
	if s.Local == nil && respBody != nil {
		if err := h.Response(s, respHeaders, respBody); err != nil {
			return nil, err
		}
	}
	return s, h.End(s)
}

// Request opens a stream and runs the request phase (headers, body, and
// any calls the filter dispatches). s.Local is set when the filter
// answered; otherwise s.ReqHeaders and s.ReqBody are what goes upstream.
func (h *Host) Request(reqHeaders map[string]string, reqBody []byte) (*Stream, error) {
	id := h.nextID
	h.nextID++
	s := &Stream{id: id, ReqHeaders: copyMap(reqHeaders)}
	h.streams[id] = s
	if _, err := h.step(id, "proxy_on_context_create", uint64(id), rootID); err != nil {
		return nil, err
	}
	if _, err := h.step(id, "proxy_on_request_headers", uint64(id), uint64(len(s.ReqHeaders)), boolArg(len(reqBody) == 0)); err != nil {
		return nil, err
	}
	if len(reqBody) > 0 && s.Local == nil {
		s.ReqBody = append([]byte(nil), reqBody...)
		if _, err := h.step(id, "proxy_on_request_body", uint64(id), uint64(len(s.ReqBody)), 1); err != nil {
			return nil, err
		}
		if err := h.serveCallouts(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Response runs the response phase; s.RespHeaders and s.RespBody are then
// what the client gets (or s.Local, if the filter answered).
func (h *Host) Response(s *Stream, respHeaders map[string]string, respBody []byte) error {
	s.RespHeaders = copyMap(respHeaders)
	if _, err := h.step(s.id, "proxy_on_response_headers", uint64(s.id), uint64(len(s.RespHeaders)), boolArg(len(respBody) == 0)); err != nil {
		return err
	}
	if len(respBody) == 0 {
		return nil
	}
	s.RespBody = append([]byte(nil), respBody...)
	if _, err := h.step(s.id, "proxy_on_response_body", uint64(s.id), uint64(len(s.RespBody)), 1); err != nil {
		return err
	}
	return h.serveCallouts()
}

// End finishes the stream as Envoy does: log, done, delete.
func (h *Host) End(s *Stream) error {
	defer delete(h.streams, s.id)
	for _, end := range []string{"proxy_on_log", "proxy_on_done", "proxy_on_delete"} {
		if _, err := h.step(s.id, end, uint64(s.id)); err != nil {
			return err
		}
	}
	return nil
}

func (h *Host) step(id uint32, name string, args ...uint64) (uint64, error) {
	h.current = id
	return h.call(name, args...)
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

// serveCallouts answers the filter's pending HTTP calls one by one (a
// callback may dispatch the next) through Upstream.
func (h *Host) serveCallouts() error {
	for len(h.callouts) > 0 {
		c := h.callouts[0]
		h.callouts = h.callouts[1:]
		status, hdrs, body := 0, map[string]string(nil), []byte(nil)
		if h.Upstream != nil {
			status, hdrs, body = h.Upstream(c.cluster, c.headers, c.body)
		}
		resp := map[string]string{}
		for k, v := range hdrs {
			resp[k] = v
		}
		if status != 0 {
			resp[":status"] = strconv.Itoa(status)
		}
		h.callResp.headers, h.callResp.body = resp, body
		h.current = c.ctxID
		if _, err := h.call("proxy_on_http_call_response", rootID, uint64(c.id), uint64(len(resp)), uint64(len(body)), 0); err != nil {
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

func (h *Host) headerMap(t uint32) map[string]string {
	s := h.streams[h.current]
	if s == nil {
		return nil
	}
	switch t {
	case mapRequestHeaders:
		return s.ReqHeaders
	case mapResponseHeaders:
		return s.RespHeaders
	case mapCallResponseHeaders:
		return h.callResp.headers
	}
	return nil
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

func (h *Host) buffer(t uint32) *[]byte {
	s := h.streams[h.current]
	switch {
	case t == bufPluginConfig:
		return &h.config
	case t == bufCallResponseBody:
		return &h.callResp.body
	case s == nil:
		return nil
	case t == bufRequestBody:
		return &s.ReqBody
	case t == bufResponseBody:
		return &s.RespBody
	}
	return nil
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
		buf := h.buffer(t)
		if buf == nil || len(*buf) == 0 {
			return statusNotFound
		}
		if start > uint32(len(*buf)) {
			return statusBadArgument
		}
		end := min(uint64(start)+uint64(max), uint64(len(*buf)))
		return h.give(m, (*buf)[start:end], retPtr, retSize)
	})
	fn("proxy_set_buffer_bytes", func(_ context.Context, m api.Module, t, start, max, ptr, size uint32) uint32 {
		buf := h.buffer(t)
		if buf == nil {
			return statusBadArgument
		}
		data := h.read(m, ptr, size)
		if start == 0 && max >= uint32(len(*buf)) {
			*buf = data
			return statusOK
		}
		return statusBadArgument
	})
	fn("proxy_get_header_map_value", func(_ context.Context, m api.Module, t, kp, ks, retPtr, retSize uint32) uint32 {
		hm := h.headerMap(t)
		v, ok := hm[string(h.read(m, kp, ks))]
		if !ok {
			return statusNotFound
		}
		return h.give(m, []byte(v), retPtr, retSize)
	})
	fn("proxy_replace_header_map_value", func(_ context.Context, m api.Module, t, kp, ks, vp, vs uint32) uint32 {
		if hm := h.headerMap(t); hm != nil {
			hm[string(h.read(m, kp, ks))] = string(h.read(m, vp, vs))
		}
		return statusOK
	})
	fn("proxy_remove_header_map_value", func(_ context.Context, m api.Module, t, kp, ks uint32) uint32 {
		if hm := h.headerMap(t); hm != nil {
			delete(hm, string(h.read(m, kp, ks)))
		}
		return statusOK
	})
	fn("proxy_send_local_response", func(_ context.Context, m api.Module, status, _, _, bp, bs, hp, hs, _ uint32) uint32 {
		if s := h.streams[h.current]; s != nil {
			s.Local = &LocalResponse{Status: status, Body: h.read(m, bp, bs), Headers: readPairs(h.read(m, hp, hs))}
		}
		return statusOK
	})
	fn("proxy_get_shared_data", func(_ context.Context, m api.Module, kp, ks, retPtr, retSize, retCas uint32) uint32 {
		v, ok := h.shared[string(h.read(m, kp, ks))]
		if !ok {
			return statusNotFound
		}
		m.Memory().WriteUint32Le(retCas, 1)
		return h.give(m, v, retPtr, retSize)
	})
	fn("proxy_set_shared_data", func(_ context.Context, m api.Module, kp, ks, vp, vs, _ uint32) uint32 {
		h.shared[string(h.read(m, kp, ks))] = h.read(m, vp, vs)
		return statusOK
	})
	fn("proxy_define_metric", func(_ context.Context, m api.Module, _, np, ns, retID uint32) uint32 {
		name := string(h.read(m, np, ns))
		id, ok := h.names[name]
		if !ok {
			id = uint32(len(h.metrics))
			h.metrics = append(h.metrics, 0)
			h.names[name] = id
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
		hm := h.headerMap(t)
		if hm == nil {
			return statusNotFound
		}
		return h.give(m, writePairs(hm), retPtr, retSize)
	})
	fn("proxy_continue_stream", func(_ context.Context, t uint32) uint32 {
		if s := h.streams[h.current]; s != nil && t < 2 {
			s.Resumed[t] = true
		}
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

// randReader feeds the module's random_get (event ids) from crypto/rand.
type randReader struct{}

func (randReader) Read(p []byte) (int, error) { return crand.Read(p) }
