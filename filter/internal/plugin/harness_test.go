package plugin

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/stretchr/testify/require"
)

// wasmPath is the compiled filter; make test builds it first.
func wasmPath() string { return filepath.Join(testbuild.Dir(), "aisecops.wasm") }

// compiledModule is one compiled filter, loaded once per test binary: the
// guest replaces its plugin context whenever an emulator starts a new one,
// so one module serves every case.
type compiledModule struct {
	once sync.Once
	vm   proxytest.WasmVMContext
	err  error
}

func (c *compiledModule) load(t testing.TB, path, what string) types.VMContext {
	c.once.Do(func() {
		bin, err := os.ReadFile(path)
		if err != nil {
			c.err = err
			return
		}
		c.vm, c.err = proxytest.NewWasmVMContext(bin)
	})
	if c.err != nil {
		t.Fatalf("%s unavailable (run make build): %v", what, c.err)
	}
	return c.vm
}

var compiled compiledModule

// wasmVM is build/aisecops.wasm, the production build.
func wasmVM(t testing.TB) types.VMContext { return compiled.load(t, wasmPath(), "compiled filter") }

type runner struct {
	name string
	vm   func(testing.TB) types.VMContext
}

var runners = []runner{
	{"native", func(testing.TB) types.VMContext { return NewVMContext() }},
	{"wasm", wasmVM},
}

// chunkings: whole bodies, 5-byte and 1-byte pieces.
var chunkings = []int{0, 5, 1}

// forEach runs fn for every runner and chunking.
func forEach(t *testing.T, fn func(t *testing.T, r runner, chunk int)) {
	for _, r := range runners {
		for _, c := range chunkings {
			name := r.name + "/whole"
			if c > 0 {
				name = r.name + "/chunk" + strconv.Itoa(c)
			}
			t.Run(name, func(t *testing.T) { fn(t, r, c) })
		}
	}
}

// newHost starts the plugin with a policy. The emulator holds a global
// lock until it is reset: a test that needs a second host calls release.
func newHost(t testing.TB, r runner, policy string) proxytest.HostEmulator {
	host, _ := newHostRelease(t, r, policy)
	return host
}

func newHostRelease(t testing.TB, r runner, policy string) (proxytest.HostEmulator, func()) {
	opt := proxytest.NewEmulatorOption().WithVMContext(r.vm(t)).WithPluginConfiguration([]byte(policy))
	host, reset := proxytest.NewHostEmulator(opt)
	var once sync.Once
	release := func() { once.Do(reset) }
	t.Cleanup(release)
	require.Equal(t, types.OnPluginStartStatusOK, host.StartPlugin(), "plugin start: %v", host.GetCriticalLogs())
	return host, release
}

type exchange struct {
	path        string
	reqHeaders  [][2]string
	reqBody     []byte
	status      string
	respHeaders [][2]string
	respBody    []byte
}

type result struct {
	id          uint32
	reqAction   types.Action
	local       *proxytest.LocalHttpResponse
	upBody      []byte // request body as the upstream gets it
	upHeaders   [][2]string
	downBody    []byte // response body as the agent gets it
	downHeaders [][2]string
}

func feed(body []byte, chunk int, call func(part []byte, end bool) types.Action) types.Action {
	if chunk <= 0 || len(body) == 0 {
		return call(body, true)
	}
	var act types.Action
	for i := 0; i < len(body); i += chunk {
		end := min(i+chunk, len(body))
		act = call(body[i:end], end == len(body))
	}
	return act
}

// do runs one exchange through the host: request headers and body, then
// (unless the filter answered) response headers and body.
func do(t testing.TB, host proxytest.HostEmulator, ex exchange, chunk int) result {
	path := ex.path
	if path == "" {
		path = "/v1/chat/completions"
	}
	hdrs := append([][2]string{{":method", "POST"}, {":path", path}, {":authority", "upstream.test"},
		{"content-type", "application/json"}, {"x-request-id", "req-1"},
		{"content-length", strconv.Itoa(len(ex.reqBody))}}, ex.reqHeaders...)
	var res result
	res.id = host.InitializeHttpContext()
	res.reqAction = host.CallOnRequestHeaders(res.id, hdrs, len(ex.reqBody) == 0)
	if len(ex.reqBody) > 0 {
		res.reqAction = feed(ex.reqBody, chunk, func(p []byte, end bool) types.Action {
			return host.CallOnRequestBody(res.id, p, end)
		})
	}
	res.local = host.GetSentLocalResponse(res.id)
	res.upBody = host.GetCurrentRequestBody(res.id)
	res.upHeaders = host.GetCurrentRequestHeaders(res.id)
	if res.local == nil && ex.respBody != nil {
		status := ex.status
		if status == "" {
			status = "200"
		}
		rh := [][2]string{{":status", status}, {"content-length", strconv.Itoa(len(ex.respBody))}}
		if header(ex.respHeaders, "content-type") == "" {
			rh = append(rh, [2]string{"content-type", "application/json"})
		}
		rh = append(rh, ex.respHeaders...)
		host.CallOnResponseHeaders(res.id, rh, false)
		// What each callback lets go reaches the agent: an event stream
		// part by part, a held body at once when it ends.
		feed(ex.respBody, chunk, func(p []byte, end bool) types.Action {
			act := host.CallOnResponseBody(res.id, p, end)
			if act != types.ActionPause {
				res.downBody = append(res.downBody, host.GetCurrentResponseBody(res.id)...)
			}
			return act
		})
		res.downHeaders = host.GetCurrentResponseHeaders(res.id)
	}
	host.CompleteHttpContext(res.id)
	return res
}

func header(h [][2]string, name string) string {
	for _, kv := range h {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

func counter(t testing.TB, host proxytest.HostEmulator, name string) uint64 {
	v, err := host.GetCounterMetric(name)
	require.NoError(t, err, "metric %s is not defined", name)
	return v
}

// events returns the security events the filter logged.
func events(host proxytest.HostEmulator) []string {
	var out []string
	for _, l := range host.GetInfoLogs() {
		if i := strings.Index(l, "aisecops_event "); i >= 0 {
			out = append(out, l[i+len("aisecops_event "):])
		}
	}
	return out
}
