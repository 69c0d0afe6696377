package plugin

import (
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A streamed tool call that needs a human holds the stream while the
// runner asks (llmhold.go): approved, the held events reach the client as
// they came; denied or failed, the stream ends with the API's error.

const approvePolicy = `{
  "policy_version": "stream-approve",
  "max_body_bytes": 65536,
  "tools": {"default": "deny", "rules": [{"name": "get_weather"}, {"name": "search_docs"},
    {"name": "send_email", "risk": "irreversible", "action": "approve"}]},
  "sandbox_runner": {"cluster": "runner", "authority": "runner", "timeout_ms": 1000},
  "approval": {"timeout_ms": 5000}
}`

// fakeRunner answers the approval hand-off with state for every wait
// (status 0: the runner is down) and records the paths asked for.
func fakeRunner(h *wasmhost.Host, state string, status int, paths *[]string) func() {
	h.Upstream = func(_ string, hdrs map[string]string, _ []byte) (int, map[string]string, []byte) {
		*paths = append(*paths, hdrs[":method"]+" "+strings.SplitN(hdrs[":path"], "?", 2)[0])
		if status == 0 {
			return 0, nil, nil
		}
		js := map[string]string{"content-type": "application/json"}
		switch {
		case hdrs[":method"] == "POST" && hdrs[":path"] == runnerapi.PathApprovals:
			return 201, js, []byte(`{"id":"a1b2c3","state":"pending"}`)
		case hdrs[":method"] == "POST":
			return 200, js, []byte(`{"id":"a1b2c3","state":"consumed"}`)
		}
		return 200, js, []byte(`{"id":"a1b2c3","state":"` + state + `"}`)
	}
	return func() { h.Upstream = nil }
}

func approveCases() []llmCase {
	cases := llmCases()
	var out []llmCase
	for _, tc := range cases {
		if !strings.HasSuffix(tc.name, "denied") {
			continue
		}
		tc.name = strings.TrimSuffix(tc.name, " denied")
		tc.policy = approvePolicy
		tc.stream = strings.ReplaceAll(tc.stream, "delete_db", "send_email")
		out = append(out, tc)
	}
	require.Len(nil, out, 3)
	return out
}

// TestLLMApprovalAnyChunking: approved, the stream reaches the client
// byte-identical; denied, the text before the call and the error event;
// the same at every split point and for every API.
func TestLLMApprovalAnyChunking(t *testing.T) {
	for _, tc := range approveCases() {
		for _, state := range []string{"approved", "denied"} {
			t.Run(tc.name+"/"+state, func(t *testing.T) {
				h := envoyHost(t, approvePolicy)
				var paths []string
				defer fakeRunner(h, state, 200, &paths)()
				got, decisions := runLLM(t, tc, nil)
				require.Contains(t, strings.Join(decisions, ";"), "tool_gateway|send_email|approve|tool_approve")
				want := []string{"POST " + runnerapi.PathApprovals, "GET " + runnerapi.ApprovalPath("a1b2c3")}
				if state == "approved" {
					want = append(want, "POST "+runnerapi.ConsumePath("a1b2c3"))
					require.Equal(t, tc.stream, got, "approved: the held events go on as they came")
				} else {
					require.True(t, strings.HasPrefix(got, tc.want), "the text before the call flowed:\n%s", got)
					last := wire.ParseSSE([]byte(got[len(tc.want):]))
					require.Len(t, last, 1, "one error event ends the stream: %q", got[len(tc.want):])
					assert.Equal(t, "approval_denied", refusedWith(t, result{downBody: []byte(got)}))
				}
				assert.Equal(t, want, paths)
				for i := 1; i < len(tc.stream); i++ {
					paths = paths[:0]
					g, d := runLLM(t, tc, []int{i})
					if g != got || strings.Join(d, ";") != strings.Join(decisions, ";") || len(paths) != len(want) {
						t.Fatalf("split at byte %d: the client got\n%s\nwant\n%s\ndecisions %v, want %v; runner %v", i, g, got, d, decisions, paths)
					}
				}
			})
		}
	}
}

// TestLLMApprovalHoldsWhileAsking: while the runner has not answered,
// nothing from the call on reaches the client, however much the upstream
// sends (its end included); Envoy keeps nothing of it; the answer
// releases or refuses what was held.
func TestLLMApprovalHoldsWhileAsking(t *testing.T) {
	for _, tc := range approveCases() {
		for _, state := range []string{"approved", "denied"} {
			t.Run(tc.name+"/"+state, func(t *testing.T) {
				h := envoyHost(t, approvePolicy)
				var paths []string
				defer fakeRunner(h, state, 200, &paths)()
				h.DeferCallouts = true
				defer func() { h.DeferCallouts = false }()
				s := startLLM(t, h, tc)
				// The text flows; then the whole call and what follows, in
				// three chunks: the runner is asked after the first.
				act, err := h.ResponseBody(s, []byte(tc.want), false)
				require.NoError(t, err)
				require.Equal(t, wasmhost.Continue, act)
				rest := tc.stream[len(tc.want):]
				end := strings.LastIndex(rest, "\n\nevent:")
				if end < 0 {
					end = strings.LastIndex(rest[:len(rest)-2], "\n\n")
				}
				end += 2 // the call is complete in the first part
				parts := []string{rest[:end], rest[end : end+5], rest[end+5:]}
				for i, p := range parts {
					act, err := h.ResponseBody(s, []byte(p), i == len(parts)-1)
					require.NoError(t, err)
					assert.Equal(t, wasmhost.Pause, act, "chunk %d: the stream waits for the human", i)
					assert.Equal(t, tc.want, string(s.ClientBody()), "chunk %d: only the text before the call went out", i)
					assert.Equal(t, 1, h.Pending(), "the approval is being created")
				}
				require.NoError(t, h.ServeCallouts())
				require.NoError(t, h.End(s))
				require.Empty(t, s.Violations)
				if state == "approved" {
					assert.Equal(t, tc.stream, string(s.ClientBody()))
				} else {
					assert.Equal(t, "approval_denied", refusedWith(t, result{downBody: s.ClientBody()}))
					assert.NotContains(t, string(s.ClientBody()), "send_email")
				}
			})
		}
	}
}

// TestLLMApprovalFailures: a runner down refuses the held call
// (runner_error) under on_error allow too; a call the policy refuses
// while another waits for a human ends the stream at once, and the
// human's later answer changes nothing.
func TestLLMApprovalFailures(t *testing.T) {
	tc := approveCases()[1] // Anthropic
	t.Run("runner down, on_error allow", func(t *testing.T) {
		tc := tc
		tc.policy = strings.Replace(approvePolicy, `"max_body_bytes"`, `"on_error": "allow", "max_body_bytes"`, 1)
		h := envoyHost(t, tc.policy)
		var paths []string
		defer fakeRunner(h, "", 0, &paths)()
		before, _ := h.Counter("aisecops_errors_total.kind.runner_error")
		got, _ := runLLM(t, tc, nil)
		after, _ := h.Counter("aisecops_errors_total.kind.runner_error")
		require.True(t, strings.HasPrefix(got, tc.want), got)
		assert.Equal(t, "runner_error", refusedWith(t, result{downBody: []byte(got)}))
		assert.Equal(t, int64(1), after-before, "counted")
	})
	t.Run("denied call while waiting", func(t *testing.T) {
		stream := anthropicStream("send_email", "delete_db")
		h := envoyHost(t, approvePolicy)
		var paths []string
		defer fakeRunner(h, "approved", 200, &paths)()
		h.DeferCallouts = true
		defer func() { h.DeferCallouts = false }()
		s := startLLM(t, h, llmCase{path: tc.path, req: tc.req})
		act, err := h.ResponseBody(s, []byte(stream), true)
		require.NoError(t, err)
		got := string(s.ClientBody())
		assert.Equal(t, wasmhost.Continue, act, "refused: nothing left to wait for")
		require.True(t, strings.HasPrefix(got, tc.want), got)
		assert.Equal(t, "tool_denied", refusedWith(t, result{downBody: []byte(got)}))
		require.NoError(t, h.ServeCallouts())
		require.NoError(t, h.End(s))
		assert.Equal(t, got, string(s.ClientBody()), "the approval that came later released nothing")
		require.Empty(t, s.Violations)
		assert.NotContains(t, got, "send_email")
	})
	t.Run("two calls, both asked", func(t *testing.T) {
		stream := anthropicStream("send_email", "get_weather", "send_email")
		h := envoyHost(t, approvePolicy)
		var paths []string
		defer fakeRunner(h, "approved", 200, &paths)()
		got, _ := runLLM(t, llmCase{policy: approvePolicy, path: tc.path, req: tc.req, stream: stream}, []int{len(tc.want) + 10})
		assert.Equal(t, stream, got)
		assert.Len(t, paths, 6, "create, wait, consume for each: %v", paths)
		assert.Equal(t, 2, strings.Count(strings.Join(paths, ","), "consume"))
	})
}

// TestLLMApprovalHeldOverLimit: what the upstream sends while a call
// waits for a human is held in the VM against max_body_bytes; past it the
// stream is refused (body_too_large, counted) even under on_error allow,
// which would otherwise let the unapproved call through, and the answer
// that comes later changes nothing.
func TestLLMApprovalHeldOverLimit(t *testing.T) {
	tc := approveCases()[1] // Anthropic
	pol := strings.Replace(approvePolicy, `"max_body_bytes": 65536`, `"on_error": "allow", "max_body_bytes": 4096`, 1)
	h := envoyHost(t, pol)
	var paths []string
	defer fakeRunner(h, "approved", 200, &paths)()
	h.DeferCallouts = true
	defer func() { h.DeferCallouts = false }()
	before, _ := h.Counter("aisecops_errors_total.kind.body_too_large")
	s := startLLM(t, h, llmCase{path: tc.path, req: tc.req})
	stop := strings.Index(tc.stream, `event: message_delta`)
	_, err := h.ResponseBody(s, []byte(tc.stream[:stop]), false)
	require.NoError(t, err)
	require.Equal(t, 1, h.Pending(), "the runner is asked")
	// A text block after the call, longer than the bound.
	more := named("content_block_start", `{"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}`) +
		strings.Repeat(named("content_block_delta", `{"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"more words "}}`), 60)
	act, err := h.ResponseBody(s, []byte(more), false)
	require.NoError(t, err)
	assert.Equal(t, wasmhost.Continue, act, "refused: nothing left to wait for")
	got := string(s.ClientBody())
	require.True(t, strings.HasPrefix(got, tc.want), got)
	assert.Equal(t, "body_too_large", refusedWith(t, result{downBody: []byte(got)}))
	require.NoError(t, h.ServeCallouts())
	_, err = h.ResponseBody(s, []byte(tc.stream[stop:]), true)
	require.NoError(t, err)
	require.NoError(t, h.End(s))
	assert.Equal(t, got, string(s.ClientBody()), "nothing after the refusal")
	assert.NotContains(t, got, "send_email")
	after, _ := h.Counter("aisecops_errors_total.kind.body_too_large")
	assert.Equal(t, int64(1), after-before, "counted")
	require.Empty(t, s.Violations)
}
