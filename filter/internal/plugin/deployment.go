package plugin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aisecops/aisecops/rules"
)

// The properties the deployment identity is read from: Envoy's node (its
// bootstrap `node` block), and the node metadata Istio's agent writes for
// every sidecar (WORKLOAD_NAME, NAMESPACE and LABELS, the pod's labels).
// Envoy walks the path through the node message and the metadata Struct,
// and answers a string value as its bytes; anything else (a number, a
// list, a whole Struct) comes back serialized and is not a name we use.
var (
	propNodeID    = []string{"node", "id"}
	propCluster   = []string{"node", "cluster"}
	propWorkload  = []string{"node", "metadata", "WORKLOAD_NAME"}
	propNamespace = []string{"node", "metadata", "NAMESPACE"}
	// Labels in the order they are tried: the Kubernetes convention
	// first, then Istio's canonical service labels.
	propApp     = [][]string{{"node", "metadata", "LABELS", "app"}, {"node", "metadata", "LABELS", "service.istio.io/canonical-name"}}
	propVersion = [][]string{{"node", "metadata", "LABELS", "version"}, {"node", "metadata", "LABELS", "service.istio.io/canonical-revision"}}
)

// maxIdentityBytes bounds each identity field: events carry it whole.
const maxIdentityBytes = 128

// readDeployment asks the host, once per VM at plugin start, who this
// proxy is. A property the host does not have is left out; one that is
// not a short printable string is left out and named in the notes (the
// caller logs them). It never fails: a proxy that says nothing of itself
// is named rules.DeploymentUnknown.
func readDeployment(get func(path []string) ([]byte, error)) (d *rules.Deployment, notes []string) {
	read := func(paths ...[]string) string {
		for _, path := range paths {
			b, err := get(path)
			if err != nil || len(b) == 0 {
				continue
			}
			if why := badIdentity(b); why != "" {
				notes = append(notes, strings.Join(path, ".")+" "+why)
				continue
			}
			return string(b)
		}
		return ""
	}
	d = &rules.Deployment{Node: read(propNodeID), Cluster: read(propCluster), Workload: read(propWorkload),
		Namespace: read(propNamespace), App: read(propApp...), Version: read(propVersion...)}
	switch {
	case d.Namespace != "" && d.Workload != "":
		d.Name = d.Namespace + "/" + d.Workload
	case d.Workload != "":
		d.Name = d.Workload
	case d.Cluster != "":
		d.Name = d.Cluster
	case d.Node != "":
		d.Name = d.Node
	default:
		d.Name = rules.DeploymentUnknown
	}
	return d, notes
}

// badIdentity says why b cannot be an identity field ("" when it can).
func badIdentity(b []byte) string {
	if len(b) > maxIdentityBytes {
		return "is longer than 128 bytes"
	}
	if !utf8.Valid(b) {
		return "is not UTF-8 text (not a string property?)"
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) {
			return "has a non-printing character (not a string property?)"
		}
	}
	return ""
}
