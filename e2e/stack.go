// Package e2e runs end-to-end scenarios: agents using the official SDKs
// (openai-go, anthropic-sdk-go, the MCP go-sdk, a2a-go) talk through the
// AISecOps filter to fake upstreams and a real MCP server, with a live
// sandbox-runner process carrying out sandboxed calls and approvals.
package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/aisecops/aisecops/internal/recording"

	"github.com/aisecops/aisecops/e2e/driver"
	"github.com/aisecops/aisecops/e2e/fakes"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/tetratelabs/wazero"
)

// RunnerSecret is the local-dev secret in envoy/policy.example.json.
const RunnerSecret = "local-dev-secret-change-me"

// CaptureKey seals the e2e runner's evidence captures.
const CaptureKey = "e2e-capture-key-0123456789abcdef0123"

// RunnerAuditKey keys the runner's event log chain in e2e (random per
// stack in a real deployment; fixed here so a test can verify the log).
const RunnerAuditKey = "e2e-audit-key-0123456789abcdef-0123456789"

// Env is one filter in front of the upstreams, as a scenario sees it.
type Env struct {
	Driver string
	// Runtime is the embedded driver's Wasm runtime ("" for Envoy), and
	// Engine names it with its version.
	Runtime wasmhost.Runtime
	Engine  string
	URL     string // where agents send their traffic
	// Metric reads a filter counter by metric and label values in the
	// order they are packed: Metric("aisecops_requests_total", "format",
	// "openai_chat", "direction", "request").
	Metric func(name string, labels ...string) int64
	Events func() []string
	// Counters lists the non-zero filter counters (embedded driver only).
	Counters func() map[string]int64
	// Metrics lists every filter metric, gauges and histograms too
	// (embedded driver only).
	Metrics func() map[string]int64
	// Violations lists what the filter did that Envoy would ignore or
	// refuse (embedded driver only; nil elsewhere).
	Violations func() []string
	// Record sends every exchange, once ended, to fn in the recording
	// format (embedded driver only; nil elsewhere; fn nil: stop).
	Record func(fn func(*recording.Exchange))
	// Idle waits, at most the duration given, until no exchange is being
	// served, and says whether it got there (embedded driver only).
	Idle  func(time.Duration) bool
	Stack *Stack
}

// Stack is everything the scenarios need besides the filter.
type Stack struct {
	Root                   string // repository root
	Build                  string // make build's output: $AISECOPS_BUILD at StartStack; empty: Root/build
	OpenAI, Anthropic, A2A *fakes.Recorder
	EvilMCP                *fakes.EvilMCP    // the hostile MCP server
	Upstreams              map[string]string // path prefix -> base URL
	RunnerURL              string
	ApproverToken          string
	// RunnerData is the runner's data directory (its event log is in
	// RunnerData/events); it outlives StopRunner.
	RunnerData    string
	runnerAddr    string
	servers       []*http.Server
	runner        *exec.Cmd
	runnerDone    chan error // the runner's Wait, once it has returned or will
	runnerLog     *lockedBuffer
	closers       []func()
	filterClosers []func() // stopped before the runner
}

// runnerStartTimeout bounds the wait for the sandbox-runner's health check.
// It compiles its tools when it starts, which takes seconds on a loaded
// machine: ten seconds was once too few while benchmarks ran beside it.
const runnerStartTimeout = 60 * time.Second

func listen(h http.Handler) (*http.Server, string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	s := &http.Server{Handler: h}
	go s.Serve(l)
	return s, "http://" + l.Addr().String(), nil
}

// StartStack starts the fakes and the sandbox-runner (sandbox-runner from
// make build, in $AISECOPS_BUILD or build/) on free loopback ports.
func StartStack(root string) (*Stack, error) { return StartStackOn(root, nil, "") }

// StartStackOn is StartStack on fixed addresses: the fakes on each of
// fakeAddrs (all routes on each) and the runner on runnerAddr; empty
// means a free port.
func StartStackOn(root string, fakeAddrs []string, runnerAddr string) (*Stack, error) {
	st := &Stack{Root: root, Build: os.Getenv("AISECOPS_BUILD"), OpenAI: &fakes.Recorder{}, Anthropic: &fakes.Recorder{},
		A2A: &fakes.Recorder{}, EvilMCP: fakes.NewEvilMCP(), Upstreams: map[string]string{}}
	mux := http.NewServeMux()
	mux.Handle("/v1/chat/completions", fakes.OpenAI(st.OpenAI))
	mux.Handle("/v1/messages", fakes.Anthropic(st.Anthropic))
	mux.Handle("/v1/responses", fakes.Responses(st.OpenAI))
	mux.Handle("/a2a", fakes.A2A(st.A2A))
	mux.Handle("/mcp", fakes.MCP())
	mux.Handle(fakes.EvilMCPPrefix, st.EvilMCP) // routed as /mcp by its prefix
	srv, url, err := listen(mux)
	if err != nil {
		return nil, err
	}
	st.servers = append(st.servers, srv)
	for _, a := range fakeAddrs {
		l, err := net.Listen("tcp", a)
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("fake upstream on %s: %w", a, err)
		}
		s := &http.Server{Handler: mux}
		go s.Serve(l)
		st.servers = append(st.servers, s)
	}
	for _, p := range []string{"/v1/chat/completions", "/v1/responses", "/v1/messages", "/mcp", "/a2a"} {
		st.Upstreams[p] = url
	}
	if err := st.startRunner(runnerAddr); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// buildPath is a file make build wrote, under Build or else Root/build.
func (st *Stack) buildPath(rel string) string {
	if st.Build != "" {
		return filepath.Join(st.Build, rel)
	}
	return filepath.Join(st.Root, "build", rel)
}

func (st *Stack) startRunner(addr string) error {
	bin := st.buildPath("sandbox-runner")
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("%s missing: run make build", bin)
	}
	var tok [16]byte
	rand.Read(tok[:])
	st.ApproverToken = hex.EncodeToString(tok[:])
	if addr == "" {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		addr = l.Addr().String()
		l.Close()
	}
	data, err := os.MkdirTemp("", "aisecops-e2e-runner-")
	if err != nil {
		return err
	}
	st.closers = append(st.closers, func() { os.RemoveAll(data) })
	st.RunnerData, st.runnerAddr = data, addr
	st.RunnerURL = "http://" + addr
	return st.StartRunner()
}

// StartRunner starts the sandbox-runner (again, after StopRunner) on the
// same address and data directory, and waits until it is healthy.
func (st *Stack) StartRunner() error {
	st.runner = exec.Command(st.buildPath("sandbox-runner"), "--listen", st.runnerAddr, "--data-dir", st.RunnerData,
		"--tools-dir", st.buildPath("tools"), "--secret", RunnerSecret, "--approver-token", st.ApproverToken,
		"--audit-key", RunnerAuditKey, "--capture-key", CaptureKey)
	st.runnerLog = &lockedBuffer{}
	st.runner.Stderr = st.runnerLog
	if err := st.runner.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- st.runner.Wait() }()
	st.runnerDone = done
	for deadline := time.Now().Add(runnerStartTimeout); time.Now().Before(deadline); {
		if resp, err := http.Get(st.RunnerURL + "/healthz"); err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case err := <-done:
			done <- err // for Close
			return fmt.Errorf("sandbox-runner exited before it was healthy (%v); its stderr: %s", err, st.runnerStderr())
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("sandbox-runner did not become healthy within %s; its stderr: %s", runnerStartTimeout, st.runnerStderr())
}

// StopRunner kills the sandbox-runner (SIGKILL: no graceful end) and waits
// until it has exited. Its data directory stays.
func (st *Stack) StopRunner() {
	if st.runner == nil || st.runner.Process == nil {
		return
	}
	st.runner.Process.Kill()
	if st.runnerDone != nil {
		err := <-st.runnerDone
		st.runnerDone <- err // for Close
	}
}

// runnerStderr is the end of what the runner wrote to stderr, for an error.
func (st *Stack) runnerStderr() string {
	if s := strings.TrimSpace(st.runnerLog.tail(4 << 10)); s != "" {
		return s
	}
	return "(nothing)"
}

// Close stops everything: the filters first, so each hands its queued
// events to the runner while it still runs, then the runner, then the
// rest. (Stopping the runner first lost the events of the last second and
// counted each failed post as event_post_failed.)
func (st *Stack) Close() {
	for _, c := range st.filterClosers {
		c()
	}
	for _, s := range st.servers {
		s.Close()
	}
	st.StopRunner()
	for _, c := range st.closers {
		c()
	}
}

// Policy returns the shipped example policy, or its monitor-mode variant.
func (st *Stack) Policy(monitor bool) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(st.Root, "envoy", "policy.example.json"))
	if err != nil {
		return nil, err
	}
	if monitor {
		b = []byte(strings.Replace(string(b), `"mode": "enforce"`, `"mode": "monitor"`, 1))
	}
	return b, nil
}

// Embedded starts the embedded driver with the example policy, the filter
// in wazero, as the sidecar of workload agent-gateway
// (agent-gateway-monitor in monitor mode) in namespace e2e.
func (st *Stack) Embedded(monitor bool) (*Env, error) { return st.EmbeddedOn(wasmhost.Wazero, monitor) }

// EmbeddedOn starts the embedded driver with the filter in runtime rt.
// Without Node.js for V8 the error wraps wasmhost.ErrNoNode. In wazero
// the proxy reports an Istio sidecar's node; the V8 host serves none.
func (st *Stack) EmbeddedOn(rt wasmhost.Runtime, monitor bool) (*Env, error) {
	pol, err := st.Policy(monitor)
	if err != nil {
		return nil, err
	}
	var node *wasmhost.Node
	if rt == wasmhost.Wazero {
		workload := "agent-gateway"
		if monitor {
			workload += "-monitor"
		}
		node = wasmhost.IstioSidecar("e2e", workload, "agent-gateway", "v1")
	}
	return st.EmbeddedAs(rt, pol, node)
}

// EmbeddedWith starts the embedded driver with a policy document, the
// filter in runtime rt, on a proxy that reports no identity (its events
// name the deployment "unknown").
func (st *Stack) EmbeddedWith(rt wasmhost.Runtime, pol []byte) (*Env, error) {
	return st.EmbeddedAs(rt, pol, nil)
}

// compiled keeps the filter's machine code across the embedded filters
// of this process: compiling it takes seconds, and every env would.
var compiled = wazero.NewCompilationCache()

// EmbeddedAs starts the embedded driver with a policy, the filter in
// runtime rt, on a proxy that reports node as its identity (nil: none).
func (st *Stack) EmbeddedAs(rt wasmhost.Runtime, pol []byte, node *wasmhost.Node) (*Env, error) {
	wasm, err := os.ReadFile(st.buildPath("aisecops.wasm"))
	if err != nil {
		return nil, fmt.Errorf("%s missing: run make build (%w)", st.buildPath("aisecops.wasm"), err)
	}
	e, err := driver.NewEmbeddedAs(rt, wasm, pol, st.Upstreams, st.RunnerURL, wasmhost.Options{Node: node, Cache: compiled})
	if err != nil {
		return nil, err
	}
	st.filterClosers = append(st.filterClosers, e.Close)
	return &Env{Driver: "embedded", Runtime: rt, Engine: e.Engine(), URL: e.URL, Stack: st, Events: e.Events, Counters: e.Counters,
		Metrics: e.Metrics, Violations: e.Violations, Record: e.Record, Idle: e.Idle,
		Metric: func(name string, labels ...string) int64 {
			return e.Counter(name + packed(labels))
		}}, nil
}

func packed(labels []string) string {
	var b strings.Builder
	for _, l := range labels {
		b.WriteString(".")
		b.WriteString(l)
	}
	return b.String()
}

// Approve decides the next pending approval as a human would, through the
// runner's API. It waits for one to appear (up to timeout).
func (st *Stack) Approve(ctx context.Context, verb string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, "GET", st.RunnerURL+"/v1/approvals?state=pending", nil)
		req.Header.Set("Authorization", "Bearer "+st.ApproverToken)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if i := strings.Index(string(b), `"id":"`); i >= 0 {
				id := string(b[i+6:])
				id = id[:strings.IndexByte(id, '"')]
				req, _ := http.NewRequestWithContext(ctx, "POST", st.RunnerURL+"/v1/approvals/"+id+"/"+verb, nil)
				req.Header.Set("Authorization", "Bearer "+st.ApproverToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return err
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					return fmt.Errorf("%s answered %d", verb, resp.StatusCode)
				}
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("no pending approval appeared")
}
