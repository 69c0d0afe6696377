package wasmhost

import (
	"encoding/binary"
	"math"
)

// Node is the proxy's own identity as Envoy serves it through the
// proxy_get_property paths under "node": node.id and node.cluster (the
// bootstrap's node block) and node.metadata.KEY (its metadata Struct, where
// Istio's agent writes WORKLOAD_NAME, NAMESPACE, LABELS and more).
//
// Envoy walks a path through the node message and the Struct and
// serializes what it reaches: a string as its bytes, a number as 8 bytes
// of a little-endian double, a map as proxy-wasm pairs (the header-map
// encoding). Metadata values here are string, float64 or map[string]string
// (a nested Struct of strings, as LABELS is), served the same way; a path
// into a map's key (node.metadata.LABELS.app) reaches that value. Paths
// that stop at a message (node, node.metadata), where Envoy answers
// protobuf bytes, are not modelled and are not found.
type Node struct {
	ID       string
	Cluster  string
	Metadata map[string]any
}

// property answers one property path; ok is false where Envoy answers
// NotFound (and for the paths not modelled).
func (n *Node) property(path []string) ([]byte, bool) {
	if n == nil || len(path) < 2 || path[0] != "node" {
		return nil, false
	}
	switch {
	case len(path) == 2 && path[1] == "id":
		return []byte(n.ID), true
	case len(path) == 2 && path[1] == "cluster":
		return []byte(n.Cluster), true
	case len(path) < 3 || path[1] != "metadata":
		return nil, false
	}
	v, ok := n.Metadata[path[2]]
	if !ok {
		return nil, false
	}
	switch v := v.(type) {
	case string:
		if len(path) == 3 {
			return []byte(v), true
		}
	case float64:
		if len(path) == 3 {
			return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)), true
		}
	case map[string]string:
		switch len(path) {
		case 3:
			return writePairs(v), true
		case 4:
			if s, ok := v[path[3]]; ok {
				return []byte(s), true
			}
		}
	}
	return nil, false
}

// IstioSidecar is the node an Istio sidecar of a pod of workload in
// namespace reports: Istio's node id (sidecar~IP~POD.NAMESPACE~NAMESPACE.svc.cluster.local),
// its service cluster (WORKLOAD.NAMESPACE), and the metadata keys the
// filter reads, with the pod's app and version labels.
func IstioSidecar(namespace, workload, app, version string) *Node {
	pod := workload + "-7d9f8c6b5-x2x4q"
	return &Node{
		ID:      "sidecar~10.0.0.7~" + pod + "." + namespace + "~" + namespace + ".svc.cluster.local",
		Cluster: workload + "." + namespace,
		Metadata: map[string]any{
			"NAME": pod, "WORKLOAD_NAME": workload, "NAMESPACE": namespace, "CLUSTER_ID": "Kubernetes",
			"LABELS": map[string]string{"app": app, "version": version,
				"service.istio.io/canonical-name": app, "service.istio.io/canonical-revision": version},
		},
	}
}
