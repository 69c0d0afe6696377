package driver

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eachRuntime runs a test with the filter in wazero and in V8.
func eachRuntime(t *testing.T, test func(*testing.T, wasmhost.Runtime)) {
	for _, rt := range wasmhost.Runtimes {
		t.Run(string(rt), func(t *testing.T) { test(t, rt) })
	}
}

func embedded(t *testing.T, rt wasmhost.Runtime, upstream http.Handler) (*Embedded, chan *wasmhost.Stream) {
	t.Helper()
	wasm, err := os.ReadFile(testbuild.Path(t, "aisecops.wasm"))
	require.NoError(t, err)
	up := httptest.NewServer(upstream)
	t.Cleanup(up.Close)
	e, err := NewEmbedded(rt, wasm, []byte(`{"policy_version":"t","tools":{"default":"allow"}}`),
		map[string]string{"/": up.URL}, "http://127.0.0.1:1")
	if errors.Is(err, wasmhost.ErrNoNode) {
		t.Skip(err.Error())
	}
	require.NoError(t, err)
	t.Cleanup(e.Close)
	streams := make(chan *wasmhost.Stream, 4)
	e.ended = func(s *wasmhost.Stream) { streams <- s }
	return e, streams
}

// TestEmbeddedStreamsThroughFilter: a long-lived GET event stream reaches
// the client event by event, through the filter (each upstream chunk is a
// response_body call whose bytes go out before the next one is sent).
func TestEmbeddedStreamsThroughFilter(t *testing.T) { eachRuntime(t, testEmbeddedStreamsThroughFilter) }

func testEmbeddedStreamsThroughFilter(t *testing.T, rt wasmhost.Runtime) {
	next := make(chan struct{})
	var once sync.Once
	e, streams := embedded(t, rt, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		for i, ev := range []string{"id: 1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/one\"}\n\n",
			"id: 2\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/two\"}\n\n"} {
			if i > 0 {
				select {
				case <-next: // the client has the first event
				case <-time.After(10 * time.Second):
					return
				}
			}
			io.WriteString(w, ev)
			w.(http.Flusher).Flush()
		}
	}))
	req, _ := http.NewRequest("GET", e.URL+"/mcp", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	var got []string
	for len(got) < 2 {
		line, err := rd.ReadString('\n')
		require.NoError(t, err, "got %q", got)
		if strings.HasPrefix(line, "id: ") {
			got = append(got, strings.TrimSpace(line))
			once.Do(func() { close(next) })
		}
	}
	assert.Equal(t, []string{"id: 1", "id: 2"}, got)
	io.Copy(io.Discard, resp.Body)
	s := <-streams
	var bodyCalls int
	for _, c := range s.Calls {
		if strings.HasPrefix(c, "response_body(") {
			bodyCalls++
		}
	}
	assert.GreaterOrEqual(t, bodyCalls, 2, "every chunk went through the filter: %v", s.Calls)
	assert.Contains(t, string(s.ClientBody()), "notifications/two")
	assert.Empty(t, e.Violations())
}

// TestEmbeddedResponseTrailers: upstream trailers go to the filter and, as
// it releases them, to the client.
func TestEmbeddedResponseTrailers(t *testing.T) { eachRuntime(t, testEmbeddedResponseTrailers) }

func testEmbeddedResponseTrailers(t *testing.T, rt wasmhost.Runtime) {
	e, streams := embedded(t, rt, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Checksum")
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(200)
		io.WriteString(w, "payload")
		w.Header().Set("X-Checksum", "abc")
	}))
	resp, err := http.Get(e.URL + "/files/x")
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "payload", string(b))
	assert.Equal(t, "abc", resp.Trailer.Get("X-Checksum"))
	s := <-streams
	assert.Contains(t, s.Calls, "response_trailers(n=1)=Continue")
	assert.Empty(t, e.Violations())
}
