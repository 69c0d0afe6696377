package main

import (
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

// A setting from the environment that is not an integer stops the runner
// with an error naming it; it never runs on the default instead.
func TestBadEnvIntegerRefused(t *testing.T) {
	t.Setenv("AISECOPS_RUNNER_MEMORY_BUDGET_MB", "1g")
	t.Setenv("AISECOPS_RUNNER_QUEUE", "16x")
	err := run(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.Error(t, err)
	require.Contains(t, err.Error(), `AISECOPS_RUNNER_MEMORY_BUDGET_MB: invalid value "1g": want an integer`)
	require.Contains(t, err.Error(), `AISECOPS_RUNNER_QUEUE: invalid value "16x"`)
}
