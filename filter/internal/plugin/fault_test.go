package plugin

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// Issue 17 item 9: the fault-injection hook lets whoever sends the header
// force the filter's failure path. Only the test build (-tags
// aisecops_fault, build/aisecops-fault.wasm) has it; the production build
// refuses a policy that asks for it.

// faultWasmPath is the test build with the hook; wasmPath stays the
// production build every other test runs.
func faultWasmPath() string { return filepath.Join(testbuild.Dir(), "aisecops-fault.wasm") }

var compiledFault compiledModule

func faultWasmVM(t testing.TB) types.VMContext {
	return compiledFault.load(t, faultWasmPath(), "fault-injection test build")
}

// forEachFault is forEach on builds that carry the hook: the compiled
// test build always, the native plugin when this test binary was built
// with -tags aisecops_fault (make test does).
func forEachFault(t *testing.T, fn func(t *testing.T, r runner, chunk int)) {
	rs := []runner{{"wasm-fault", faultWasmVM}}
	if faultHookBuilt {
		rs = append(rs, runner{"native-fault", func(testing.TB) types.VMContext { return NewVMContext() }})
	}
	for _, r := range rs {
		for _, c := range chunkings {
			name := r.name + "/whole"
			if c > 0 {
				name = r.name + "/chunk" + strconv.Itoa(c)
			}
			t.Run(name, func(t *testing.T) { fn(t, r, c) })
		}
	}
}

const faultPolicy = `{
  "policy_version": "fault-1",
  "on_error": "allow",
  "tools": {"default": "deny"},
  "filter": {"fault_injection_header": "x-aisecops-fault"}
}`

func TestFaultHookAbsentFromProductionBuild(t *testing.T) {
	rs := []runner{{"wasm", wasmVM}}
	if !faultHookBuilt {
		rs = append(rs, runners[0])
	}
	for _, r := range rs {
		t.Run(r.name, func(t *testing.T) {
			opt := proxytest.NewEmulatorOption().WithVMContext(r.vm(t)).WithPluginConfiguration([]byte(faultPolicy))
			host, reset := proxytest.NewHostEmulator(opt)
			defer reset()
			require.Equal(t, types.OnPluginStartStatusFailed, host.StartPlugin(),
				"a production build must not start with filter.fault_injection_header set")
			logs := strings.Join(host.GetCriticalLogs(), "\n")
			assert.Contains(t, logs, "filter.fault_injection_header")
			assert.Contains(t, logs, "aisecops_fault")
		})
	}
	t.Run("fault header ignored without the setting", func(t *testing.T) {
		forEach(t, func(t *testing.T, r runner, chunk int) {
			host := newHost(t, r, `{"policy_version":"p","on_error":"allow","tools":{"default":"deny"}}`)
			res := do(t, host, exchange{reqBody: chatWithToolResult("fine"), reqHeaders: [][2]string{{"x-aisecops-fault", "panic"}}}, chunk)
			assert.Nil(t, res.local)
			assert.Equal(t, uint64(0), counter(t, host, "aisecops_errors_total.kind.panic"))
			assert.Equal(t, uint64(1), counter(t, host, "aisecops_requests_total.format.openai_chat.direction.request"))
		})
	})
}

func TestFaultBuildPanicsOnHeader(t *testing.T) {
	forEachFault(t, func(t *testing.T, r runner, chunk int) {
		host := newHost(t, r, faultPolicy)
		res := do(t, host, exchange{reqBody: chatWithToolResult("fine"), reqHeaders: [][2]string{{"x-aisecops-fault", "panic"}}}, chunk)
		assert.Nil(t, res.local, "on_error allow")
		assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.panic"))
		assert.Equal(t, uint64(1), counter(t, host, "aisecops_passthrough_total.reason.on_error_allow"))
	})
}

// TestRunnerCallbackPanicRefuses: a panic while the filter reads the
// runner's answer refuses the held call with runner_error, under
// on_error allow too, instead of leaving the exchange paused until
// Envoy's timeout (it was).
func TestRunnerCallbackPanicRefuses(t *testing.T) {
	pol := strings.Replace(hardeningPolicy, `"on_error": "allow",`,
		`"on_error": "allow", "filter": {"fault_injection_header": "x-aisecops-fault"},`, 1)
	cases := []struct {
		name, tool, args string
		answer           runnerAnswer
	}{
		{"sandbox result", "run_python", `{"code":"print(1)"}`, runnerAnswer{200, `{"exit_code":0,"stdout":"1\n","stderr":""}`}},
		{"approval created", "send_email", `{"to":"boss@example.com"}`, runnerAnswer{201, `{"id":"a1b2","state":"pending"}`}},
	}
	forEachFault(t, func(t *testing.T, r runner, chunk int) {
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				host := newHost(t, r, pol)
				body := mcpCall(i+1, tc.tool, tc.args)
				id := host.InitializeHttpContext()
				host.CallOnRequestHeaders(id, [][2]string{{":method", "POST"}, {":path", "/mcp"}, {":authority", "tools.test"},
					{"content-type", "application/json"}, {"x-request-id", "req-1"}, {"content-length", strconv.Itoa(len(body))},
					{"x-aisecops-fault", "panic-runner"}}, false)
				act := feed(body, chunk, func(p []byte, end bool) types.Action { return host.CallOnRequestBody(id, p, end) })
				require.Equal(t, types.ActionPause, act)
				answerCallouts(t, host, id, []runnerAnswer{tc.answer})
				local := host.GetSentLocalResponse(id)
				require.NotNil(t, local, "refused with a local reply (stream action %v)", host.GetCurrentHttpStreamAction(id))
				assert.Equal(t, "runner_error", gjson.GetBytes(local.Data, "error.data.reason").String(), "%s", local.Data)
				assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.panic"))
				assert.Zero(t, counter(t, host, "aisecops_passthrough_total.reason.on_error_allow"))
				host.CompleteHttpContext(id)
			})
		}
	})
}
