package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/eventchain"
	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/aisecops/aisecops/sandbox-runner/internal/approvals"
	"github.com/aisecops/aisecops/sandbox-runner/internal/events"
	"github.com/aisecops/aisecops/sandbox-runner/internal/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	secret   = "filter-secret-0123456789"
	approver = "approver-token-0123456789"
)

func testKey(t testing.TB) eventchain.Key {
	k, err := eventchain.NewKey([]byte("audit-key-for-tests-0123456789-0123456789"))
	require.NoError(t, err)
	return k
}

func toolPath(t testing.TB, name string) string { return testbuild.Path(t, "tools", name+".wasm") }

type env struct {
	url  string
	dir  string
	srv  *Server
	stop func()
}

// start runs a server over dir (reusing it across restarts).
func start(t testing.TB, dir string, concurrency, queue int) *env {
	ex, err := sandbox.New(sandbox.Config{Tools: []sandbox.Tool{{Name: "starlark", Path: toolPath(t, "starlark")}},
		Concurrency: concurrency, Queue: queue, ScratchRoot: t.TempDir()})
	require.NoError(t, err)
	ap, err := approvals.Open(filepath.Join(dir, "approvals.json"))
	require.NoError(t, err)
	ev, err := events.Open(filepath.Join(dir, "events"), 1<<20, testKey(t))
	require.NoError(t, err)
	s := New(Config{Secret: secret, ApproverToken: approver, ApprovalTTL: time.Minute},
		ex, ap, ev, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(s.Handler())
	e := &env{url: ts.URL, dir: dir, srv: s}
	var once sync.Once
	e.stop = func() {
		once.Do(func() {
			ts.Close()
			ev.Close()
			ex.Close(context.Background())
		})
	}
	t.Cleanup(e.stop)
	return e
}

func (e *env) do(t testing.TB, method, path, auth string, body any) (int, map[string]any, http.Header) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		if s, ok := body.(string); ok {
			b = []byte(s)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	require.NoError(t, err)
	switch auth {
	case "filter":
		req.Header.Set("x-aisecops-secret", secret)
	case "approver":
		req.Header.Set("Authorization", "Bearer "+approver)
	case "wrong":
		req.Header.Set("Authorization", "Bearer not-the-token-000000")
		req.Header.Set("x-aisecops-secret", "not-the-secret-00000")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out, resp.Header
}

func TestApprovals(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, 2, 2)
	args := map[string]any{"to": "boss@example.com", "body": "Q3 numbers"}
	create := func(timeoutMS int) string {
		code, a, _ := e.do(t, "POST", "/v1/approvals", "filter", map[string]any{"tool": "send_email", "args": args,
			"reason": "irreversible tool after flagged content", "request_id": "r1", "timeout_ms": timeoutMS})
		require.Equal(t, 201, code, "%v", a)
		assert.Equal(t, "pending", a["state"])
		return a["id"].(string)
	}
	t.Run("approve then consume once", func(t *testing.T) {
		id := create(0)
		done := make(chan map[string]any)
		go func() {
			_, a, _ := e.do(t, "GET", "/v1/approvals/"+id+"?wait=10s", "filter", nil)
			done <- a
		}()
		time.Sleep(100 * time.Millisecond)
		code, a, _ := e.do(t, "POST", "/v1/approvals/"+id+"/approve", "approver", nil)
		require.Equal(t, 200, code, "%v", a)
		assert.Equal(t, "approved", (<-done)["state"], "the long-poll returns the decision")
		code, a, _ = e.do(t, "POST", "/v1/approvals/"+id+"/consume", "filter", map[string]any{"tool": "send_email", "args": args})
		assert.Equal(t, 200, code, "%v", a)
		assert.Equal(t, "consumed", a["state"])
		code, a, _ = e.do(t, "POST", "/v1/approvals/"+id+"/consume", "filter", map[string]any{"tool": "send_email", "args": args})
		assert.Equal(t, 409, code, "reuse refused: %v", a)
	})
	t.Run("deny", func(t *testing.T) {
		id := create(0)
		code, a, _ := e.do(t, "POST", "/v1/approvals/"+id+"/deny", "approver", nil)
		require.Equal(t, 200, code)
		assert.Equal(t, "denied", a["state"])
		code, _, _ = e.do(t, "POST", "/v1/approvals/"+id+"/consume", "filter", map[string]any{"tool": "send_email", "args": args})
		assert.Equal(t, 409, code)
		code, _, _ = e.do(t, "POST", "/v1/approvals/"+id+"/approve", "approver", nil)
		assert.Equal(t, 409, code, "a decision is final")
	})
	t.Run("expiry", func(t *testing.T) {
		id := create(200)
		_, a, _ := e.do(t, "GET", "/v1/approvals/"+id+"?wait=5s", "filter", nil)
		assert.Equal(t, "expired", a["state"], "the long-poll ends at expiry")
		code, _, _ := e.do(t, "POST", "/v1/approvals/"+id+"/approve", "approver", nil)
		assert.Equal(t, 409, code)
	})
	t.Run("wrong arguments", func(t *testing.T) {
		id := create(0)
		e.do(t, "POST", "/v1/approvals/"+id+"/approve", "approver", nil)
		other := map[string]any{"to": "attacker@evil.example", "body": "Q3 numbers"}
		code, a, _ := e.do(t, "POST", "/v1/approvals/"+id+"/consume", "filter", map[string]any{"tool": "send_email", "args": other})
		assert.Equal(t, 409, code)
		assert.Contains(t, a["error"], "does not match")
		code, _, _ = e.do(t, "POST", "/v1/approvals/"+id+"/consume", "filter", map[string]any{"tool": "delete_all", "args": args})
		assert.Equal(t, 409, code)
		// Same arguments in another key order hash the same.
		code, _, _ = e.do(t, "POST", "/v1/approvals/"+id+"/consume", "filter",
			`{"tool":"send_email","args":{"body":"Q3 numbers","to":"boss@example.com"}}`)
		assert.Equal(t, 200, code)
	})
	t.Run("wrong token", func(t *testing.T) {
		id := create(0)
		code, _, _ := e.do(t, "POST", "/v1/approvals/"+id+"/approve", "wrong", nil)
		assert.Equal(t, 401, code)
		code, _, _ = e.do(t, "POST", "/v1/approvals/"+id+"/approve", "filter", nil)
		assert.Equal(t, 401, code, "a filter cannot approve")
		code, _, _ = e.do(t, "POST", "/v1/approvals", "approver", map[string]any{"tool": "x", "args": args})
		assert.Equal(t, 401, code, "only filters create approvals")
	})
	t.Run("bad input", func(t *testing.T) {
		code, a, _ := e.do(t, "POST", "/v1/approvals", "filter", `{"tool":"x","args":{},"tool":"y"}`)
		assert.Equal(t, 400, code)
		assert.Contains(t, a["error"], "ambiguous_json")
		code, a, _ = e.do(t, "POST", "/v1/approvals", "filter", `{"tool":"x","args":[1]}`)
		assert.Equal(t, 400, code)
		assert.Contains(t, a["error"], "args")
		code, a, _ = e.do(t, "POST", "/v1/approvals", "filter", `{"tool":"x","args":{},"extra":1}`)
		assert.Equal(t, 400, code)
		assert.Contains(t, a["error"], "unknown field")
		code, _, _ = e.do(t, "GET", "/v1/approvals/nope?wait=1s", "filter", nil)
		assert.Equal(t, 404, code)
		code, _, _ = e.do(t, "GET", "/v1/approvals/x?wait=forever", "filter", nil)
		assert.Equal(t, 400, code)
	})
	t.Run("survives restart", func(t *testing.T) {
		id := create(0)
		e.stop()
		e2 := start(t, dir, 2, 2)
		code, a, _ := e2.do(t, "GET", "/v1/approvals/"+id, "approver", nil)
		require.Equal(t, 200, code)
		assert.Equal(t, "pending", a["state"])
		code, _, _ = e2.do(t, "POST", "/v1/approvals/"+id+"/approve", "approver", nil)
		assert.Equal(t, 200, code)
		code, _, _ = e2.do(t, "POST", "/v1/approvals/"+id+"/consume", "filter", map[string]any{"tool": "send_email", "args": args})
		assert.Equal(t, 200, code)
	})
}

func TestExecOverHTTP(t *testing.T) {
	e := start(t, t.TempDir(), 4, 4)
	code, r, _ := e.do(t, "POST", "/v1/exec", "filter", map[string]any{"tool": "starlark", "input": "print(6*7)", "request_id": "x"})
	require.Equal(t, 200, code, "%v", r)
	assert.Equal(t, "42\n", r["stdout"])
	assert.Equal(t, float64(0), r["exit_code"])
	code, _, _ = e.do(t, "POST", "/v1/exec", "wrong", map[string]any{"tool": "starlark", "input": "print(1)"})
	assert.Equal(t, 401, code)
	code, r, _ = e.do(t, "POST", "/v1/exec", "filter", map[string]any{"tool": "cobol"})
	assert.Equal(t, 400, code)
	assert.Contains(t, r["error"], "unknown tool")
	code, r, _ = e.do(t, "POST", "/v1/exec", "filter", map[string]any{"tool": "starlark", "limits": map[string]any{"timeout_ms": -1}})
	assert.Equal(t, 400, code, "%v", r)

	// 200 concurrent requests against 4 slots and a queue of 4: only 200
	// and 429 (with Retry-After), never a crash.
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	retryAfter := true
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, h := e.do(t, "POST", "/v1/exec", "filter", map[string]any{"tool": "starlark", "input": "print(1+1)"})
			mu.Lock()
			codes[c]++
			if c == 429 && h.Get("Retry-After") == "" {
				retryAfter = false
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	assert.Equal(t, 200, codes[200]+codes[429], "codes: %v", codes)
	assert.NotZero(t, codes[429], "codes: %v", codes)
	assert.True(t, retryAfter)

	// Metrics and health.
	resp, err := http.Get(e.url + "/metrics")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(b), `aisecops_runner_executions_total{outcome="ok",tool="starlark"}`)
	assert.Contains(t, string(b), `aisecops_runner_executions_total{outcome="busy",tool="starlark"}`)
	assert.Contains(t, string(b), "aisecops_runner_queue_depth 0")
	resp, err = http.Get(e.url + "/healthz")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	resp, err = http.Get(e.url + "/")
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	assert.Contains(t, string(b), "Pending approvals: 0")
}

func TestEventsOverHTTP(t *testing.T) {
	e := start(t, t.TempDir(), 1, 1)
	batch := `[{"event_id":"vm1-1","class":"detection_finding","action":"remove"},{"event_id":"vm1-2","class":"detection_finding","action":"block"}]`
	code, r, _ := e.do(t, "POST", "/v1/events", "filter", batch)
	require.Equal(t, 200, code, "%v", r)
	assert.Equal(t, float64(1), r["first_seq"])
	assert.Equal(t, float64(2), r["last_seq"])
	// The same batch again (its answer was lost): nothing stored twice.
	code, r, _ = e.do(t, "POST", "/v1/events", "filter", batch)
	require.Equal(t, 200, code, "%v", r)
	assert.Equal(t, float64(0), r["last_seq"])
	assert.Equal(t, float64(2), r["duplicates"])
	for _, c := range []struct{ body, want string }{
		{`[{"a":1,"a":2}]`, "ambiguous_json"},
		{`[]`, "empty batch"},
		{`["not an object"]`, "events[0]: not a JSON object"},
		{`[{"class":"x"}]`, "events[0]: event_id: required"},
		{`[{"event_id":7}]`, "events[0]: event_id: want a non-empty string, got 7"},
		{`[{"event_id":""}]`, "events[0]: event_id: want a non-empty string"},
	} {
		code, r, _ = e.do(t, "POST", "/v1/events", "filter", c.body)
		assert.Equal(t, 400, code, c.body)
		assert.Contains(t, r["error"], c.want, c.body)
	}
	get := func(path string) string {
		req, _ := http.NewRequest("GET", e.url+path, nil)
		req.Header.Set("Authorization", "Bearer "+approver)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode, path)
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	lines := strings.Split(strings.TrimSpace(get("/v1/events?since=1")), "\n")
	require.Len(t, lines, 1)
	assert.Contains(t, lines[0], `"seq":2`)
	assert.Contains(t, lines[0], `"action":"block"`)
	var head eventchain.Head
	require.NoError(t, json.Unmarshal([]byte(get("/v1/events/head")), &head))
	assert.Equal(t, uint64(2), head.Seq)
	assert.True(t, testKey(t).CheckHead(head), "the checkpoint is signed")
	code, _, _ = e.do(t, "GET", "/v1/events/head", "filter", "")
	assert.Equal(t, 401, code, "the checkpoint is for approvers")
}

// FuzzHandlers posts arbitrary bodies to every endpoint that reads one:
// the answer is a JSON object, never a 5xx (bad input is the caller's
// error, named in "error"), and nothing panics.
func FuzzHandlers(f *testing.F) {
	f.Add(uint8(0), []byte(`{"tool":"starlark","input":"print(1)"}`))
	f.Add(uint8(1), []byte(`{"tool":"send_email","arguments":{"to":"a@b.c"},"reason":"r","request_id":"x"}`))
	f.Add(uint8(3), []byte(`{"events":[{"kind":"x"}]}`))
	f.Add(uint8(2), []byte(`{"note":"ok"}`))
	ex, err := sandbox.New(sandbox.Config{Tools: []sandbox.Tool{{Name: "starlark", Path: toolPath(f, "starlark")}},
		Concurrency: 1, Queue: 1, ScratchRoot: f.TempDir()})
	require.NoError(f, err)
	defer ex.Close(context.Background())
	dir := f.TempDir()
	ap, err := approvals.Open(filepath.Join(dir, "approvals.json"))
	require.NoError(f, err)
	ev, err := events.Open(filepath.Join(dir, "events"), 1<<20, testKey(f))
	require.NoError(f, err)
	defer ev.Close()
	h := New(Config{Secret: secret, ApproverToken: approver, ApprovalTTL: time.Minute},
		ex, ap, ev, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	paths := []string{"/v1/exec", "/v1/approvals", "/v1/approvals/nope/approve", "/v1/events", "/v1/approvals/nope/consume"}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		path := paths[int(which)%len(paths)]
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Header.Set("x-aisecops-secret", secret)
		req.Header.Set("Authorization", "Bearer "+approver)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Less(t, rec.Code, 500, "%s %q: %d %s", path, body, rec.Code, rec.Body.String())
		var out map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), "%s %q: %s", path, body, rec.Body.String())
		if rec.Code >= 400 {
			require.NotEmpty(t, out["error"], "%s %q: %s", path, body, rec.Body.String())
		}
	})
}
