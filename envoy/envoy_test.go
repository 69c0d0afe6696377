// Package envoy holds the Envoy, Istio and Kubernetes configuration we
// ship; its test validates every file against the projects' own schemas.
package envoy

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	adminv3 "github.com/envoyproxy/go-control-plane/envoy/admin/v3"
	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/stream/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	tapv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/tap/v3"
	wasmfilterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/wasm/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"
	extensionsv1alpha1 "istio.io/api/extensions/v1alpha1"
	meshv1alpha1 "istio.io/api/mesh/v1alpha1"
	networkingv1alpha3 "istio.io/api/networking/v1alpha3"
	"sigs.k8s.io/yaml"

	"github.com/aisecops/aisecops/rules"
)

type validator interface{ ValidateAll() error }

func yamlToJSON(t *testing.T, b []byte) []byte {
	j, err := yaml.YAMLToJSON(b)
	require.NoError(t, err)
	return j
}

func TestEnvoyConfig(t *testing.T) {
	b, err := os.ReadFile("envoy.yaml")
	require.NoError(t, err)
	var boot bootstrapv3.Bootstrap
	require.NoError(t, protojson.UnmarshalOptions{}.Unmarshal(yamlToJSON(t, b), &boot), "envoy.yaml does not parse as a Bootstrap")
	require.NoError(t, boot.ValidateAll())

	var wasmSeen, statsTags int
	var routes []*routev3.Route
	var policy *rules.Policy
	for _, l := range boot.GetStaticResources().GetListeners() {
		for _, fc := range l.GetFilterChains() {
			for _, f := range fc.GetFilters() {
				var hcm hcmv3.HttpConnectionManager
				require.NoError(t, f.GetTypedConfig().UnmarshalTo(&hcm), "filter %s", f.GetName())
				require.NoError(t, hcm.ValidateAll())
				checkPathNormalisation(t, &hcm)
				routes = append(routes, hcm.GetRouteConfig().GetVirtualHosts()[0].GetRoutes()...)
				for _, al := range hcm.GetAccessLog() {
					msg, err := al.GetTypedConfig().UnmarshalNew()
					require.NoError(t, err)
					require.NoError(t, msg.(validator).ValidateAll())
					assert.Contains(t, protojson.Format(msg), "wasm.aisecops_decision", "access log carries the decision")
				}
				var order []string
				for _, hf := range hcm.GetHttpFilters() {
					msg, err := hf.GetTypedConfig().UnmarshalNew()
					require.NoError(t, err, "http filter %s", hf.GetName())
					require.NoError(t, msg.(validator).ValidateAll(), "http filter %s", hf.GetName())
					order = append(order, hf.GetName())
					if tap, ok := msg.(*tapv3.Tap); ok {
						order[len(order)-1] = "tap:" + tap.GetCommonConfig().GetAdminConfig().GetConfigId()
					}
					w, ok := msg.(*wasmfilterv3.Wasm)
					if !ok {
						continue
					}
					wasmSeen++
					cfg := w.GetConfig()
					assert.Equal(t, wasmv3.FailurePolicy_FAIL_CLOSED, cfg.GetFailurePolicy())
					assert.Equal(t, "build/aisecops.wasm", cfg.GetVmConfig().GetCode().GetLocal().GetFilename())
					var sv wrapperspb.StringValue
					require.NoError(t, cfg.GetConfiguration().UnmarshalTo(&sv))
					embedded, err := rules.Load([]byte(sv.GetValue()))
					require.NoError(t, err, "the policy inside envoy.yaml")
					example, err := os.ReadFile("policy.example.json")
					require.NoError(t, err)
					want, err := rules.Load(example)
					require.NoError(t, err)
					assert.Equal(t, want.Hash(), embedded.Hash(), "envoy.yaml's policy differs from policy.example.json")
					policy = embedded
					rc := embedded.Config().SandboxRunner
					require.NotNil(t, rc)
					clusters := map[string]bool{}
					for _, c := range boot.GetStaticResources().GetClusters() {
						clusters[c.GetName()] = true
					}
					assert.True(t, clusters[rc.Cluster], "sandbox_runner.cluster %q is defined", rc.Cluster)
				}
				// The client-side tap sees requests before aisecops, the
				// upstream-side tap responses before aisecops (docs/replay.md).
				assert.Equal(t, []string{"tap:aisecops_client", "envoy.filters.http.wasm", "tap:aisecops_upstream", "envoy.filters.http.router"}, order)
			}
		}
	}
	assert.Equal(t, 1, wasmSeen)
	require.NotNil(t, policy)
	checkRoutes(t, routes, policy)
	for _, tag := range boot.GetStatsConfig().GetStatsTags() {
		statsTags++
		assert.NotEmpty(t, tag.GetRegex())
	}
	assert.GreaterOrEqual(t, statsTags, 6)
	assert.Equal(t, "127.0.0.1", boot.GetAdmin().GetAddress().GetSocketAddress().GetAddress(), "admin on loopback")
}

// k8sObjects splits a multi-document YAML file.
func k8sObjects(t *testing.T, path string) []map[string]any {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []map[string]any
	for _, doc := range bytes.Split(b, []byte("\n---")) {
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var obj map[string]any
		require.NoError(t, yaml.Unmarshal(doc, &obj), "%s", path)
		if obj != nil {
			out = append(out, obj)
		}
	}
	return out
}

// specOf checks the Kubernetes envelope (only the four top-level keys) and
// returns the spec as JSON.
func specOf(t *testing.T, obj map[string]any, apiVersion, kind string) []byte {
	for k := range obj {
		assert.Contains(t, []string{"apiVersion", "kind", "metadata", "spec"}, k, "unknown top-level field")
	}
	assert.Equal(t, apiVersion, obj["apiVersion"])
	assert.Equal(t, kind, obj["kind"])
	j, err := yaml.Marshal(obj["spec"])
	require.NoError(t, err)
	return yamlToJSON(t, j)
}

func TestIstioManifests(t *testing.T) {
	strict := protojson.UnmarshalOptions{DiscardUnknown: false}
	t.Run("WasmPlugin", func(t *testing.T) {
		objs := k8sObjects(t, "istio/wasmplugin.yaml")
		require.Len(t, objs, 1)
		var wp extensionsv1alpha1.WasmPlugin
		require.NoError(t, strict.Unmarshal(specOf(t, objs[0], "extensions.istio.io/v1alpha1", "WasmPlugin"), &wp))
		assert.True(t, strings.HasPrefix(wp.GetUrl(), "oci://"))
		assert.Len(t, wp.GetSha256(), 64)
		assert.Equal(t, extensionsv1alpha1.PluginPhase_AUTHZ, wp.GetPhase())
		assert.Equal(t, extensionsv1alpha1.FailStrategy_FAIL_CLOSE, wp.GetFailStrategy())
		assert.NotEmpty(t, wp.GetMatch())
		// Istio hands the Struct to the filter as JSON: it must be a valid
		// policy (numbers arrive as doubles).
		cfg, err := protojson.Marshal(wp.GetPluginConfig())
		require.NoError(t, err)
		pol, err := rules.Load(cfg)
		require.NoError(t, err, "pluginConfig is not a valid policy: %s", cfg)
		// Istio routes every path of a host to it: the LLM hosts are
		// inspected whole (item 14).
		assert.Equal(t, rules.ReasonUnrouted, pol.RouteRequest("api.openai.com", "/v1/unknown").Refuse)
		assert.Equal(t, rules.FormatOpenAIChat, pol.RouteRequest("api.openai.com:80", "/v1/chat/completions/").Format)
		assert.Equal(t, rules.FormatMCP, pol.RouteRequest("mcp-tools.tools.svc.cluster.local:8080", "/").Format)
	})
	t.Run("EnvoyFilter routes", func(t *testing.T) {
		objs := k8sObjects(t, "istio/envoyfilter-routes.yaml")
		require.Len(t, objs, 1)
		var ef networkingv1alpha3.EnvoyFilter
		require.NoError(t, strict.Unmarshal(specOf(t, objs[0], "networking.istio.io/v1alpha3", "EnvoyFilter"), &ef))
		var hcmSeen, routeSeen, longIdle int
		for _, cp := range ef.GetConfigPatches() {
			assert.Equal(t, networkingv1alpha3.EnvoyFilter_SIDECAR_OUTBOUND, cp.GetMatch().GetContext())
			assert.Equal(t, networkingv1alpha3.EnvoyFilter_Patch_MERGE, cp.GetPatch().GetOperation())
			value, err := protojson.Marshal(cp.GetPatch().GetValue())
			require.NoError(t, err)
			switch cp.GetApplyTo() {
			case networkingv1alpha3.EnvoyFilter_NETWORK_FILTER:
				hcmSeen++
				assert.Equal(t, "envoy.filters.network.http_connection_manager", cp.GetMatch().GetListener().GetFilterChain().GetFilter().GetName())
				var f struct {
					TypedConfig json.RawMessage `json:"typed_config"`
				}
				require.NoError(t, json.Unmarshal(value, &f))
				var typed anypb.Any
				require.NoError(t, protojson.Unmarshal(f.TypedConfig, &typed))
				var hcm hcmv3.HttpConnectionManager
				require.NoError(t, typed.UnmarshalTo(&hcm), "typed_config is an HttpConnectionManager")
				checkPathNormalisation(t, &hcm)
			case networkingv1alpha3.EnvoyFilter_HTTP_ROUTE:
				routeSeen++
				var r routev3.Route
				require.NoError(t, protojson.Unmarshal(value, &r), "patch value is a Route")
				assert.Zero(t, r.GetRoute().GetTimeout().AsDuration(), "timeout 0s")
				idle := r.GetRoute().GetIdleTimeout().AsDuration()
				assert.True(t, idle >= 10*time.Minute && idle <= time.Hour, "idle_timeout %v, want 10m to 1h", idle)
				if idle == time.Hour {
					longIdle++
					assert.NotEmpty(t, cp.GetMatch().GetRouteConfiguration().GetVhost().GetName(), "the long idle bound is for named MCP hosts")
				}
			default:
				t.Errorf("unexpected patch %v", cp.GetApplyTo())
			}
		}
		assert.Equal(t, 1, hcmSeen)
		assert.Equal(t, 2, routeSeen)
		assert.Equal(t, 1, longIdle)
	})
	t.Run("EnvoyFilter", func(t *testing.T) {
		objs := k8sObjects(t, "istio/envoyfilter-buffer.yaml")
		require.Len(t, objs, 1)
		var ef networkingv1alpha3.EnvoyFilter
		require.NoError(t, strict.Unmarshal(specOf(t, objs[0], "networking.istio.io/v1alpha3", "EnvoyFilter"), &ef))
		require.NotEmpty(t, ef.GetConfigPatches())
	})
	t.Run("proxyStatsMatcher", func(t *testing.T) {
		b, err := os.ReadFile("istio/proxy-stats.yaml")
		require.NoError(t, err)
		var pc meshv1alpha1.ProxyConfig
		require.NoError(t, strict.Unmarshal(yamlToJSON(t, b), &pc))
		assert.Contains(t, pc.GetProxyStatsMatcher().GetInclusionPrefixes(), "wasmcustom.aisecops_")
	})
	t.Run("rejects unknown fields", func(t *testing.T) {
		var wp extensionsv1alpha1.WasmPlugin
		assert.Error(t, strict.Unmarshal([]byte(`{"url":"oci://x","phaze":"AUTHZ"}`), &wp))
	})
}

func TestRunnerManifests(t *testing.T) {
	objs := k8sObjects(t, "k8s/sandbox-runner.yaml")
	kinds := map[string]map[string]any{}
	for _, o := range objs {
		kinds[o["kind"].(string)] = o
	}
	for _, k := range []string{"Deployment", "Service", "NetworkPolicy", "Secret"} {
		require.Contains(t, kinds, k)
	}
	j, err := yaml.Marshal(kinds["Deployment"])
	require.NoError(t, err)
	s := string(j)
	for _, want := range []string{"runAsNonRoot: true", "readOnlyRootFilesystem: true", "allowPrivilegeEscalation: false",
		"readinessProbe", "livenessProbe", "limits:", "AISECOPS_RUNNER_SECRET", "AISECOPS_RUNNER_APPROVER_TOKEN",
		"AISECOPS_RUNNER_AUDIT_KEY_FILE", "secretName: sandbox-runner-audit"} {
		assert.Contains(t, s, want)
	}
}

// checkPathNormalisation: Envoy routes on, and sends upstream, the path the
// filter reads (issue 17 item 14).
func checkPathNormalisation(t *testing.T, hcm *hcmv3.HttpConnectionManager) {
	t.Helper()
	assert.True(t, hcm.GetNormalizePath().GetValue(), "normalize_path")
	assert.True(t, hcm.GetMergeSlashes(), "merge_slashes")
	assert.Equal(t, hcmv3.HttpConnectionManager_REJECT_REQUEST, hcm.GetPathWithEscapedSlashesAction())
}

// checkRoutes: every route lets long-lived streams live (no route timeout,
// a bounded idle timeout), and every path Envoy would send to a route's
// upstream is one the filter inspects, including the spellings Envoy
// normalises to it.
func checkRoutes(t *testing.T, routes []*routev3.Route, p *rules.Policy) {
	t.Helper()
	require.NotEmpty(t, routes)
	for _, r := range routes {
		ra := r.GetRoute()
		require.NotNil(t, ra, "route %v forwards", r.GetMatch())
		require.NotNil(t, ra.GetTimeout(), "route %v sets timeout", r.GetMatch())
		assert.Zero(t, ra.GetTimeout().AsDuration(), "route %v: timeout 0s (disabled), streams outlive any bound", r.GetMatch())
		idle := ra.GetIdleTimeout().AsDuration()
		assert.True(t, idle >= 10*time.Minute && idle <= time.Hour, "route %v: idle_timeout %v, want 10m to 1h", r.GetMatch(), idle)

		var base string
		var probes []string
		switch m := r.GetMatch(); {
		case m.GetPathSeparatedPrefix() != "":
			base = m.GetPathSeparatedPrefix()
			probes = []string{base, base + "/", base + "/x/y", base + "?a=b"}
		case m.GetPrefix() != "":
			base = m.GetPrefix()
			probes = []string{base, base + "/", base + "x", base + "/x?a=b"}
		default:
			t.Fatalf("route %v: use prefix or path_separated_prefix (the filter matches those)", m)
		}
		assert.False(t, r.GetMatch().GetCaseSensitive() != nil && !r.GetMatch().GetCaseSensitive().GetValue(),
			"case-insensitive Envoy routes are not needed: the filter matches case-insensitively anyway")
		// Spellings Envoy normalises to base before routing.
		probes = append(probes, "/"+base, "/x/.."+base, "/."+base, base[:len(base)-1]+"%"+strings.ToUpper(hex.EncodeToString([]byte{base[len(base)-1]})))
		want := p.Route(base)
		require.NotEqual(t, rules.FormatUnknown, want, "route %s reaches an upstream the filter does not inspect", base)
		for _, probe := range probes {
			assert.Equal(t, want, p.Route(probe), "Envoy sends %q to the upstream of %s: the filter must inspect it as %s", probe, base, want)
		}
	}
}

// TestTapSessions checks the admin tap requests docs/replay.md uses
// against Envoy's TapRequest, and that their configuration ids are the
// taps of envoy.yaml.
func TestTapSessions(t *testing.T) {
	b, err := os.ReadFile("envoy.yaml")
	require.NoError(t, err)
	for _, side := range []string{"client", "upstream"} {
		y, err := os.ReadFile(filepath.Join("tap", side+".yaml"))
		require.NoError(t, err)
		var req adminv3.TapRequest
		require.NoError(t, protojson.Unmarshal(yamlToJSON(t, y), &req), side)
		require.NoError(t, req.ValidateAll(), side)
		assert.Equal(t, "aisecops_"+side, req.GetConfigId())
		assert.Contains(t, string(b), "config_id: aisecops_"+side)
		out := req.GetTapConfig().GetOutputConfig()
		assert.GreaterOrEqual(t, out.GetMaxBufferedRxBytes().GetValue(), uint32(4194304), "bodies up to max_body_bytes are not truncated")
		assert.GreaterOrEqual(t, out.GetMaxBufferedTxBytes().GetValue(), uint32(4194304))
		assert.NotNil(t, out.GetSinks()[0].GetStreamingAdmin())
	}
}
