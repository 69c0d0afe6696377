package server

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Events from two deployments under two policy versions, as filters post
// them (the shape of rules.Event).
const dashEvents = `[
{"class":"detection_finding","time":"2026-12-07T10:00:00Z","event_id":"a-1","policy_version":"2026-11-26.1","policy_hash":"aaaaaaaaaaaaaaaaaaaa","mode":"enforce","enforced":true,"layer":"context","format":"openai_chat","direction":"request","json_path":"messages.1.content","action":"remove","reason":"injection","rule_ids":["override"],"deployment":{"name":"prod/agent","namespace":"prod","workload":"agent","app":"agent","version":"v1"}},
{"class":"detection_finding","time":"2026-12-07T10:00:30Z","event_id":"a-2","policy_version":"2026-11-26.1","policy_hash":"aaaaaaaaaaaaaaaaaaaa","mode":"enforce","enforced":true,"layer":"tool_gateway","format":"mcp","direction":"request","tool":"delete_repo","action":"block","reason":"tool_denied","rule_ids":["tools.rules[7]"],"deployment":{"name":"prod/agent","namespace":"prod","workload":"agent"}},
{"class":"detection_finding","time":"2026-12-07T10:01:00Z","event_id":"b-1","policy_version":"2026-12-01.2","policy_hash":"bbbbbbbbbbbbbbbbbbbb","mode":"monitor","enforced":false,"layer":"context","format":"openai_chat","direction":"request","action":"remove","reason":"injection","rule_ids":["exfil_link"],"deployment":{"name":"canary/agent","namespace":"canary","workload":"agent"}},
{"class":"detection_finding","time":"2026-12-07T10:02:00Z","event_id":"c-1","policy_version":"2026-11-26.1","policy_hash":"aaaaaaaaaaaaaaaaaaaa","mode":"enforce","enforced":true,"layer":"protocol","format":"openai_chat","direction":"request","action":"block","reason":"ambiguous_json"}
]`

func TestDashboardData(t *testing.T) {
	e := start(t, t.TempDir(), 1, 1)
	code, r, _ := e.do(t, "POST", "/v1/events", "filter", dashEvents)
	require.Equal(t, 200, code, "%v", r)

	t.Run("needs the approver token", func(t *testing.T) {
		for _, path := range []string{"/dashboard/data", "/dashboard/events/1"} {
			for _, auth := range []string{"", "filter", "wrong"} {
				code, body := e.raw(t, "GET", path, auth)
				assert.Equal(t, 401, code, "%s as %q", path, auth)
				assert.NotContains(t, body, "prod/agent")
			}
		}
	})
	t.Run("everything", func(t *testing.T) {
		code, body := e.raw(t, "GET", "/dashboard/data", "approver")
		require.Equal(t, 200, code, body)
		assert.Contains(t, body, "4 of 4 events")
		// Both deployments, each with its policy version, side by side,
		// and the event without a deployment under "unknown".
		assert.Regexp(t, `(?s)<b>canary/agent</b>.*2026-12-01.2 · bbbbbbbbbbbb</code></td><td>monitor</td><td>1</td>`, body)
		assert.Regexp(t, `(?s)<b>prod/agent</b>.*2026-11-26.1 · aaaaaaaaaaaa</code></td><td>enforce</td><td>2</td>`, body)
		assert.Regexp(t, `(?s)<b>unknown</b>.*<td>1</td>`, body)
		assert.Contains(t, body, "2 policy versions in use")
		assert.Contains(t, body, "block 50% (1)<br>remove 50% (1)")
		assert.Contains(t, body, `<code>delete_repo</code>`, "top tools")
		assert.Contains(t, body, `<code>ambiguous_json</code>`, "a protocol event counts under its reason")
		assert.Equal(t, 4, strings.Count(body, `data-seq="`), "every event listed")
		// Two minutes of events: 24 bars of 15 s, the last ending after
		// the newest event.
		assert.Contains(t, body, "2026-12-07 09:56:15 to 2026-12-07 10:02:15 UTC, one bar per 15s")
		assert.Equal(t, 24, strings.Count(body, "<g><title>"), "24 bars")
	})
	t.Run("filtered by layer", func(t *testing.T) {
		code, body := e.raw(t, "GET", "/dashboard/data?layer=context&by=rule", "approver")
		require.Equal(t, 200, code, body)
		assert.Contains(t, body, "2 of 4 events")
		assert.Equal(t, 2, strings.Count(body, `<td class="layer">context</td>`))
		assert.NotContains(t, body, `<td class="layer">tool_gateway</td>`)
		assert.Contains(t, body, `<option selected>context</option>`)
		assert.Contains(t, body, `<i style="background:#2563eb"></i>exfil_link`, "the chart's series are the rules")
	})
	t.Run("filtered by deployment and tool", func(t *testing.T) {
		code, body := e.raw(t, "GET", "/dashboard/data?deployment=prod/agent&tool=delete_repo", "approver")
		require.Equal(t, 200, code, body)
		assert.Contains(t, body, "1 of 4 events")
		assert.Contains(t, body, `data-seq="2"`)
	})
	t.Run("a bad chart dimension is named", func(t *testing.T) {
		code, body := e.raw(t, "GET", "/dashboard/data?by=user", "approver")
		assert.Equal(t, 400, code)
		assert.Contains(t, body, `by: want layer, rule, action or tool, got \"user\"`)
	})
	t.Run("later events are folded in", func(t *testing.T) {
		code, _, _ := e.do(t, "POST", "/v1/events", "filter", `[{"class":"detection_finding","event_id":"later-1","layer":"context","action":"flag","deployment":{"name":"prod/agent"}}]`)
		require.Equal(t, 200, code)
		_, body := e.raw(t, "GET", "/dashboard/data", "approver")
		assert.Contains(t, body, "5 of 5 events")
		assert.Contains(t, body, "(no time)", "an event without a time is listed, not charted")
	})
}

// An event's detail shows its place in the chain, checked against its
// neighbours in the file: an edit on disk shows as a broken chain there.
func TestDashboardEventChain(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, 1, 1)
	code, r, _ := e.do(t, "POST", "/v1/events", "filter", dashEvents)
	require.Equal(t, 200, code, "%v", r)

	code, body := e.raw(t, "GET", "/dashboard/events/2", "approver")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "Chain verified")
	assert.Contains(t, body, "at record 2 of 4")
	assert.Contains(t, body, "is record 1's hash")
	assert.Contains(t, body, "record 3 links to it")
	assert.Contains(t, body, `&#34;tool&#34;: &#34;delete_repo&#34;`, "the event, pretty-printed and escaped")

	_, body = e.raw(t, "GET", "/dashboard/events/1", "approver")
	assert.Contains(t, body, "first record")
	_, body = e.raw(t, "GET", "/dashboard/events/4", "approver")
	assert.Contains(t, body, "last record: nothing links to it yet")
	assert.Contains(t, body, "Chain verified")

	for path, want := range map[string]int{"/dashboard/events/5": 404, "/dashboard/events/0": 400, "/dashboard/events/x": 400} {
		code, body := e.raw(t, "GET", path, "approver")
		assert.Equal(t, want, code, "%s: %s", path, body)
	}

	// Someone edits record 2's action on disk.
	seg := filepath.Join(dir, "events", "events-000001.jsonl")
	b, err := os.ReadFile(seg)
	require.NoError(t, err)
	edited := strings.Replace(string(b), `"action":"block","reason":"tool_denied"`, `"action":"allow","reason":"tool_denied"`, 1)
	require.NotEqual(t, string(b), edited)
	require.NoError(t, os.WriteFile(seg, []byte(edited), 0o640))
	_, body = e.raw(t, "GET", "/dashboard/events/2", "approver")
	assert.Contains(t, body, "Chain BROKEN")
	assert.Contains(t, body, "does not match its content: edited")
	_, body = e.raw(t, "GET", "/dashboard/events/3", "approver")
	assert.Contains(t, body, "Chain verified", "record 3 links to record 2's stored hash, which was left as it was")
}

// The page carries no data without the token, sets no cookie, and allows
// exactly its own inline script.
func TestDashboardPage(t *testing.T) {
	e := start(t, t.TempDir(), 1, 1)
	code, r, _ := e.do(t, "POST", "/v1/events", "filter", dashEvents)
	require.Equal(t, 200, code, "%v", r)
	for _, path := range []string{"/", "/dashboard"} {
		resp, err := http.Get(e.url + path)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		require.Equal(t, 200, resp.StatusCode)
		assert.Empty(t, resp.Header.Values("Set-Cookie"))
		assert.Contains(t, body, "events stored: 4")
		assert.Contains(t, body, "Pending approvals: 0")
		assert.NotContains(t, body, "prod/agent")
		m := regexp.MustCompile(`(?s)<script>(.*)</script>`).FindStringSubmatch(body)
		require.NotNil(t, m, "the page has its script")
		sum := sha256.Sum256([]byte(m[1]))
		csp := resp.Header.Get("Content-Security-Policy")
		assert.Contains(t, csp, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'", "the CSP allows the script as served")
		assert.Contains(t, csp, "default-src 'none'")
		assert.Contains(t, csp, "frame-ancestors 'none'")
	}
}
