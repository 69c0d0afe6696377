package wasmhost

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The node properties are answered the way Envoy serializes them (paths
// are written with | between segments: label keys hold dots).
func TestNodeProperty(t *testing.T) {
	n := IstioSidecar("prod", "agent", "agent-app", "v2")
	n.Metadata["REPLICAS"] = 3.0
	cases := []struct {
		path string
		want []byte
		ok   bool
	}{
		{"node|id", []byte("sidecar~10.0.0.7~agent-7d9f8c6b5-x2x4q.prod~prod.svc.cluster.local"), true},
		{"node|cluster", []byte("agent.prod"), true},
		{"node|metadata|WORKLOAD_NAME", []byte("agent"), true},
		{"node|metadata|NAMESPACE", []byte("prod"), true},
		{"node|metadata|LABELS|version", []byte("v2"), true},
		{"node|metadata|LABELS|service.istio.io/canonical-name", []byte("agent-app"), true},
		{"node|metadata|LABELS", writePairs(n.Metadata["LABELS"].(map[string]string)), true},
		{"node|metadata|REPLICAS", binary.LittleEndian.AppendUint64(nil, math.Float64bits(3)), true},
		{"node|metadata|LABELS|missing", nil, false},
		{"node|metadata|MISSING", nil, false},
		{"node|metadata|NAMESPACE|deeper", nil, false},
		{"node|metadata", nil, false},
		{"node", nil, false},
		{"node|locality", nil, false},
		{"request|path", nil, false},
	}
	for _, c := range cases {
		got, ok := n.property(strings.Split(c.path, "|"))
		require.Equal(t, c.ok, ok, c.path)
		require.Equal(t, c.want, got, c.path)
	}
	_, ok := (*Node)(nil).property([]string{"node", "id"})
	require.False(t, ok, "a host without a node has no node properties")
}
