package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/stretchr/testify/require"
)

func runScenarios(t *testing.T, st *Stack, normal, monitor *Env) {
	for _, sc := range Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			env := normal
			if sc.Monitor {
				env = monitor
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			out, err := Check(ctx, env, sc)
			require.NoError(t, err)
			require.Equal(t, sc.Expect, trimArrow(out.Decision), "decision")
			if env.Violations != nil {
				require.Empty(t, env.Violations(), "the filter did something Envoy ignores or refuses")
			}
		})
	}
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

func TestEmbeddedDriver(t *testing.T) {
	st, err := StartStack(testbuild.Root())
	require.NoError(t, err)
	defer st.Close()
	normal, err := st.Embedded(false)
	require.NoError(t, err)
	monitor, err := st.Embedded(true)
	require.NoError(t, err)
	runScenarios(t, st, normal, monitor)
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
