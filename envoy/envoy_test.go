// Package envoy holds the Envoy, Istio and Kubernetes configuration we
// ship; its test validates every file against the projects' own schemas.
package envoy

import (
	"bytes"
	"os"
	"strings"
	"testing"

	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/stream/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	wasmfilterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/wasm/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
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
	for _, l := range boot.GetStaticResources().GetListeners() {
		for _, fc := range l.GetFilterChains() {
			for _, f := range fc.GetFilters() {
				var hcm hcmv3.HttpConnectionManager
				require.NoError(t, f.GetTypedConfig().UnmarshalTo(&hcm), "filter %s", f.GetName())
				require.NoError(t, hcm.ValidateAll())
				for _, al := range hcm.GetAccessLog() {
					msg, err := al.GetTypedConfig().UnmarshalNew()
					require.NoError(t, err)
					require.NoError(t, msg.(validator).ValidateAll())
					assert.Contains(t, protojson.Format(msg), "wasm.aisecops_decision", "access log carries the decision")
				}
				for _, hf := range hcm.GetHttpFilters() {
					msg, err := hf.GetTypedConfig().UnmarshalNew()
					require.NoError(t, err, "http filter %s", hf.GetName())
					require.NoError(t, msg.(validator).ValidateAll(), "http filter %s", hf.GetName())
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
					rc := embedded.Config().SandboxRunner
					require.NotNil(t, rc)
					clusters := map[string]bool{}
					for _, c := range boot.GetStaticResources().GetClusters() {
						clusters[c.GetName()] = true
					}
					assert.True(t, clusters[rc.Cluster], "sandbox_runner.cluster %q is defined", rc.Cluster)
				}
			}
		}
	}
	assert.Equal(t, 1, wasmSeen)
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
		_, err = rules.Load(cfg)
		require.NoError(t, err, "pluginConfig is not a valid policy: %s", cfg)
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
		"readinessProbe", "livenessProbe", "limits:", "AISECOPS_RUNNER_SECRET", "AISECOPS_RUNNER_APPROVER_TOKEN"} {
		assert.Contains(t, s, want)
	}
}
