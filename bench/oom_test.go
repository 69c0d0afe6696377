package bench

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
)

// TestMemoryLimitTraps shows what happens when the filter needs more
// linear memory than its runtime allows: the VM call traps and the host
// gets an error, never a silent pass. In Envoy that trap is the Wasm
// filter's failure_policy (FAIL_CLOSED in envoy/envoy.yaml, failStrategy
// FAIL_CLOSE in the Istio WasmPlugin): the stream is answered with an
// error, not forwarded uninspected (docs/failure-modes.md).
func TestMemoryLimitTraps(t *testing.T) {
	wasm := buildFile(t, "aisecops.wasm")
	big := `{"policy_version":"oom-1","max_body_bytes":67108864,"tools":{"default":"deny"}}`
	// 48 MiB: enough to start and serve ordinary requests, not to hold a
	// 24 MiB body and what judging it takes.
	rc := wazero.NewRuntimeConfig().WithMemoryLimitPages(48 << 20 >> 16)
	h, err := wasmhost.NewWithRuntime(context.Background(), wasm, []byte(big), rc)
	require.NoError(t, err, "the filter starts under the limit")
	defer h.Close()
	hdrs := map[string]string{":method": "POST", ":path": "/v1/chat/completions", ":authority": "llm.test",
		"content-type": "application/json"}
	small := chat("Sunny.")
	hdrs["content-length"] = strconv.Itoa(len(small))
	s, err := h.Request(hdrs, small)
	require.NoError(t, err, "an ordinary request is served under the limit")
	require.Nil(t, s.Local)
	require.NoError(t, h.End(s))

	body := chat(strings.Repeat(prose, (24<<20)/len(prose)))
	hdrs["content-length"] = strconv.Itoa(len(body))
	_, err = h.Request(hdrs, body)
	require.Error(t, err, "growing past the limit must trap, not pass")
	t.Logf("trap: %.200v", err)

}
