package plugin

import (
	"strconv"

	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

// Events go to the runner's durable log in batches, off the request path:
// queued as they are logged, posted on the tick, one batch in flight at a
// time, and the next batch at once after an acknowledgement while full
// batches wait. Posts are only made from the plugin (root) context: the SDK
// drops the answer to a call made from a stream whose context is gone,
// which left a batch in flight for ever. A batch leaves the queue only
// when the runner has acknowledged it (200, after fsync); a failed post
// leaves it at the head of the queue, to be sent again after a backoff
// counted in ticks (the filter cannot sleep) that doubles on each failure
// (1 to 32 ticks of a second; each failure is counted in
// aisecops_errors_total.kind.event_post_failed). The runner stores each
// event_id once, so a batch whose answer was lost may be sent again. The
// queue is bounded in events and bytes; an event that finds it full is
// dropped (event_dropped, and a log line when a run of drops starts and
// ends): the proxy log keeps every event either way. The filter never
// waits for the runner.
const (
	eventBatch         = 100
	eventBatchBytes    = 1 << 20
	eventQueueMax      = 1000
	eventQueueMaxBytes = 4 << 20
	eventTickMS        = 1000
	eventBackoffMax    = 32 // ticks
)

type eventSink struct {
	queue [][]byte
	bytes int
	// inFlight is the number of events at the head of the queue being
	// posted (0: none).
	inFlight int
	// backoff is the wait after the last failure, in ticks (0: none);
	// wait the ticks left before the next post may go.
	backoff, wait int
	// dropped counts events dropped since the last log line about it.
	dropped int
	// failures counts failed posts in a row.
	failures int
	// draining: the plugin is being removed (OnPluginDone answered
	// false); proxywasm.PluginDone ends it. inOnDone: OnPluginDone is
	// running.
	draining, inOnDone bool
}

// enqueueEvent adds one event line to the queue.
func (p *pluginContext) enqueueEvent(line []byte) {
	s := p.sink
	if s == nil {
		return
	}
	switch {
	case len(line) > runnerapi.MaxEventBytes:
		p.dropEvents(1, "an event of "+strconv.Itoa(len(line))+" bytes is over the runner's limit of "+strconv.Itoa(runnerapi.MaxEventBytes))
		return
	case len(s.queue) >= eventQueueMax || s.bytes+len(line) > eventQueueMaxBytes:
		p.dropEvents(1, "the queue to the runner is full ("+strconv.Itoa(len(s.queue))+" events, "+strconv.Itoa(s.bytes)+" bytes)")
		return
	}
	if s.dropped > 0 {
		proxywasm.LogWarn("aisecops: events are queued for the runner again; " + strconv.Itoa(s.dropped) + " event(s) were dropped before this one (they are in this log)")
		s.dropped = 0
	}
	s.queue = append(s.queue, line)
	s.bytes += len(line)
}

// dropEvents counts n events lost to the runner; the first of a run is
// logged with why.
func (p *pluginContext) dropEvents(n int, why string) {
	for range n {
		p.m.failure(rules.ReasonEventDropped)
	}
	if p.sink.dropped == 0 {
		proxywasm.LogWarn("aisecops: events dropped, not sent to the runner: " + why)
	}
	p.sink.dropped += n
}

// OnTick flushes queued events and evidence captures.
func (p *pluginContext) OnTick() {
	defer func() {
		if r := recover(); r != nil {
			p.m.failure("panic")
			proxywasm.LogCritical("aisecops: recovered panic in tick: " + oneLine(panicText(r)))
		}
	}()
	if s := p.sink; s != nil && s.wait > 0 {
		s.wait--
		return
	}
	p.flushEvents()
	p.flushCaptures()
}

// OnPluginDone hands the queued events to the runner before the plugin
// goes (a configuration change, a drain): the host waits for PluginDone.
func (p *pluginContext) OnPluginDone() (done bool) {
	defer func() {
		if r := recover(); r != nil {
			p.m.failure("panic")
			proxywasm.LogCritical("aisecops: recovered panic in plugin done: " + oneLine(panicText(r)))
			done = true
		}
	}()
	s := p.sink
	if s == nil || len(s.queue) == 0 {
		return true
	}
	s.draining, s.inOnDone = true, true
	defer func() { s.inOnDone = false }()
	s.wait = 0
	if s.inFlight == 0 {
		p.flushEvents()
	}
	// Delivered (or given up) while dispatching: done now; else the
	// answer's callback calls PluginDone.
	return !s.draining
}

// flushEvents posts the batch at the head of the queue, unless one is in
// flight or the backoff has not passed.
func (p *pluginContext) flushEvents() {
	s := p.sink
	if s == nil || s.inFlight > 0 || len(s.queue) == 0 || s.wait > 0 {
		return
	}
	n, size := 0, 0
	for n < len(s.queue) && n < eventBatch && (n == 0 || size+len(s.queue[n]) <= eventBatchBytes) {
		size += len(s.queue[n])
		n++
	}
	body := runnerapi.AppendEventBatch(make([]byte, 0, size+n+1), s.queue[:n])
	rc, _ := p.policy.Runner()
	hdrs := [][2]string{{":method", "POST"}, {":path", runnerapi.PathEvents}, {":authority", rc.Authority},
		{"content-type", "application/json"}}
	if rc.Secret != "" {
		hdrs = append(hdrs, [2]string{rc.SecretHeader, rc.Secret})
	}
	s.inFlight = n
	_, err := proxywasm.DispatchHttpCall(rc.Cluster, hdrs, body, nil, uint32(rc.TimeoutMS), func(_, bodySize, _ int) {
		status := callStatus()
		msg := ""
		if status != 200 && bodySize > 0 {
			if b, err := proxywasm.GetHttpCallResponseBody(0, min(bodySize, 300)); err == nil {
				msg = oneLine(string(b))
			}
		}
		p.postDone(status, msg)
	})
	if err != nil {
		p.postDone(0, "dispatch: "+err.Error())
	}
}

// postDone settles the batch in flight: acknowledged (or refused for good)
// it leaves the queue and the next batch goes at once; otherwise it stays
// and the next try waits.
func (p *pluginContext) postDone(status int, msg string) {
	s := p.sink
	n := s.inFlight
	s.inFlight = 0
	switch status {
	case 200:
		if s.failures > 0 {
			proxywasm.LogWarn("aisecops: events reach the runner again, after " + strconv.Itoa(s.failures) + " failed post(s)")
		}
		s.backoff, s.wait, s.failures = 0, 0, 0
	case 400, 413:
		// The runner will refuse these bytes whatever is tried again
		// (a version skew in the event rules): drop them, said loudly.
		p.dropEvents(n, "the runner refused a batch of "+strconv.Itoa(n)+" ("+strconv.Itoa(status)+": "+msg+")")
	default:
		p.m.failure(rules.ReasonEventPostFailed)
		s.failures++
		s.backoff = min(max(2*s.backoff, 1), eventBackoffMax)
		s.wait = s.backoff
		if s.failures == 1 {
			proxywasm.LogWarn("aisecops: posting events to the runner failed (status " + strconv.Itoa(status) + " " + msg + "); keeping them and retrying")
		}
		if s.draining {
			proxywasm.LogWarn("aisecops: plugin removed with " + strconv.Itoa(len(s.queue)) + " event(s) not delivered to the runner; they are in this log")
			p.endDrain()
		}
		return
	}
	for i := range n {
		s.bytes -= len(s.queue[i])
		s.queue[i] = nil
	}
	s.queue = append(s.queue[:0], s.queue[n:]...)
	if s.draining && len(s.queue) == 0 {
		p.endDrain()
		return
	}
	if s.draining || len(s.queue) >= eventBatch {
		p.flushEvents()
	}
}

// endDrain tells the host the plugin may go, unless OnPluginDone is still
// running (it answers for itself then).
func (p *pluginContext) endDrain() {
	s := p.sink
	s.draining = false
	if !s.inOnDone {
		proxywasm.PluginDone()
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
