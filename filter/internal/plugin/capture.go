package plugin

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

// Evidence capture (policy "evidence"): every exchange the filter logged a
// security event for, and a sample of the others, is sent whole (the
// recording format, internal/recording) to the runner's capture endpoint,
// so that `aisecops replay --captures` can re-decide it. Captures never go
// to the proxy log. They are bounded per exchange (max_exchange_bytes:
// bodies beyond it are left out and the capture marked truncated) and per
// second (max_bytes_per_second: a token bucket per VM; what is over it is
// dropped), and queued in a bounded queue whose head is retried with
// backoff when the runner does not take it.

// captureQueueFactor bounds the queue: this many of the largest captures.
const captureQueueFactor = 4

// exchangeCapture is what a stream records while it runs.
type exchangeCapture struct {
	ex        recording.Exchange
	size      int
	truncated string
	events    []json.RawMessage
	store     *recording.StoreState
	// respBody: the response headers did not end the stream.
	respBody bool
}

type evidenceSink struct {
	cfg      config.EvidenceConfig
	queue    []captureItem
	queued   int
	inFlight bool
	failures int
	retryAt  time.Time
	// tokens is the byte budget (a token bucket of max_bytes_per_second).
	tokens float64
	filled time.Time
	n      uint64
}

type captureItem struct {
	path string
	body []byte
}

// startEvidence turns capture on when the policy asks for it and queues
// the policy document, so the runner holds the version that decides.
func (p *pluginContext) startEvidence(pol *rules.Policy, doc []byte) {
	ec, ok := pol.Evidence()
	if !ok {
		return
	}
	p.evidence = &evidenceSink{cfg: ec, tokens: float64(ec.MaxBytesPerSecond), filled: time.Now()}
	if len(doc) > 0 {
		b, err := json.Marshal(recording.PolicyDoc{Hash: pol.Hash(), Document: json.RawMessage(doc)})
		if err == nil {
			p.evidence.queue = append(p.evidence.queue, captureItem{runnerapi.PathPolicies, b})
			p.evidence.queued += len(b)
		}
	}
	if err := proxywasm.SetTickPeriodMilliSeconds(eventTickMS); err != nil {
		proxywasm.LogWarn("aisecops: cannot set a tick period; failed captures are retried only when the next one is sent: " + err.Error())
	}
	p.flushCaptures()
}

// captureStore answers the exchange from the filter's store and records
// what it read, for the capture.
type captureStore struct {
	inner sharedStore
	st    *recording.StoreState
}

func (c captureStore) LearnPin(key, hash string) (string, error) {
	pin, err := c.inner.LearnPin(key, hash)
	if err == nil {
		if c.st.Pins == nil {
			c.st.Pins = map[string]string{}
		}
		c.st.Pins[key] = pin
	}
	return pin, err
}

func (c captureStore) SessionMethods(session string) (map[string]string, error) {
	m, err := c.inner.SessionMethods(session)
	if err == nil && len(m) > 0 {
		if c.st.Sessions == nil {
			c.st.Sessions = map[string]map[string]string{}
		}
		c.st.Sessions[session] = m
	}
	return m, err
}

func (c captureStore) RememberSession(session string, methods map[string]string) error {
	return c.inner.RememberSession(session, methods)
}

func (c captureStore) KnownTools() ([]string, error) {
	t, err := c.inner.KnownTools()
	if err == nil {
		c.st.Tools = t
	}
	return t, err
}

func (c captureStore) RememberTools(names []string) error { return c.inner.RememberTools(names) }

// store is the rules.Store of the exchange: the shared store, recorded
// when capture is on.
func (h *httpContext) store() rules.Store {
	if h.cap == nil {
		return h.p.store
	}
	h.cap.store = &recording.StoreState{}
	return captureStore{h.p.store, h.cap.store}
}

// startCapture begins recording an inspected exchange.
func (h *httpContext) startCapture(path, authority string) {
	if h.p.evidence == nil {
		return
	}
	method, _ := proxywasm.GetHttpRequestHeader(":method")
	c := &exchangeCapture{ex: recording.Exchange{Method: method, Path: path, Authority: authority}}
	c.ex.RequestHeaders = keptHeaders(proxywasm.GetHttpRequestHeaders())
	h.cap = c
}

func keptHeaders(hs [][2]string, err error) map[string]string {
	if err != nil {
		return nil
	}
	return recording.KeptHeaders(hs)
}

// grow accounts n more body bytes; past the bound the bodies are dropped.
func (c *exchangeCapture) grow(n, limit int) bool {
	if c.truncated != "" {
		return false
	}
	c.size += n
	if c.size > limit {
		c.omit("exchange over evidence.max_exchange_bytes (" + strconv.Itoa(limit) + " bytes)")
		return false
	}
	return true
}

func (c *exchangeCapture) omit(why string) {
	if c.truncated == "" {
		c.truncated = why
	}
	c.ex.SetRequestBody(nil)
	c.ex.ResponseChunks, c.ex.ResponseChunkB64 = nil, nil
}

// captureBody records a body as the host held it (before its
// content-encoding is undone: replay undoes it the same way).
func (h *httpContext) captureBody(d rules.Direction, raw []byte) {
	c := h.cap
	if c == nil || !c.grow(len(raw), h.p.evidence.cfg.MaxExchangeBytes) {
		return
	}
	if d == rules.Request {
		c.ex.SetRequestBody(raw)
	} else {
		c.ex.AddResponseChunk(raw)
	}
}

// captureUnread records a body the filter refused unread, over
// max_body_bytes: a request by its size (replay refuses it the same way),
// a response by leaving the bodies out.
func (h *httpContext) captureUnread(d rules.Direction, size int) {
	c := h.cap
	if c == nil {
		return
	}
	if d == rules.Request && c.truncated == "" {
		c.ex.SetRequestBody(nil)
		c.ex.RequestBodyUnread = size
		return
	}
	c.omit("the " + d.String() + " body was not read: over max_body_bytes")
}

// captureChunk records one chunk of an event stream, in its cut.
func (h *httpContext) captureChunk(chunk []byte) {
	c := h.cap
	if c == nil || len(chunk) == 0 || !c.grow(len(chunk), h.p.evidence.cfg.MaxExchangeBytes) {
		return
	}
	c.ex.AddResponseChunk(chunk)
}

func (h *httpContext) captureResponseHeaders(endOfStream bool) {
	c := h.cap
	if c == nil {
		return
	}
	c.respBody = !endOfStream
	status, _ := proxywasm.GetHttpResponseHeader(":status")
	c.ex.Status, _ = strconv.Atoi(status)
	c.ex.ResponseHeaders = keptHeaders(proxywasm.GetHttpResponseHeaders())
}

// finishCapture queues the exchange when it logged an event, or when the
// sample picks it.
func (h *httpContext) finishCapture() {
	c, s := h.cap, h.p.evidence
	h.cap = nil
	if c == nil || s == nil {
		return
	}
	sampled := false
	if len(c.events) == 0 {
		if s.cfg.SampleAllowed == 0 || rand.Float64() >= s.cfg.SampleAllowed {
			return
		}
		sampled = true
	}
	if c.respBody && c.truncated == "" && len(c.ex.ResponseChunks)+len(c.ex.ResponseChunkB64) == 0 {
		c.ex.ResponseBodyUnread = true
	}
	s.n++
	pol := h.p.policy
	capture := recording.Capture{ID: h.p.idPrefix + "-c" + strconv.FormatUint(s.n, 10), Time: time.Now().UTC().Format(time.RFC3339Nano),
		PolicyVersion: pol.Version(), PolicyHash: pol.Hash(), Sampled: sampled, Truncated: c.truncated, Events: c.events, Exchange: c.ex}
	if c.store != nil && (c.store.Pins != nil || c.store.Sessions != nil) {
		capture.Store = c.store
	}
	if capture.Events == nil {
		capture.Events = []json.RawMessage{}
	}
	b, err := json.Marshal(capture)
	if err != nil {
		h.p.m.capture("failed")
		return
	}
	h.p.enqueueCapture(b, c.truncated != "")
}

func (p *pluginContext) enqueueCapture(b []byte, truncated bool) {
	s := p.evidence
	now := time.Now()
	rate := float64(s.cfg.MaxBytesPerSecond)
	s.tokens = min(rate, s.tokens+now.Sub(s.filled).Seconds()*rate)
	s.filled = now
	if float64(len(b)) > s.tokens || s.queued+len(b) > captureQueueFactor*s.cfg.MaxExchangeBytes {
		p.m.capture("dropped")
		proxywasm.LogWarn("aisecops: evidence capture dropped (over evidence.max_bytes_per_second or the capture queue is full)")
		return
	}
	s.tokens -= float64(len(b))
	if truncated {
		p.m.capture("truncated")
	}
	s.queue = append(s.queue, captureItem{runnerapi.PathCaptures, b})
	s.queued += len(b)
	// Posted on the next tick, from the plugin's own context: Envoy
	// cancels a stream's calls when the stream is destroyed.
}

// flushCaptures posts the queue's head (the policy document, or a batch
// of captures as JSON lines up to max_exchange_bytes) unless a post is in
// flight or a retry is not due yet. Called from the tick and from its own
// answer, never from a stream.
func (p *pluginContext) flushCaptures() {
	s := p.evidence
	if s == nil || s.inFlight || len(s.queue) == 0 || time.Now().Before(s.retryAt) {
		return
	}
	path, n := s.queue[0].path, 1
	body := s.queue[0].body
	if path == runnerapi.PathCaptures {
		body = append([]byte(nil), body...)
		for n < len(s.queue) && s.queue[n].path == path && len(body)+1+len(s.queue[n].body) <= max(s.cfg.MaxExchangeBytes, len(s.queue[0].body)) {
			body = append(append(body, '\n'), s.queue[n].body...)
			n++
		}
	}
	rc, _ := p.policy.Runner()
	hdrs := [][2]string{{":method", "POST"}, {":path", path}, {":authority", rc.Authority},
		{"content-type", "application/json"}}
	if rc.Secret != "" {
		hdrs = append(hdrs, [2]string{rc.SecretHeader, rc.Secret})
	}
	s.inFlight = true
	done := func(status int, answer []byte) {
		s.inFlight = false
		switch {
		case status == 200:
		case status == 400 || status == 413:
			// The runner will never take these: dropped, said once.
			p.m.capture("failed")
			proxywasm.LogWarn("aisecops: the runner refused evidence (" + strconv.Itoa(status) + "): " + oneLine(string(answer)))
		default:
			p.m.capture("failed")
			s.failures++
			s.retryAt = time.Now().Add(min(time.Duration(1<<min(s.failures, 6))*time.Second, time.Minute))
			return
		}
		s.failures, s.retryAt = 0, time.Time{}
		for _, it := range s.queue[:n] {
			s.queued -= len(it.body)
		}
		s.queue = s.queue[n:]
		if path == runnerapi.PathCaptures && status == 200 {
			var a runnerapi.CapturesStored
			if json.Unmarshal(answer, &a) == nil {
				for range a.Stored {
					p.m.capture("sent")
				}
				for _, r := range a.Refused {
					p.m.capture("failed")
					proxywasm.LogWarn("aisecops: the runner refused an evidence capture: " + oneLine(r))
				}
			}
		}
		p.flushCaptures()
	}
	_, err := proxywasm.DispatchHttpCall(rc.Cluster, hdrs, body, nil, uint32(rc.TimeoutMS), func(_, bodySize, _ int) {
		status := callStatus()
		var answer []byte
		if bodySize > 0 {
			answer, _ = proxywasm.GetHttpCallResponseBody(0, min(bodySize, 4096))
		}
		done(status, answer)
	})
	if err != nil {
		done(0, nil)
	}
}
