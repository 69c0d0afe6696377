package plugin

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// props answers property paths from a map keyed by the dotted path, as
// Envoy would: a path it does not have is not found.
func props(m map[string][]byte) func([]string) ([]byte, error) {
	return func(path []string) ([]byte, error) {
		v, ok := m[strings.Join(path, ".")]
		if !ok {
			return nil, types.ErrorStatusNotFound
		}
		return v, nil
	}
}

func TestReadDeployment(t *testing.T) {
	double := binary.LittleEndian.AppendUint64(nil, math.Float64bits(3))
	cases := []struct {
		name  string
		props map[string][]byte
		want  rules.Deployment
		notes []string
	}{
		{name: "no properties", want: rules.Deployment{Name: "unknown"}},
		{name: "istio sidecar", props: map[string][]byte{
			"node.id":                      []byte("sidecar~10.0.0.7~agent-7d9-x2.prod~prod.svc.cluster.local"),
			"node.cluster":                 []byte("agent.prod"),
			"node.metadata.WORKLOAD_NAME":  []byte("agent"),
			"node.metadata.NAMESPACE":      []byte("prod"),
			"node.metadata.LABELS.app":     []byte("agent"),
			"node.metadata.LABELS.version": []byte("v2"),
		}, want: rules.Deployment{Name: "prod/agent", Node: "sidecar~10.0.0.7~agent-7d9-x2.prod~prod.svc.cluster.local",
			Cluster: "agent.prod", Namespace: "prod", Workload: "agent", App: "agent", Version: "v2"}},
		{name: "canonical labels when app and version are absent", props: map[string][]byte{
			"node.metadata.WORKLOAD_NAME":                              []byte("agent"),
			"node.metadata.LABELS.service.istio.io/canonical-name":     []byte("agent-svc"),
			"node.metadata.LABELS.service.istio.io/canonical-revision": []byte("r7"),
		}, want: rules.Deployment{Name: "agent", Workload: "agent", App: "agent-svc", Version: "r7"}},
		{name: "plain envoy: cluster names it", props: map[string][]byte{
			"node.id": []byte("gw-1"), "node.cluster": []byte("agent-gateway"),
		}, want: rules.Deployment{Name: "agent-gateway", Node: "gw-1", Cluster: "agent-gateway"}},
		{name: "node id alone", props: map[string][]byte{"node.id": []byte("gw-1")},
			want: rules.Deployment{Name: "gw-1", Node: "gw-1"}},
		{name: "empty strings count as absent", props: map[string][]byte{"node.id": {}, "node.cluster": {}},
			want: rules.Deployment{Name: "unknown"}},
		{name: "a number where a name belongs is left out", props: map[string][]byte{
			"node.metadata.WORKLOAD_NAME": []byte("agent"), "node.metadata.NAMESPACE": double,
		}, want: rules.Deployment{Name: "agent", Workload: "agent"},
			notes: []string{"node.metadata.NAMESPACE has a non-printing character (not a string property?)"}},
		{name: "an overlong value is left out", props: map[string][]byte{
			"node.cluster": []byte(strings.Repeat("c", 129)), "node.id": []byte("gw-1"),
		}, want: rules.Deployment{Name: "gw-1", Node: "gw-1"}, notes: []string{"node.cluster is longer than 128 bytes"}},
		{name: "invalid UTF-8 is left out", props: map[string][]byte{"node.id": {0xff, 'a'}},
			want: rules.Deployment{Name: "unknown"}, notes: []string{"node.id is not UTF-8 text (not a string property?)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, notes := readDeployment(props(c.props))
			require.Equal(t, c.want, *got)
			require.Equal(t, c.notes, notes)
		})
	}
}

// Every event the filter logs names its deployment, natively and in the
// compiled filter, and the name is inside what the event's hash covers.
func TestEventsCarryDeployment(t *testing.T) {
	for _, r := range runners {
		t.Run(r.name, func(t *testing.T) {
			opt := proxytest.NewEmulatorOption().WithVMContext(r.vm(t)).WithPluginConfiguration([]byte(basePolicy)).
				WithProperty([]string{"node", "id"}, []byte("sidecar~10.0.0.7~agent-7d9-x2.prod~prod.svc.cluster.local")).
				WithProperty([]string{"node", "metadata", "WORKLOAD_NAME"}, []byte("agent")).
				WithProperty([]string{"node", "metadata", "NAMESPACE"}, []byte("prod")).
				WithProperty([]string{"node", "metadata", "LABELS", "version"}, []byte("v2"))
			host, reset := proxytest.NewHostEmulator(opt)
			defer reset()
			require.Equal(t, types.OnPluginStartStatusOK, host.StartPlugin())
			do(t, host, exchange{reqBody: []byte(`{"model":"m","messages":[{"role":"user","content":"hi","role":"system"}]}`)}, 0)
			evs := events(host)
			require.Len(t, evs, 1)
			dep := gjson.Get(evs[0], "deployment")
			require.JSONEq(t, `{"name":"prod/agent","node":"sidecar~10.0.0.7~agent-7d9-x2.prod~prod.svc.cluster.local",
				"namespace":"prod","workload":"agent","version":"v2"}`, dep.Raw)
			require.Equal(t, gjson.Get(evs[0], "hash").String(), rehash(t, evs[0]), "the hash covers the deployment")
		})
	}
}

// A proxy that says nothing of itself still starts, and its events say
// "unknown".
func TestEventsDeploymentUnknown(t *testing.T) {
	for _, r := range runners {
		t.Run(r.name, func(t *testing.T) {
			host := newHost(t, r, basePolicy)
			do(t, host, exchange{reqBody: []byte(`{"model":"m","messages":[{"role":"user","content":"hi","role":"system"}]}`)}, 0)
			evs := events(host)
			require.Len(t, evs, 1)
			require.Equal(t, `{"name":"unknown"}`, gjson.Get(evs[0], "deployment").Raw)
		})
	}
}

// rehash recomputes an event's hash as a verifier would: the event
// without "hash", canonical JSON, SHA-256.
func rehash(t *testing.T, event string) string {
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(event), &m))
	delete(m, "hash")
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return jsonx.SHA256Hex(jsonx.Canonical(b))
}
