package plugin

import (
	"strconv"

	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

// Events go to the runner's durable log in batches, off the request path:
// queued as they are logged, posted once a second (and whenever a batch
// fills). The queue is bounded; overflow and failed posts are counted and
// the events are dropped, never waited for: the proxy log keeps them.
const (
	eventBatch    = 100
	eventQueueMax = 1000
	eventTickMS   = 1000
)

type eventSink struct {
	queue    [][]byte
	inFlight bool
}

// enqueue adds one event line; it flushes when a batch is full.
func (p *pluginContext) enqueueEvent(line []byte) {
	if p.sink == nil {
		return
	}
	if len(p.sink.queue) >= eventQueueMax {
		p.m.failure("event_dropped")
		return
	}
	p.sink.queue = append(p.sink.queue, line)
	if len(p.sink.queue) >= eventBatch {
		p.flushEvents()
	}
}

// OnTick flushes queued events and evidence captures.
func (p *pluginContext) OnTick() {
	defer func() {
		if r := recover(); r != nil {
			p.m.failure("panic")
			proxywasm.LogCritical("aisecops: recovered panic in tick: " + oneLine(panicText(r)))
		}
	}()
	p.flushEvents()
	p.flushCaptures()
}

// flushEvents posts one batch if none is in flight.
func (p *pluginContext) flushEvents() {
	s := p.sink
	if s == nil || s.inFlight || len(s.queue) == 0 {
		return
	}
	n := min(len(s.queue), eventBatch)
	body := runnerapi.AppendEventBatch(nil, s.queue[:n])
	rc, _ := p.policy.Runner()
	hdrs := [][2]string{{":method", "POST"}, {":path", runnerapi.PathEvents}, {":authority", rc.Authority},
		{"content-type", "application/json"}}
	if rc.Secret != "" {
		hdrs = append(hdrs, [2]string{rc.SecretHeader, rc.Secret})
	}
	s.queue = append(s.queue[:0], s.queue[n:]...)
	s.inFlight = true
	_, err := proxywasm.DispatchHttpCall(rc.Cluster, hdrs, body, nil, uint32(rc.TimeoutMS), func(_, _, _ int) {
		s.inFlight = false
		status := 0
		if hs, err := proxywasm.GetHttpCallResponseHeaders(); err == nil {
			for _, kv := range hs {
				if kv[0] == ":status" {
					status, _ = strconv.Atoi(kv[1])
				}
			}
		}
		if status != 200 {
			p.m.failure("event_post_failed")
		}
	})
	if err != nil {
		s.inFlight = false
		p.m.failure("event_post_failed")
	}
}

// startEventSink turns the sink on when the policy asks for it.
func (p *pluginContext) startEventSink(pol *rules.Policy) {
	if rc, ok := pol.Runner(); !ok || !rc.SendEvents {
		return
	}
	p.sink = &eventSink{}
	if err := proxywasm.SetTickPeriodMilliSeconds(eventTickMS); err != nil {
		proxywasm.LogWarn("aisecops: cannot set a tick period; events reach the runner only in full batches: " + err.Error())
	}
}
