package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/tetratelabs/wazero"
)

// Runtime names the Wasm engine a filter runs in.
type Runtime string

const (
	// Wazero runs the filter in this process (Host).
	Wazero Runtime = "wazero"
	// V8 runs it in a Node.js child process (V8Host), the engine Envoy
	// and Istio use.
	V8 Runtime = "v8"
)

// Runtimes lists every runtime, wazero first.
var Runtimes = []Runtime{Wazero, V8}

// ParseRuntime reads a runtime name.
func ParseRuntime(s string) (Runtime, error) {
	for _, r := range Runtimes {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown Wasm runtime %q: want wazero or v8", s)
}

// UpstreamFunc answers a call the filter dispatched (proxy_http_call):
// status 0 means no answer.
type UpstreamFunc func(cluster string, headers map[string]string, body []byte) (status int, respHeaders map[string]string, respBody []byte)

// Options are what a caller hands a filter at Open.
type Options struct {
	// OnLog receives every log line (level 2 is info).
	OnLog func(level uint32, msg string)
	// Upstream answers the filter's dispatched calls; nil fails them.
	Upstream UpstreamFunc
	// Node is what the proxy says of itself through the node.* properties
	// (nil: it has none, and every property is not found). Only the
	// wazero host serves it: V8 refuses a node rather than drop it.
	Node *Node
	// Cache keeps wazero's compiled code across hosts (nil: none).
	Cache wazero.CompilationCache
}

// Filter is a loaded filter in either runtime: Host (wazero) and V8Host
// (V8) keep the same Envoy rules and give back the same Streams.
// Neither is safe for concurrent use.
type Filter interface {
	StartRequest(headers map[string]string, endOfStream bool) (*Stream, Action, error)
	RequestBody(s *Stream, chunk []byte, endOfStream bool) (Action, error)
	RequestTrailers(s *Stream, trailers map[string]string) (Action, error)
	ResponseHeaders(s *Stream, headers map[string]string, endOfStream bool) (Action, error)
	ResponseBody(s *Stream, chunk []byte, endOfStream bool) (Action, error)
	ResponseTrailers(s *Stream, trailers map[string]string) (Action, error)
	End(s *Stream) error
	Exchange(reqHeaders map[string]string, reqBody []byte, respHeaders map[string]string, respBody []byte) (*Stream, error)
	Request(reqHeaders map[string]string, reqBody []byte) (*Stream, error)
	Response(s *Stream, respHeaders map[string]string, respBody []byte) error
	Tick() error
	// Done tells the filter its plugin is going (proxy_on_done on the
	// root context) and reports whether it has finished.
	Done() (bool, error)
	Counter(name string) (int64, bool)
	MetricNames() []string
	// Metrics returns every metric by name.
	Metrics() map[string]int64
	MemoryBytes() uint32
	// Engine names the engine and its version, for test output.
	Engine() string
	Close() error
}

// Open loads a filter with its plugin configuration into a runtime.
func Open(ctx context.Context, rt Runtime, wasm, config []byte, o Options) (Filter, error) {
	switch rt {
	case Wazero:
		rc := wazero.NewRuntimeConfig()
		if o.Cache != nil {
			rc = rc.WithCompilationCache(o.Cache)
		}
		h, err := newHost(ctx, wasm, config, rc, o.Node)
		if err != nil {
			return nil, err
		}
		h.OnLog, h.Upstream = o.OnLog, o.Upstream
		return h, nil
	case V8:
		if o.Node != nil {
			return nil, errors.New("the V8 host serves no node properties: open it without a Node")
		}
		h, err := NewV8(ctx, wasm, config, o)
		if err != nil {
			return nil, err
		}
		return h, nil
	}
	return nil, fmt.Errorf("unknown Wasm runtime %q: want wazero or v8", rt)
}

// Engine names wazero and the version this module links.
func (h *Host) Engine() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/tetratelabs/wazero" {
				return "wazero " + d.Version
			}
		}
	}
	return "wazero"
}

// Metrics returns every metric by name.
func (h *Host) Metrics() map[string]int64 {
	out := make(map[string]int64, len(h.names))
	for n, id := range h.names {
		out[n] = h.metrics[id]
	}
	return out
}

// exchange, request and response are the whole-message API on top of the
// chunked one, for either runtime.
func exchange(f Filter, reqHeaders map[string]string, reqBody []byte, respHeaders map[string]string, respBody []byte) (*Stream, error) {
	s, err := f.Request(reqHeaders, reqBody)
	if err != nil {
		return nil, err
	}
	if !s.Done() && respBody != nil {
		if err := f.Response(s, respHeaders, respBody); err != nil {
			return nil, err
		}
	}
	return s, f.End(s)
}

func request(f Filter, reqHeaders map[string]string, reqBody []byte) (*Stream, error) {
	s, _, err := f.StartRequest(reqHeaders, len(reqBody) == 0)
	if err != nil || len(reqBody) == 0 || s.Done() {
		return s, err
	}
	_, err = f.RequestBody(s, reqBody, true)
	return s, err
}

func response(f Filter, s *Stream, respHeaders map[string]string, respBody []byte) error {
	if _, err := f.ResponseHeaders(s, respHeaders, len(respBody) == 0); err != nil || len(respBody) == 0 || s.Done() {
		return err
	}
	_, err := f.ResponseBody(s, respBody, true)
	return err
}
