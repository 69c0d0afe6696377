package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestApproverSeesArguments: the authenticated approver is shown the
// call's arguments unmasked (send_email.to in full) in the list, the
// single approval and the dashboard, with invisible characters escaped; the
// filter and unauthenticated callers are not; logs keep the hash only;
// arguments too large to show whole are refused; a final decision drops
// them from the store.
func TestApproverSeesArguments(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, 1, 1)
	logs := &lockedBuffer{}
	e.srv.log = slog.New(slog.NewTextHandler(logs, nil))
	// A zero-width space hides in the address; a bidi override in the body.
	args := `{"to":"boss@example.com\u200b,attacker@evil.example","body":"pay \u202einvoice"}`
	code, a, _ := e.do(t, "POST", "/v1/approvals", "filter", `{"tool":"send_email","args":`+args+`,"reason":"r","request_id":"q1"}`)
	require.Equal(t, 201, code, "%v", a)
	id := a["id"].(string)
	assert.Nil(t, a["args"], "the filter's answer does not echo the arguments")

	t.Run("list", func(t *testing.T) {
		list := e.list(t, "approver")
		require.Len(t, list, 1)
		got := list[0]
		assert.Equal(t, "boss@example.com\u200b,attacker@evil.example", argTo(got), "unmasked")
		assert.Contains(t, got["args_display"], `"to": "boss@example.com\u200b,attacker@evil.example"`,
			"the display shows the zero-width space as an escape")
		assert.Contains(t, got["args_display"], `"body": "pay \u202einvoice"`)
		assert.NotNil(t, got["args_sha256"])
	})
	t.Run("get", func(t *testing.T) {
		code, got, _ := e.do(t, "GET", "/v1/approvals/"+id, "approver", nil)
		require.Equal(t, 200, code)
		assert.Equal(t, "boss@example.com\u200b,attacker@evil.example", argTo(got))
		code, got, _ = e.do(t, "GET", "/v1/approvals/"+id, "filter", nil)
		require.Equal(t, 200, code)
		assert.Nil(t, got["args"], "the filter is not shown the arguments")
		assert.Nil(t, got["args_display"])
	})
	t.Run("unauthenticated", func(t *testing.T) {
		for _, path := range []string{"/v1/approvals", "/v1/approvals/" + id, "/v1/approvals?state=pending", "/dashboard/data"} {
			for _, auth := range []string{"", "wrong"} {
				code, body := e.raw(t, "GET", path, auth)
				assert.Equal(t, 401, code, "%s %s", auth, path)
				assert.NotContains(t, body, "attacker", "%s %s", auth, path)
			}
		}
		code, body := e.raw(t, "GET", "/", "")
		assert.Equal(t, 200, code)
		assert.Contains(t, body, "Pending approvals: 1")
		assert.NotContains(t, body, "attacker")
		assert.NotContains(t, body, "send_email")
	})
	t.Run("page", func(t *testing.T) {
		code, body := e.raw(t, "GET", "/dashboard/data", "approver")
		assert.Equal(t, 200, code)
		assert.Contains(t, body, "boss@example.com\\u200b,attacker@evil.example")
		assert.Contains(t, body, "pay \\u202einvoice")
		assert.NotContains(t, body, "\u200b", "no invisible character reaches the page")
	})
	t.Run("too large to show", func(t *testing.T) {
		big := `{"to":"a@example.com","body":"` + strings.Repeat("x", 64<<10) + `"}`
		code, a, _ := e.do(t, "POST", "/v1/approvals", "filter", `{"tool":"send_email","args":`+big+`}`)
		assert.Equal(t, 413, code)
		assert.Contains(t, a["error"], "args: "+strconv.Itoa(len(big))+" bytes, over the 65536 an approver is shown whole")
	})
	t.Run("logs keep the hash only", func(t *testing.T) {
		e.do(t, "POST", "/v1/approvals/"+id+"/deny", "approver", nil)
		assert.NotContains(t, logs.String(), "attacker")
		assert.Contains(t, logs.String(), "args_sha256=")
	})
	t.Run("a final decision drops the arguments", func(t *testing.T) {
		code, got, _ := e.do(t, "GET", "/v1/approvals/"+id, "approver", nil)
		require.Equal(t, 200, code)
		assert.Equal(t, "denied", got["state"])
		assert.Nil(t, got["args"])
		stored, err := os.ReadFile(filepath.Join(dir, "approvals.json"))
		require.NoError(t, err)
		assert.NotContains(t, string(stored), "attacker")
	})
}

func (e *env) list(t *testing.T, auth string) []map[string]any {
	code, body := e.raw(t, "GET", "/v1/approvals", auth)
	require.Equal(t, 200, code, body)
	var out []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &out))
	return out
}

// raw makes a GET-like call and returns the status and body as text.
func (e *env) raw(t *testing.T, method, path, auth string) (int, string) {
	req, err := http.NewRequest(method, e.url+path, nil)
	require.NoError(t, err)
	switch auth {
	case "filter":
		req.Header.Set("x-aisecops-secret", secret)
	case "approver":
		req.Header.Set("Authorization", "Bearer "+approver)
	case "wrong":
		req.Header.Set("Authorization", "Bearer not-the-token-000000")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// argTo is the "to" argument an answer shows ("" when it shows none).
func argTo(a map[string]any) string {
	args, _ := a["args"].(map[string]any)
	to, _ := args["to"].(string)
	return to
}
