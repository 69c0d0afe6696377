package plugin

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/aisecops/aisecops/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The metric names the compiled filter defines are derived from rules'
// reason table and the detector's families, and are exactly those of
// testdata/metric_names.golden (first listed from the build before the
// table existed, with the example policy; since then the detection
// families are those findings carry, without sub-rule names):
// dashboards and stats_tags keep working (envoy/series_test.go).
func TestReasonsMetricNames(t *testing.T) {
	wasm, err := os.ReadFile(wasmPath())
	require.NoError(t, err, "compiled filter unavailable (run make build)")
	policy, err := os.ReadFile(filepath.Join("..", "..", "..", "envoy", "policy.example.json"))
	require.NoError(t, err)
	h, err := wasmhost.New(context.Background(), wasm, policy)
	require.NoError(t, err)
	defer h.Close()
	names := h.MetricNames()

	golden, err := os.ReadFile(filepath.Join("testdata", "metric_names.golden"))
	require.NoError(t, err)
	assert.Equal(t, strings.Fields(string(golden)), names)

	var kinds, toolRules []string
	for _, n := range names {
		if k, ok := strings.CutPrefix(n, "aisecops_errors_total.kind."); ok {
			kinds = append(kinds, k)
		}
		if r, ok := strings.CutPrefix(n, "aisecops_detections_total.layer.tool_gateway.rule."); ok {
			r = r[:strings.Index(r, ".action.")]
			if !slices.Contains(toolRules, r) {
				toolRules = append(toolRules, r)
			}
		}
	}
	assert.ElementsMatch(t, reasonStrings(rules.ErrorKinds()), kinds, "error kinds must be the table's")
	assert.ElementsMatch(t, reasonStrings(rules.ToolReasons()), toolRules, "tool gateway rules must be the table's")
	for _, k := range kinds {
		for _, a := range []string{"block", "allow"} {
			assert.Contains(t, names, "aisecops_detections_total.layer.protocol.rule."+k+".action."+a)
		}
	}
}

func reasonStrings(rs []rules.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// Refusals decided on the request headers alone take their status and
// sentence from the reason table; the bodies are byte for byte those of
// the build before it.
func TestReasonsRouteRefusalBodies(t *testing.T) {
	upgrade := [][2]string{{"connection", "upgrade"}, {"upgrade", "websocket"}}
	cases := []struct {
		name, policy string
		req          rawRequest
		status       uint32
		reason, body string
	}{
		{"ambiguous path", routesPolicy, rawRequest{method: "POST", path: "/v1/chat%2Fcompletions", body: []byte(routeBodies["mcp"])}, 400, "ambiguous_path",
			`{"error":{"message":"Request refused by AISecOps: the request path could be read two ways (request path has a percent-encoded '/': servers read it differently).","type":"aisecops_policy","param":null,"code":"ambiguous_path"}}`},
		{"upgrade", routesPolicy, rawRequest{method: "GET", path: "/mcp", headers: upgrade}, 403, "upgrade",
			`{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Request refused by AISecOps: an upgraded stream on an inspected route cannot be inspected.","data":{"reason":"upgrade","policy_version":"routes-1"}}}`},
		{"unrouted", hostsPolicy, rawRequest{method: "POST", authority: "api.openai.test", path: "/v2/unknown", body: []byte(`{}`)}, 404, "unrouted",
			`{"error":{"message":"Request refused by AISecOps: this host is inspected whole and no adapter knows this path.","type":"aisecops_policy","param":null,"code":"unrouted"}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forEach(t, func(t *testing.T, r runner, chunk int) {
				host := newHost(t, r, tc.policy)
				res := doRaw(t, host, tc.req, chunk)
				require.NotNil(t, res.local)
				assert.Equal(t, tc.status, res.local.StatusCode)
				assert.Equal(t, tc.reason, header(res.local.Headers, "x-aisecops-reason"))
				assert.Equal(t, tc.body, string(res.local.Data))
			})
		})
	}
}
