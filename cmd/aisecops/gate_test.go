package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPolicyGate runs the policy change gate the way docs/replay.md tells
// CI to: the candidate policy's changes on the recorded set must be
// exactly the expected ones.
func TestPolicyGate(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "gate")
	t.Chdir(dir)
	code, out, errOut := runCLI("replay", "--baseline", "baseline.json", "--policy", "candidate.json",
		"--expect", "expected-changes.txt", "exchanges.jsonl")
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "changes are exactly the 1 expected")

	// A change nobody expected fails the gate and is named.
	tmp := t.TempDir()
	none := filepath.Join(tmp, "none.txt")
	require.NoError(t, os.WriteFile(none, []byte("# no change expected\n"), 0o644))
	code, _, errOut = runCLI("replay", "--baseline", "baseline.json", "--policy", "candidate.json", "--expect", none, "exchanges.jsonl")
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, errOut, "unexpected change: exchanges.jsonl:1 POST /v1/chat/completions CHANGED allow")

	// So does an expected change that does not happen.
	code, _, errOut = runCLI("replay", "--baseline", "baseline.json", "--policy", "baseline.json", "--expect", "expected-changes.txt", "exchanges.jsonl")
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, errOut, "expected change did not happen: exchanges.jsonl:1")
}
