package plugin

import (
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

var sinkPolicy = withPolicy(basePolicy, `"filter": {`, `"sandbox_runner": {"cluster": "runner", "secret": "s3cret-s3cret-s3cret", "send_events": true},
  "filter": {`)

var deniedCall = []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_x","arguments":{}}}`)

// postLog follows the event batches the filter dispatches, from the tick
// (the plugin context) or from a stream whose event filled a batch (the
// emulator files a call under the context that made it, and reuses ids of
// answered calls, so order is kept here: one batch is in flight at most).
type postLog struct {
	host proxytest.HostEmulator
	seen map[uint32]int
	all  []proxytest.HttpCalloutAttribute
}

func newPostLog(host proxytest.HostEmulator) *postLog {
	return &postLog{host: host, seen: map[uint32]int{}}
}

// posts lists every batch dispatched so far, oldest first.
func (l *postLog) posts() []proxytest.HttpCalloutAttribute {
	for id := uint32(0); id < 4096; id++ {
		got := l.host.GetCalloutAttributesFromContext(id)
		l.all = append(l.all, got[l.seen[id]:]...)
		l.seen[id] = len(got)
	}
	return l.all
}

func answer(host proxytest.HostEmulator, c proxytest.HttpCalloutAttribute, status string, body string) {
	host.CallOnHttpCallResponse(c.CalloutID, [][2]string{{":status", status}}, nil, []byte(body))
}

func ids(body []byte) []string {
	var out []string
	for _, e := range gjson.ParseBytes(body).Array() {
		out = append(out, e.Get("event_id").String())
	}
	return out
}

// TestEventPostRetried: a failed post keeps its batch; it goes again, the
// same events, once the backoff has passed, and leaves the queue only when
// the runner acknowledges it.
func TestEventPostRetried(t *testing.T) {
	for _, r := range runners {
		t.Run(r.name, func(t *testing.T) {
			host := newHost(t, r, sinkPolicy)
			pl := newPostLog(host)
			do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
			do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
			host.Tick()
			require.Len(t, pl.posts(), 1)
			first := pl.posts()[0]
			require.Len(t, ids(first.Body), 2)
			answer(host, first, "503", `{"error":"down"}`)
			assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.event_post_failed"))

			// A third event arrives; the tick within the backoff sends nothing.
			do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
			host.Tick()
			require.Len(t, pl.posts(), 1, "no post within the backoff (one tick)")
			host.Tick()
			require.Len(t, pl.posts(), 2)
			second := pl.posts()[1]
			assert.Equal(t, append(ids(first.Body), ids(second.Body)[2]), ids(second.Body), "the failed batch again, first, then the new event")
			answer(host, second, "503", `{"error":"down"}`)
			for range 2 {
				host.Tick()
			}
			require.Len(t, pl.posts(), 2, "the backoff doubled: two ticks pass without a post")
			host.Tick()
			require.Len(t, pl.posts(), 3)
			assert.Equal(t, ids(second.Body), ids(pl.posts()[2].Body))
			answer(host, pl.posts()[2], "200", `{"first_seq":1,"last_seq":3}`)

			host.Tick()
			assert.Len(t, pl.posts(), 3, "nothing left to send")
			assert.Equal(t, uint64(0), counter(t, host, "aisecops_errors_total.kind.event_dropped"))
			assert.Equal(t, uint64(2), counter(t, host, "aisecops_errors_total.kind.event_post_failed"))
		})
	}
}

// TestEventBatchRefusedIsDropped: a batch the runner refuses as bad (400)
// would be refused again; it is dropped, counted and logged, and the queue
// goes on.
func TestEventBatchRefusedIsDropped(t *testing.T) {
	host := newHost(t, runners[0], sinkPolicy)
	pl := newPostLog(host)
	do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
	host.Tick()
	require.Len(t, pl.posts(), 1)
	answer(host, pl.posts()[0], "400", `{"error":"events[0]: event_id: required"}`)
	assert.Equal(t, uint64(1), counter(t, host, "aisecops_errors_total.kind.event_dropped"))
	assert.Contains(t, joinLogs(host.GetWarnLogs()), "the runner refused a batch of 1 (400: {\"error\":\"events[0]: event_id: required\"})")
	do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
	host.Tick()
	require.Len(t, pl.posts(), 2)
	assert.Len(t, ids(pl.posts()[1].Body), 1, "only the new event")
}

// TestEventQueueBound: while nothing is acknowledged, the queue holds
// eventQueueMax events (a batch in flight included); beyond, events are
// dropped, counted, and the first drop is logged.
func TestEventQueueBound(t *testing.T) {
	host := newHost(t, runners[0], sinkPolicy)
	pl := newPostLog(host)
	for i := 0; i < eventBatch; i++ {
		do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
	}
	assert.Empty(t, pl.posts(), "streams never post: only the tick does")
	host.Tick()
	require.Len(t, pl.posts(), 1, "a full batch went out and is never answered")
	for i := eventBatch; i < eventQueueMax+25; i++ {
		do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
	}
	assert.Equal(t, uint64(25), counter(t, host, "aisecops_errors_total.kind.event_dropped"))
	assert.Contains(t, joinLogs(host.GetWarnLogs()), "events dropped, not sent to the runner: the queue to the runner is full (1000 events")
}

// TestEventsDrainedWhenPluginDone: a plugin that goes (configuration
// change, drain) first hands its queue to the runner, batch after batch,
// and tells the host when it is done; while it runs, full batches follow
// an acknowledgement at once.
func TestEventsDrainedWhenPluginDone(t *testing.T) {
	for _, r := range runners {
		t.Run(r.name, func(t *testing.T) {
			host := newHost(t, r, sinkPolicy)
			pl := newPostLog(host)
			for i := 0; i < 2*eventBatch+5; i++ {
				do(t, host, exchange{path: "/mcp", reqBody: deniedCall}, 0)
			}
			host.Tick()
			require.Len(t, pl.posts(), 1)
			answer(host, pl.posts()[0], "200", `{}`)
			require.Len(t, pl.posts(), 2, "a full batch waited: it follows the acknowledgement")
			answer(host, pl.posts()[1], "200", `{}`)
			require.Len(t, pl.posts(), 2, "five events wait for the tick")

			assert.False(t, host.FinishVM(), "not done while events wait")
			require.Len(t, pl.posts(), 3)
			assert.Len(t, ids(pl.posts()[2].Body), 5)
			answer(host, pl.posts()[2], "200", `{}`)
			assert.True(t, host.FinishVM(), "nothing left")
		})
	}
}

func joinLogs(l []string) string {
	out := ""
	for _, s := range l {
		out += s + "\n"
	}
	return out
}
