package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withEvidence adds evidence capture (every exchange: sample_allowed 1)
// to a policy document.
func withEvidence(pol []byte) []byte {
	return []byte(strings.Replace(string(pol), `"approval":`, `"evidence": {"sample_allowed": 1, "max_exchange_bytes": 8388608, "max_bytes_per_second": 67108864},
  "approval":`, 1))
}

// captureResult is the part of `aisecops replay --captures --json` read
// here.
type replayJSON struct {
	Captures []struct {
		ID       string   `json:"capture_id"`
		Path     string   `json:"path"`
		Recorded []string `json:"recorded"`
		Status   string   `json:"status"`
		UnderOld []string `json:"under_recorded_policy"`
		Detail   string   `json:"detail"`
		Changed  bool     `json:"changed"`
		Added    []string `json:"added"`
		Removed  []string `json:"removed"`
	} `json:"captures"`
	Summary struct {
		Captures  int `json:"captures"`
		Identical int `json:"identical"`
		Changed   int `json:"changed_under_new_policy"`
	} `json:"summary"`
}

// TestCaptureReplay runs the e2e scenarios with evidence capture on, then
// replays the runner's captures: each re-decides as recorded under its
// recorded policy; a stricter policy (search_docs denied) and a looser one
// (delete_* allowed) change exactly the captures that call or list those
// tools, and nothing else. Nothing of a body reaches the proxy log.
func TestCaptureReplay(t *testing.T) {
	st, err := StartStack(testbuild.Root())
	require.NoError(t, err)
	defer st.Close()
	pol, err := st.Policy(false)
	require.NoError(t, err)
	pol = withEvidence(pol)
	env, err := st.EmbeddedWith(wasmhost.Wazero, pol)
	require.NoError(t, err)
	want := len(recordScenarios(t, env))

	// Captures are posted off the request path: wait until the runner
	// holds one per exchange.
	export := filepath.Join(t.TempDir(), "captures.jsonl")
	var lines int
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		b := getCaptures(t, st)
		lines = 0
		for _, l := range bytes.Split(b, []byte("\n")) {
			if bytes.Contains(l, []byte(`"capture":`)) {
				lines++
			}
		}
		if lines >= want || time.Now().After(deadline) {
			// Two ticks more: nothing is still on its way.
			time.Sleep(2500 * time.Millisecond)
			b = getCaptures(t, st)
			lines = bytes.Count(b, []byte(`{"capture":`))
			require.NoError(t, os.WriteFile(export, b, 0o600))
			break
		}
	}
	// The driver records what it forwarded; the filter also captures
	// what it refused before the driver saw a whole exchange.
	require.GreaterOrEqual(t, lines, want, "a capture per exchange the driver saw; runner: %s", st.runnerStderr())
	want = lines
	assert.Zero(t, env.Metric("aisecops_captures_total", "outcome", "dropped"))
	assert.Zero(t, env.Metric("aisecops_captures_total", "outcome", "failed"))
	// The oversized body is refused unread: its capture keeps its size.
	assert.Zero(t, env.Metric("aisecops_captures_total", "outcome", "truncated"))

	// Under the recorded policy every capture decides as recorded.
	same := replayCaptures(t, st, export, nil, 0)
	require.Equal(t, want, same.Summary.Captures)
	for _, c := range same.Captures {
		assert.Equal(t, "identical", c.Status, "capture %s %s: %s; recorded %v, re-decided %v", c.ID, c.Path, c.Detail, c.Recorded, c.UnderOld)
	}
	require.Equal(t, want, same.Summary.Identical)

	dir := t.TempDir()
	write := func(name, from, to string) string {
		require.Contains(t, string(pol), from)
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(pol), from, to, 1)), 0o600))
		return p
	}
	stricter := write("stricter.json", `{"name": "search_docs",`, `{"name": "search_docs", "action": "deny",`)
	looser := write("looser.json", `{"name": "delete_*", "risk": "irreversible", "action": "deny"}`, `{"name": "delete_*"}`)

	// Stricter: search_docs denied. Expected: a capture changes exactly
	// when it recorded search_docs as a call or a listed tool in a body
	// the gateway judges (an MCP tools/call or tools/list, a tool call in
	// an LLM response), and each change adds search_docs events only.
	res := replayCaptures(t, st, export, &stricter, 1)
	for _, c := range res.Captures {
		ex := exchangeOf(t, export, c.ID)
		expect := callsOrLists(ex, "search_docs")
		assert.Equal(t, expect, c.Changed, "stricter: capture %s %s: added %v removed %v", c.ID, c.Path, c.Added, c.Removed)
		for _, k := range c.Added {
			assert.Contains(t, k, ":search_docs", "stricter: capture %s", c.ID)
		}
	}
	assert.Positive(t, res.Summary.Changed)

	// Looser: delete_* allowed. Expected: exactly the captures that
	// recorded a delete_* event change, and they lose those events only.
	res = replayCaptures(t, st, export, &looser, 1)
	for _, c := range res.Captures {
		var recDelete []string
		for _, k := range c.Recorded {
			if strings.Contains(k, ":delete_") {
				recDelete = append(recDelete, k)
			}
		}
		assert.Equal(t, len(recDelete) > 0, c.Changed, "looser: capture %s %s: added %v removed %v", c.ID, c.Path, c.Added, c.Removed)
		assert.Empty(t, c.Added, "looser: capture %s", c.ID)
		assert.ElementsMatch(t, recDelete, c.Removed, "looser: capture %s", c.ID)
	}
	assert.Positive(t, res.Summary.Changed)

	// Captures go to the runner, never to the proxy log: no body the
	// agents sent or received appears in what the filter logged.
	logged := strings.Join(env.Events(), "\n")
	assert.NotContains(t, logged, `"exchange"`)
	assert.NotContains(t, logged, "please delete the old report")
}

func getCaptures(t *testing.T, st *Stack) []byte {
	req, err := http.NewRequest("GET", st.RunnerURL+"/v1/captures?limit=100000", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+st.ApproverToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode, buf.String())
	return buf.Bytes()
}

// replayCaptures runs the CLI on an export and reads its JSON report.
func replayCaptures(t *testing.T, st *Stack, export string, policy *string, wantExit int) replayJSON {
	args := []string{"replay", "--captures", export, "--json"}
	if policy != nil {
		args = append(args, "--policy", *policy)
	}
	cmd := exec.Command(st.buildPath("aisecops"), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	var r replayJSON
	require.NoError(t, json.Unmarshal(out, &r), string(out))
	if code != wantExit {
		for _, c := range r.Captures {
			if c.Status == "differs" {
				t.Errorf("capture %s %s differs from its record: recorded %v, re-decided %v", c.ID, c.Path, c.Recorded, c.UnderOld)
			}
		}
		t.Fatalf("aisecops %v: exit %d, want %d: %s", args, code, wantExit, stderr.String())
	}
	return r
}

// exchangeOf finds a capture's exchange in an export.
func exchangeOf(t *testing.T, export, id string) recording.Exchange {
	b, err := os.ReadFile(export)
	require.NoError(t, err)
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		el, err := recording.ParseExportLine(l)
		require.NoError(t, err)
		if el.Capture != nil && el.Capture.ID == id {
			return el.Capture.Exchange
		}
	}
	t.Fatalf("capture %s not in the export", id)
	return recording.Exchange{}
}

// callsOrLists reports whether an exchange carries tool as something the
// gateway judges: the name of an MCP tools/call, a tool in a tools/list
// answer, or a tool call in an LLM response.
func callsOrLists(ex recording.Exchange, tool string) bool {
	req, _ := ex.Body()
	chunks, _ := ex.Chunks()
	resp := string(bytes.Join(chunks, nil))
	name := `"name":"` + tool + `"`
	switch {
	case strings.Contains(string(req), `"method":"tools/call"`) && strings.Contains(string(req), name):
		return true
	case strings.Contains(resp, `"tools":[`) && strings.Contains(resp, name):
		return true
	case strings.Contains(resp, `"tool_calls"`) || strings.Contains(resp, `"tool_use"`) || strings.Contains(resp, `"function_call"`):
		return strings.Contains(resp, name) || strings.Contains(resp, `\"name\":\"`+tool+`\"`)
	}
	return false
}
