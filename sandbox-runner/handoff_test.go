package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

const handoffPolicy = `{
  "policy_version": "handoff-1",
  "tools": {"default": "deny", "rules": [
    {"name": "run_python", "action": "sandbox", "sandbox": {"tool": "starlark", "timeout_ms": 2000}},
    {"name": "send_email", "risk": "irreversible", "action": "approve"}
  ]},
  "sandbox_runner": {"cluster": "sandbox-runner", "authority": "runner", "timeout_ms": 5000,
                     "secret": "filter-secret-0123456789"},
  "approval": {"timeout_ms": 8000}
}`

// TestFilterHandoff runs the compiled filter against a live runner: a
// sandboxed tools/call executes in the runner; approvals go through a
// human decision made over the runner's API while the filter waits.
func TestFilterHandoff(t *testing.T) {
	wasm, err := os.ReadFile(testbuild.Path(t, "aisecops.wasm"))
	require.NoError(t, err, "run make build")
	bin := buildRunner(t)
	addr := freeAddr(t)
	cmd := startRunner(t, bin, t.TempDir(), addr)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	h, err := wasmhost.New(context.Background(), wasm, []byte(handoffPolicy))
	require.NoError(t, err)
	defer h.Close()
	runnerUp := true
	h.Upstream = func(cluster string, hdrs map[string]string, body []byte) (int, map[string]string, []byte) {
		require.Equal(t, "sandbox-runner", cluster)
		if !runnerUp {
			return 0, nil, nil // connection failure
		}
		req, _ := http.NewRequest(hdrs[":method"], "http://"+addr+hdrs[":path"], bytes.NewReader(body))
		for k, v := range hdrs {
			if !strings.HasPrefix(k, ":") {
				req.Header.Set(k, v)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, nil
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, map[string]string{"content-type": resp.Header.Get("Content-Type")}, b
	}
	mcp := map[string]string{":method": "POST", ":path": "/mcp", ":authority": "tools.test", "content-type": "application/json"}
	call := func(id int, name, args string) *wasmhost.Stream {
		body := `{"jsonrpc":"2.0","id":` + itoa(id) + `,"method":"tools/call","params":{"name":"` + name + `","arguments":` + args + `}}`
		s, err := h.Exchange(mcp, []byte(body), map[string]string{":status": "200", "content-type": "application/json"},
			[]byte(`{"jsonrpc":"2.0","id":`+itoa(id)+`,"result":{"content":[{"type":"text","text":"sent"}]}}`))
		require.NoError(t, err)
		return s
	}
	// decide approves or denies the next pending approval, as a human would.
	decide := func(verb string) chan struct{} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; i < 100; i++ {
				req, _ := http.NewRequest("GET", "http://"+addr+"/v1/approvals?state=pending", nil)
				req.Header.Set("Authorization", "Bearer "+testApprover)
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					var list []struct{ ID string }
					json.NewDecoder(resp.Body).Decode(&list)
					resp.Body.Close()
					if len(list) > 0 {
						req, _ := http.NewRequest("POST", "http://"+addr+"/v1/approvals/"+list[0].ID+"/"+verb, nil)
						req.Header.Set("Authorization", "Bearer "+testApprover)
						if resp, err := http.DefaultClient.Do(req); err == nil {
							resp.Body.Close()
						}
						return
					}
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
		return done
	}

	t.Run("sandbox executes and answers as an MCP result", func(t *testing.T) {
		s := call(1, "run_python", `{"code":"print(6*7)"}`)
		require.NotNil(t, s.Local)
		assert.Equal(t, uint32(200), s.Local.Status)
		assert.Equal(t, int64(1), gjson.GetBytes(s.Local.Body, "id").Int())
		assert.Equal(t, "42\n", gjson.GetBytes(s.Local.Body, "result.content.0.text").String())
		assert.False(t, gjson.GetBytes(s.Local.Body, "result.isError").Bool())
	})
	t.Run("sandbox limit is reported as a tool error", func(t *testing.T) {
		s := call(2, "run_python", `{"code":"while True:\n  pass"}`)
		require.NotNil(t, s.Local)
		assert.True(t, gjson.GetBytes(s.Local.Body, "result.isError").Bool())
		assert.Contains(t, gjson.GetBytes(s.Local.Body, "result.content.0.text").String(), "timeout limit")
	})
	t.Run("approved by a human, then resumed", func(t *testing.T) {
		done := decide("approve")
		s := call(3, "send_email", `{"to":"boss@example.com","body":"Q3"}`)
		<-done
		assert.Nil(t, s.Local, "the call goes upstream")
		assert.True(t, s.Resumed[0], "request resumed after approval")
		assert.Equal(t, "sent", gjson.GetBytes(s.RespBody, "result.content.0.text").String())
	})
	t.Run("denied by a human", func(t *testing.T) {
		done := decide("deny")
		s := call(4, "send_email", `{"to":"boss@example.com","body":"Q3"}`)
		<-done
		require.NotNil(t, s.Local)
		assert.Equal(t, int64(4), gjson.GetBytes(s.Local.Body, "id").Int())
		assert.Equal(t, "approval_denied", gjson.GetBytes(s.Local.Body, "error.data.reason").String())
	})
	t.Run("runner unreachable refuses the call", func(t *testing.T) {
		runnerUp = false
		defer func() { runnerUp = true }()
		s := call(5, "run_python", `{"code":"print(1)"}`)
		require.NotNil(t, s.Local)
		assert.Equal(t, "runner_error", gjson.GetBytes(s.Local.Body, "error.data.reason").String())
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
