package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A request refused unread as over max_body_bytes is captured by its
// size: it re-decides as recorded, and under a policy whose limit it
// fits replay says it cannot decide it rather than guess.
func TestReplayCaptureOfAnUnreadBody(t *testing.T) {
	dir := t.TempDir()
	doc := `{"policy_version": "small", "max_body_bytes": 1024}`
	pol, err := rules.Load([]byte(doc))
	require.NoError(t, err)
	event := `{"direction":"request","layer":"protocol","action":"block","reason":"body_too_large"}`
	c := recording.Capture{ID: "vm-c1", Time: "2026-12-07T01:02:03Z", PolicyVersion: "small", PolicyHash: pol.Hash(),
		Events: []json.RawMessage{json.RawMessage(event)},
		Exchange: recording.Exchange{Method: "POST", Path: "/v1/chat/completions", Authority: "api.openai.com",
			RequestHeaders: map[string]string{"content-type": "application/json"}, RequestBodyUnread: 5000}}
	p, err := json.Marshal(recording.ExportLine{Policy: &recording.PolicyDoc{Hash: pol.Hash(), Document: json.RawMessage(doc)}})
	require.NoError(t, err)
	cl, err := json.Marshal(recording.ExportLine{Capture: &c})
	require.NoError(t, err)
	export := filepath.Join(dir, "captures.jsonl")
	require.NoError(t, os.WriteFile(export, []byte(string(p)+"\n"+string(cl)+"\n"), 0o600))

	code, out, errOut := runCLI("replay", "--captures", export)
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "1 captures: 1 re-decided as recorded")

	big := filepath.Join(dir, "big.json")
	require.NoError(t, os.WriteFile(big, []byte(`{"policy_version": "big", "max_body_bytes": 1048576}`), 0o600))
	code, out, errOut = runCLI("replay", "--captures", export, "--policy", big)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, errOut, "1 captures cannot be decided under big")
	assert.Contains(t, out, "NOT DECIDED under the new policy: cannot re-decide: the request body was refused unread (5000 bytes)")
	assert.Contains(t, out, "0 decided differently under big, 1 could not be decided under it")
	assert.False(t, strings.Contains(out, "CHANGED"))
}
