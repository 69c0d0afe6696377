// Package driver runs the AISecOps filter in front of upstreams, two ways:
// Embedded (the compiled build/aisecops.wasm inside this process, under a
// minimal proxy-wasm host) and Envoy (real Envoy started by func-e). Both
// expose the same Env to the scenarios.
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
	"time"

	"github.com/aisecops/aisecops/bench/wasmhost"
)

// Embedded is an in-process HTTP proxy that runs every exchange through
// the compiled filter and forwards it to the upstream of its route. The
// filter's dispatched calls (sandbox, approvals) go to the runner.
type Embedded struct {
	mu        sync.Mutex
	host      *wasmhost.Host
	upstreams map[string]string // path prefix -> base URL
	client    *http.Client
	srv       *http.Server
	URL       string
	evMu      sync.Mutex
	events    []string
	stop      chan struct{}
}

const maxBody = 64 << 20

// NewEmbedded starts the proxy on a loopback port.
func NewEmbedded(wasm, policy []byte, upstreams map[string]string, runnerURL string) (*Embedded, error) {
	h, err := wasmhost.New(context.Background(), wasm, policy)
	if err != nil {
		return nil, fmt.Errorf("embedded driver: %w", err)
	}
	e := &Embedded{host: h, upstreams: upstreams, client: &http.Client{}}
	h.OnLog = func(level uint32, msg string) {
		if ev, ok := strings.CutPrefix(msg, "aisecops_event "); ok {
			e.evMu.Lock()
			e.events = append(e.events, ev)
			e.evMu.Unlock()
		}
	}
	h.Upstream = func(_ string, hdrs map[string]string, body []byte) (int, map[string]string, []byte) {
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

// Close stops the proxy and the filter.
func (e *Embedded) Close() {
	close(e.stop)
	e.srv.Close()
	e.mu.Lock()
	e.host.Close()
	e.mu.Unlock()
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
	for _, n := range e.host.MetricNames() {
		if v, _ := e.host.Counter(n); v != 0 && strings.Contains(n, "_total") {
			out[n] = v
		}
	}
	return out
}

// Events returns the security events logged so far.
func (e *Embedded) Events() []string {
	e.evMu.Lock()
	defer e.evMu.Unlock()
	return append([]string(nil), e.events...)
}

var hopByHop = map[string]bool{"connection": true, "keep-alive": true, "transfer-encoding": true, "te": true,
	"upgrade": true, "proxy-connection": true, "content-length": true}

func (e *Embedded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	e.mu.Lock()
	s, err := e.host.Request(hdrs, body)
	e.mu.Unlock()
	if err != nil {
		http.Error(w, "filter: "+err.Error(), http.StatusBadGateway)
		return
	}
	end := func() {
		e.mu.Lock()
		e.host.End(s)
		e.mu.Unlock()
	}
	if s.Local != nil {
		end()
		for k, v := range s.Local.Headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(int(s.Local.Status))
		w.Write(s.Local.Body)
		return
	}
	up, err := http.NewRequestWithContext(r.Context(), r.Method, strings.TrimRight(base, "/")+s.ReqHeaders[":path"], bytes.NewReader(s.ReqBody))
	if err != nil {
		end()
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	for k, v := range s.ReqHeaders {
		if !strings.HasPrefix(k, ":") && !hopByHop[k] && k != "host" {
			up.Header.Set(k, v)
		}
	}
	resp, err := e.client.Do(up)
	if err != nil {
		end()
		http.Error(w, "upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	if r.Method == http.MethodGet && strings.Contains(resp.Header.Get("Content-Type"), "text/event-stream") {
		// A long-lived stream (MCP's GET): the filter passes it, and so
		// do we, as it comes.
		end()
		copyHeaders(w, resp.Header)
		w.WriteHeader(resp.StatusCode)
		flusher, _ := w.(http.Flusher)
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			if n > 0 {
				w.Write(buf[:n])
				if flusher != nil {
					flusher.Flush()
				}
			}
			if err != nil {
				return
			}
		}
	}
	respBody, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	rh := map[string]string{":status": strconv.Itoa(resp.StatusCode)}
	for k, vs := range resp.Header {
		rh[strings.ToLower(k)] = strings.Join(vs, ",")
	}
	e.mu.Lock()
	err = e.host.Response(s, rh, respBody)
	e.mu.Unlock()
	end()
	if err != nil {
		http.Error(w, "filter: "+err.Error(), http.StatusBadGateway)
		return
	}
	if s.Local != nil {
		for k, v := range s.Local.Headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(int(s.Local.Status))
		w.Write(s.Local.Body)
		return
	}
	status := resp.StatusCode
	for k, v := range s.RespHeaders {
		switch {
		case k == ":status":
			status, _ = strconv.Atoi(v)
		case strings.HasPrefix(k, ":") || hopByHop[k]:
		default:
			w.Header().Set(k, v)
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(s.RespBody)))
	w.WriteHeader(status)
	w.Write(s.RespBody)
}

func copyHeaders(w http.ResponseWriter, h http.Header) {
	for k, vs := range h {
		if hopByHop[strings.ToLower(k)] {
			continue
		}
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
}
