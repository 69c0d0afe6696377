package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// observed is what one scenario left: what the agent saw, how much each
// filter metric moved, and its security events, with what differs from
// run to run dropped (see observe).
type observed struct {
	Outcome Outcome
	Metrics map[string]int64
	Events  []string
}

// runScenarios runs every scenario and returns what each left.
func runScenarios(t *testing.T, st *Stack, normal, monitor *Env) map[string]observed {
	seen := map[string]observed{}
	for _, sc := range Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			env := normal
			if sc.Monitor {
				env = monitor
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var before map[string]int64
			if env.Metrics != nil {
				before = env.Metrics()
			}
			nEvents := len(env.Events())
			out, err := Check(ctx, env, sc)
			require.NoError(t, err)
			require.Equal(t, sc.Expect, trimArrow(out.Decision), "decision")
			if env.Violations != nil {
				require.Empty(t, env.Violations(), "the filter did something Envoy ignores or refuses")
			}
			if env.Metrics != nil {
				seen[sc.Name] = observe(t, out, before, env.Metrics(), env.Events()[nEvents:])
			}
		})
	}
	return seen
}

var loopbackPort = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)

// notCompared are metrics that differ between two runs of the same
// traffic: time spent, and memory held.
var notCompared = []string{"aisecops_inspect_duration_us", "aisecops_wasm_memory_bytes"}

// observe keeps what must not depend on the runtime: the agent's view,
// the metrics that moved and by how much, and the events without their
// times, ids and hashes (sorted: streams of one scenario may overlap).
func observe(t *testing.T, out Outcome, before, after map[string]int64, events []string) observed {
	o := observed{Outcome: out, Metrics: map[string]int64{}}
	for _, e := range events {
		// An agent may be shown an event's id (the runner's log scenario).
		if id := gjson.Get(e, "event_id").String(); id != "" {
			o.Outcome.AgentSaw = strings.ReplaceAll(o.Outcome.AgentSaw, id, "<event_id>")
		}
	}
	// Each runtime's stack listens on ports of its own (an SDK's error
	// names the URL it called).
	o.Outcome.AgentSaw = loopbackPort.ReplaceAllString(o.Outcome.AgentSaw, "127.0.0.1:<port>")
	for name, v := range after {
		skip := false
		for _, p := range notCompared {
			skip = skip || strings.HasPrefix(name, p)
		}
		if d := v - before[name]; d != 0 && !skip {
			o.Metrics[name] = d
		}
	}
	for _, line := range events {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), "%s", line)
		for _, k := range volatile {
			delete(m, k)
		}
		b, err := json.Marshal(m)
		require.NoError(t, err)
		o.Events = append(o.Events, string(b))
	}
	sort.Strings(o.Events)
	return o
}

// trimArrow compares "approve → denied" with its expected "approve".
func trimArrow(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ' ' && s[i+1] == 0xe2 {
			return s[:i]
		}
	}
	return s
}

// TestEmbeddedDriver runs every scenario with the compiled filter in
// wazero, then in V8 (Node.js; skipped, saying why, when there is none),
// each on a stack of its own, and requires the same agent-visible
// results, metrics and events from both.
func TestEmbeddedDriver(t *testing.T) {
	seen := map[wasmhost.Runtime]map[string]observed{}
	for _, rt := range wasmhost.Runtimes {
		t.Run(string(rt), func(t *testing.T) {
			start := time.Now()
			st, err := StartStack(testbuild.Root())
			require.NoError(t, err)
			defer st.Close()
			normal, err := st.EmbeddedOn(rt, false)
			if errors.Is(err, wasmhost.ErrNoNode) {
				t.Skip(err.Error())
			}
			require.NoError(t, err)
			monitor, err := st.EmbeddedOn(rt, true)
			require.NoError(t, err)
			t.Logf("filter in %s", normal.Engine)
			seen[rt] = runScenarios(t, st, normal, monitor)
			t.Logf("%d scenarios under %s in %s (stack, filter start and scenarios)", len(Scenarios), rt, time.Since(start).Round(time.Millisecond))
		})
	}
	t.Run("same under wazero and v8", func(t *testing.T) {
		w, v := seen[wasmhost.Wazero], seen[wasmhost.V8]
		if v == nil {
			t.Skip("no V8 run to compare (see the v8 subtest)")
		}
		require.Len(t, w, len(Scenarios), "every scenario ran under wazero")
		require.Len(t, v, len(Scenarios), "every scenario ran under v8")
		events, metrics := 0, 0
		for _, o := range w {
			events += len(o.Events)
			metrics += len(o.Metrics)
		}
		require.Greater(t, events, len(Scenarios)/2, "the scenarios log events to compare")
		require.Greater(t, metrics, len(Scenarios), "the scenarios move metrics to compare")
		for _, sc := range Scenarios {
			assert.Equal(t, w[sc.Name], v[sc.Name], "scenario %q: wazero (expected) and v8 (actual) differ", sc.Name)
		}
	})
}

// TestEnvoyDriver runs the same scenarios through real Envoy. Without an
// Envoy binary it skips, saying why and how to get one.
func TestEnvoyDriver(t *testing.T) {
	st, err := StartStack(testbuild.Root())
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	normal, err := st.Envoy(ctx, false)
	if err != nil {
		t.Skip(err.Error())
	}
	monitor, err := st.Envoy(ctx, true)
	require.NoError(t, err)
	runScenarios(t, st, normal, monitor)
}
