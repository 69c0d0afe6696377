// Package driver runs the AISecOps filter in front of upstreams, two ways:
// Embedded (the compiled build/aisecops.wasm under a minimal proxy-wasm
// host: wazero inside this process, or V8 in a Node.js child process) and
// Envoy (real Envoy started by func-e). Both expose the same Env to the
// scenarios.
package driver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/internal/wasmhost"
)

// Embedded is an in-process HTTP proxy that runs every exchange through
// the compiled filter and forwards it to the upstream of its route. The
// request body is read whole; the upstream's response is fed to the filter
// chunk by chunk as it arrives, and whatever the filter releases is written
// and flushed to the client at once (event streams reach the client event
// by event, long-lived GET streams as they flow). The host's mutex is held
// only around filter calls, never while waiting on the upstream or the
// client. The filter's dispatched calls (sandbox, approvals) go to the
// runner. The filter runs in wazero or in V8 (wasmhost.Filter); under V8
// every filter call is a round trip to the Node child, made under the
// same lock.
type Embedded struct {
	mu        sync.Mutex
	host      wasmhost.Filter
	upstreams map[string]string // path prefix -> base URL
	client    *http.Client
	srv       *http.Server
	URL       string
	evMu      sync.Mutex
	events    []string
	// violations: what the filter did that Envoy would ignore or refuse,
	// per stream ("POST /mcp: ...").
	violations []string
	stop       chan struct{}
	active     atomic.Int64 // exchanges being served
	// ended, when set (by tests), sees each stream after the filter ended it.
	ended func(*wasmhost.Stream)
	// nextID numbers the x-request-id the driver gives requests without
	// one; recFn receives recorded exchanges (Record).
	nextID atomic.Uint64
	recMu  sync.Mutex
	recFn  func(*recording.Exchange)
}

const maxBody = 64 << 20

// NewEmbedded starts the proxy on a loopback port, the filter in runtime
// rt. Without Node.js for V8 the error wraps wasmhost.ErrNoNode.
func NewEmbedded(rt wasmhost.Runtime, wasm, policy []byte, upstreams map[string]string, runnerURL string) (*Embedded, error) {
	return NewEmbeddedAs(rt, wasm, policy, upstreams, runnerURL, wasmhost.Options{})
}

// NewEmbeddedAs is NewEmbedded with host options: the node the proxy
// reports as its own (Envoy's node properties; nil: none, and the
// filter's events name the deployment "unknown"), a compilation cache.
// The driver sets OnLog and Upstream itself.
func NewEmbeddedAs(rt wasmhost.Runtime, wasm, policy []byte, upstreams map[string]string, runnerURL string, o wasmhost.Options) (*Embedded, error) {
	e := &Embedded{upstreams: upstreams, client: &http.Client{}}
	onLog := func(level uint32, msg string) {
		if ev, ok := strings.CutPrefix(msg, "aisecops_event "); ok {
			e.evMu.Lock()
			e.events = append(e.events, ev)
			e.evMu.Unlock()
		}
	}
	upstream := func(_ string, hdrs map[string]string, body []byte) (int, map[string]string, []byte) {
		req, err := http.NewRequest(hdrs[":method"], strings.TrimRight(runnerURL, "/")+hdrs[":path"], bytes.NewReader(body))
		if err != nil {
			return 0, nil, nil
		}
		for k, v := range hdrs {
			if !strings.HasPrefix(k, ":") {
				req.Header.Set(k, v)
			}
		}
		resp, err := e.client.Do(req)
		if err != nil {
			return 0, nil, nil
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		return resp.StatusCode, map[string]string{"content-type": resp.Header.Get("Content-Type")}, b
	}
	o.OnLog, o.Upstream = onLog, upstream
	h, err := wasmhost.Open(context.Background(), rt, wasm, policy, o)
	if err != nil {
		return nil, fmt.Errorf("embedded driver (%s): %w", rt, err)
	}
	e.host = h
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.Close()
		return nil, err
	}
	e.URL = "http://" + l.Addr().String()
	e.srv = &http.Server{Handler: e}
	go e.srv.Serve(l)
	// Drive the filter's timer like Envoy (it flushes events to the runner).
	e.stop = make(chan struct{})
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-e.stop:
				return
			case <-t.C:
				e.mu.Lock()
				e.host.Tick()
				e.mu.Unlock()
			}
		}
	}()
	return e, nil
}

// Close stops the proxy and the filter. The filter is told first, as Envoy
// does when a plugin goes, so it hands its queued events to the runner.
func (e *Embedded) Close() {
	close(e.stop)
	e.srv.Close()
	e.mu.Lock()
	e.host.Done()
	e.host.Close()
	e.mu.Unlock()
}

// Engine names the Wasm engine the filter runs in, with its version.
func (e *Embedded) Engine() string { return e.host.Engine() }

// Metrics returns every filter metric by packed name.
func (e *Embedded) Metrics() map[string]int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.host.Metrics()
}

// Counter reads a filter metric by its packed name.
func (e *Embedded) Counter(name string) int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, _ := e.host.Counter(name)
	return v
}

// Counters returns every non-zero counter by packed name.
func (e *Embedded) Counters() map[string]int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]int64{}
	for n, v := range e.host.Metrics() {
		if v != 0 && strings.Contains(n, "_total") {
			out[n] = v
		}
	}
	return out
}

// Violations returns what the filter did that Envoy would have ignored or
// refused (wasmhost.Stream.Violations), and streams Envoy would have reset,
// over every exchange so far.
func (e *Embedded) Violations() []string {
	e.evMu.Lock()
	defer e.evMu.Unlock()
	return append([]string(nil), e.violations...)
}

// Events returns the security events logged so far.
func (e *Embedded) Events() []string {
	e.evMu.Lock()
	defer e.evMu.Unlock()
	return append([]string(nil), e.events...)
}

var hopByHop = map[string]bool{"connection": true, "keep-alive": true, "transfer-encoding": true, "te": true,
	"upgrade": true, "proxy-connection": true, "content-length": true, "trailer": true}

// progress is what a filter call left for the client: the parts released
// since the last call, and the stream's state, read under the host's lock.
type progress struct {
	parts  []wasmhost.Part
	done   bool   // local response or reset: nothing more to feed
	reset  string // why Envoy would reset the stream
	ended  bool   // the client has the end of the response (upstream's or local)
	upDone bool   // the request went upstream whole
}

// filter runs f on the host under its lock and collects what it released.
func (e *Embedded) filter(s *wasmhost.Stream, sent *int, f func() error) (progress, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var err error
	if f != nil {
		err = f()
	}
	p := progress{parts: append([]wasmhost.Part(nil), s.Downstream[*sent:]...),
		done: s.Done(), reset: s.Reset, ended: s.ClientEnded(), upDone: s.UpstreamEnded()}
	*sent = len(s.Downstream)
	return p, err
}

// request runs the request phase: headers, the whole body, trailers.
func (e *Embedded) request(hdrs map[string]string, body []byte, trailers map[string]string) (*wasmhost.Stream, error) {
	s, _, err := e.host.StartRequest(hdrs, len(body) == 0 && len(trailers) == 0)
	if err != nil || s.Done() {
		return s, err
	}
	if len(body) > 0 {
		if _, err = e.host.RequestBody(s, body, len(trailers) == 0); err != nil || s.Done() {
			return s, err
		}
	}
	if len(trailers) > 0 {
		_, err = e.host.RequestTrailers(s, trailers)
	}
	return s, err
}

// Record calls fn with every exchange once it has ended (nil: stop), in
// the recording format `aisecops replay` reads. Exchanges that run at the
// same time end in any order.
func (e *Embedded) Record(fn func(*recording.Exchange)) {
	e.recMu.Lock()
	e.recFn = fn
	e.recMu.Unlock()
}

func (e *Embedded) recorder() func(*recording.Exchange) {
	e.recMu.Lock()
	defer e.recMu.Unlock()
	return e.recFn
}

// Idle waits until no exchange is being served (each recorded, when
// recording), at most d; it reports whether it got there. A streamed
// exchange may end after its client has stopped reading.
func (e *Embedded) Idle(d time.Duration) bool {
	for end := time.Now().Add(d); e.active.Load() > 0; {
		if time.Now().After(end) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

func (e *Embedded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.active.Add(1)
	defer e.active.Add(-1)
	base := ""
	for prefix, u := range e.upstreams {
		if strings.HasPrefix(r.URL.Path, prefix) {
			base = u
		}
	}
	if base == "" {
		http.Error(w, "no route", http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	hdrs := map[string]string{":method": r.Method, ":path": r.URL.RequestURI(), ":authority": r.Host, ":scheme": "http"}
	for k, vs := range r.Header {
		hdrs[strings.ToLower(k)] = strings.Join(vs, ",")
	}
	if len(body) > 0 {
		hdrs["content-length"] = strconv.Itoa(len(body))
	}
	if hdrs["x-request-id"] == "" {
		// Envoy generates one when the client sends none; events carry it.
		hdrs["x-request-id"] = "e2e-" + strconv.FormatUint(e.nextID.Add(1), 10)
	}
	var recEx *recording.Exchange
	if rec := e.recorder(); rec != nil {
		ex := &recording.Exchange{Method: r.Method, Path: r.URL.RequestURI(), Authority: r.Host, RequestHeaders: map[string]string{}}
		for k, v := range hdrs {
			if recording.KeptHeader(k) {
				ex.RequestHeaders[k] = v
			}
		}
		ex.SetRequestBody(body)
		recEx = ex
		defer func() { rec(ex) }()
	}
	reqTrailers := flatten(r.Trailer)
	e.mu.Lock()
	s, err := e.request(hdrs, body, reqTrailers)
	e.mu.Unlock()
	if s == nil {
		http.Error(w, "filter: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer e.end(r, s)
	sent := 0
	p, _ := e.filter(s, &sent, nil)
	out := &clientWriter{w: w}
	if err != nil {
		out.fail(http.StatusBadGateway, "filter: "+err.Error())
		return
	}
	if p.done || !p.upDone {
		out.write(p.parts)
		if !p.ended && p.reset == "" {
			// Envoy would wait for a continue that never comes, then time out.
			out.fail(http.StatusGatewayTimeout, "filter held the stream")
		}
		out.finish(p)
		return
	}
	resp, err := e.forward(r, base, s)
	if err != nil {
		out.fail(http.StatusBadGateway, "upstream: "+err.Error())
		return
	}
	defer resp.Body.Close()
	rh := map[string]string{":status": strconv.Itoa(resp.StatusCode)}
	for k, vs := range resp.Header {
		rh[strings.ToLower(k)] = strings.Join(vs, ",")
	}
	noBody := r.Method == http.MethodHead || resp.StatusCode == http.StatusNoContent ||
		resp.StatusCode == http.StatusNotModified || resp.ContentLength == 0
	ex := recEx
	if ex != nil {
		ex.Status = resp.StatusCode
		ex.ResponseHeaders = map[string]string{}
		for k, v := range rh {
			if recording.KeptHeader(k) {
				ex.ResponseHeaders[k] = v
			}
		}
	}
	p, err = e.filter(s, &sent, func() error {
		_, err := e.host.ResponseHeaders(s, rh, noBody)
		return err
	})
	if err != nil {
		out.fail(http.StatusBadGateway, "filter: "+err.Error())
		return
	}
	out.write(p.parts)
	buf := make([]byte, 32<<10)
	for !noBody && !p.done {
		n, rerr := resp.Body.Read(buf)
		if rerr != nil && rerr != io.EOF {
			// The upstream broke off: Envoy resets the client's stream.
			out.fail(http.StatusBadGateway, "upstream: "+rerr.Error())
			return
		}
		last := rerr == io.EOF
		trailers := flatten(resp.Trailer) // complete once the body hit EOF
		if n > 0 || (last && len(trailers) == 0) {
			chunk := buf[:n]
			if ex != nil {
				ex.AddResponseChunk(chunk)
			}
			p, err = e.filter(s, &sent, func() error {
				_, err := e.host.ResponseBody(s, chunk, last && len(trailers) == 0)
				return err
			})
			if err != nil {
				out.fail(http.StatusBadGateway, "filter: "+err.Error())
				return
			}
			out.write(p.parts)
		}
		if last && len(trailers) > 0 && !p.done {
			p, err = e.filter(s, &sent, func() error {
				_, err := e.host.ResponseTrailers(s, trailers)
				return err
			})
			if err != nil {
				out.fail(http.StatusBadGateway, "filter: "+err.Error())
				return
			}
			out.write(p.parts)
		}
		if last {
			break
		}
	}
	if !p.ended && p.reset == "" {
		// The filter still holds the response at its end: Envoy would
		// time the stream out.
		out.fail(http.StatusGatewayTimeout, "filter held the response")
	}
	out.finish(p)
}

// forward sends the request as the filter released it to the upstream.
func (e *Embedded) forward(r *http.Request, base string, s *wasmhost.Stream) (*http.Response, error) {
	e.mu.Lock()
	uh, reqBody := s.UpstreamHeaders(), s.ReqBody
	var trailers map[string]string
	for _, p := range s.Upstream {
		if p.Kind == wasmhost.PartTrailers {
			trailers = p.Headers
		}
	}
	e.mu.Unlock()
	var rd io.Reader = bytes.NewReader(reqBody)
	if len(trailers) > 0 {
		rd = io.MultiReader(rd) // unknown length: chunked, so trailers can follow
	}
	up, err := http.NewRequestWithContext(r.Context(), uh[":method"], strings.TrimRight(base, "/")+uh[":path"], rd)
	if err != nil {
		return nil, err
	}
	for k, v := range uh {
		if !strings.HasPrefix(k, ":") && !hopByHop[k] && k != "host" {
			up.Header.Set(k, v)
		}
	}
	if len(trailers) > 0 {
		up.Trailer = http.Header{}
		for k, v := range trailers {
			up.Trailer.Set(k, v)
		}
	}
	return e.client.Do(up)
}

// end finishes the stream in the filter and keeps its violations.
func (e *Embedded) end(r *http.Request, s *wasmhost.Stream) {
	e.mu.Lock()
	e.host.End(s)
	var v []string
	for _, msg := range s.Violations {
		v = append(v, r.Method+" "+r.URL.Path+": "+msg)
	}
	if s.Reset != "" {
		v = append(v, r.Method+" "+r.URL.Path+": stream reset: "+s.Reset)
	}
	if e.ended != nil {
		e.ended(s)
	}
	e.mu.Unlock()
	if len(v) > 0 {
		e.evMu.Lock()
		if len(e.violations) < 1000 {
			e.violations = append(e.violations, v...)
		}
		e.evMu.Unlock()
	}
}

func flatten(h http.Header) map[string]string {
	out := map[string]string{}
	for k, vs := range h {
		if len(vs) > 0 {
			out[strings.ToLower(k)] = strings.Join(vs, ",")
		}
	}
	return out
}

// clientWriter writes released parts to the client as they come.
type clientWriter struct {
	w           http.ResponseWriter
	wroteHeader bool
}

func (c *clientWriter) write(parts []wasmhost.Part) {
	flusher, _ := c.w.(http.Flusher)
	for _, p := range parts {
		switch p.Kind {
		case wasmhost.PartHeaders:
			status := http.StatusOK
			for k, v := range p.Headers {
				switch {
				case k == ":status":
					status, _ = strconv.Atoi(v)
				case k == "content-length":
					c.w.Header().Set("Content-Length", v)
				case strings.HasPrefix(k, ":") || hopByHop[k]:
				default:
					c.w.Header().Set(k, v)
				}
			}
			c.w.WriteHeader(status)
			c.wroteHeader = true
		case wasmhost.PartBody:
			if len(p.Body) > 0 {
				c.w.Write(p.Body)
			}
		case wasmhost.PartTrailers:
			for k, v := range p.Headers {
				c.w.Header().Set(http.TrailerPrefix+k, v)
			}
		}
	}
	if len(parts) > 0 && flusher != nil {
		flusher.Flush()
	}
}

// fail answers with an error while nothing was sent, and otherwise breaks
// the connection off, as Envoy resets a stream it cannot finish.
func (c *clientWriter) fail(status int, msg string) {
	if !c.wroteHeader {
		http.Error(c.w, msg, status)
		c.wroteHeader = true
		return
	}
	panic(http.ErrAbortHandler)
}

// finish applies a reset the filter caused after the response started.
func (c *clientWriter) finish(p progress) {
	if p.reset != "" {
		if !c.wroteHeader {
			http.Error(c.w, "stream reset", http.StatusBadGateway)
			return
		}
		panic(http.ErrAbortHandler)
	}
}
