package wasmhost

import (
	"bufio"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The Node.js host: v8host.js, written to a temporary file and run by
// node with the flags below.
//
//go:embed v8host.js
var v8hostJS []byte

// NodeMajor is the Node.js major version the V8 runs are pinned to
// (Node 20.20.2 carries V8 11.3); .ci/run installs it.
const NodeMajor = 20

// nodeFlags run V8 as Envoy's V8 host does: no Liftoff, every function
// compiled by TurboFan (on its first call). node:wasi is experimental in
// Node 20 and says so on every start; the warning is dropped.
var nodeFlags = []string{"--no-liftoff", "--disable-warning=ExperimentalWarning"}

// ErrNoNode is wrapped by NewV8's error when no usable Node.js is found
// (none on PATH or in $AISECOPS_NODE, or another major version): tests
// skip with that error's text.
var ErrNoNode = errors.New("no Node.js for the V8 runtime")

// FindNode returns the node binary ($AISECOPS_NODE, else node on PATH)
// and its version, or an error wrapping ErrNoNode that says why. With
// $AISECOPS_REQUIRE_V8 set (.ci/run sets it once Node is installed) the
// error does not wrap ErrNoNode, so the V8 runs fail instead of skipping.
func FindNode() (path, version string, err error) {
	path, version, err = findNode()
	if err != nil && os.Getenv("AISECOPS_REQUIRE_V8") != "" {
		err = fmt.Errorf("AISECOPS_REQUIRE_V8 is set: %s", err.Error())
	}
	return path, version, err
}

func findNode() (path, version string, err error) {
	path = os.Getenv("AISECOPS_NODE")
	if path == "" {
		if path, err = exec.LookPath("node"); err != nil {
			return "", "", fmt.Errorf("%w: node is not on PATH (.ci/run installs Node %d; or set AISECOPS_NODE)", ErrNoNode, NodeMajor)
		}
	}
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return "", "", fmt.Errorf("%w: %s --version: %v", ErrNoNode, path, err)
	}
	version = strings.TrimSpace(string(out))
	major, _, _ := strings.Cut(strings.TrimPrefix(version, "v"), ".")
	if major != strconv.Itoa(NodeMajor) {
		return "", "", fmt.Errorf("%w: %s is Node %s; the V8 runs are pinned to Node %d (.ci/run installs it; or set AISECOPS_NODE)",
			ErrNoNode, path, version, NodeMajor)
	}
	return path, version, nil
}

var scriptOnce struct {
	sync.Once
	path string
	err  error
}

// hostScript writes v8host.js once per process to a file named by its
// hash, so concurrent test binaries never see a half-written one.
func hostScript() (string, error) {
	scriptOnce.Do(func() {
		sum := sha256.Sum256(v8hostJS)
		p := filepath.Join(os.TempDir(), "aisecops-v8host-"+hex.EncodeToString(sum[:8])+".js")
		if b, err := os.ReadFile(p); err == nil && string(b) == string(v8hostJS) {
			scriptOnce.path = p
			return
		}
		tmp, err := os.CreateTemp(os.TempDir(), "aisecops-v8host-*.js")
		if err != nil {
			scriptOnce.err = err
			return
		}
		_, err = tmp.Write(v8hostJS)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), p)
		}
		scriptOnce.path, scriptOnce.err = p, err
	})
	return scriptOnce.path, scriptOnce.err
}

// V8Host is a filter loaded into V8: a Node.js child process running
// v8host.js, which keeps the streams and their Envoy rules (those of
// Host, written again in JavaScript) and answers each call over a pipe.
// A Stream it returns is a copy the host updates after every call: its
// exported fields and methods read as they do from Host.
type V8Host struct {
	cmd     *exec.Cmd
	w       io.WriteCloser // requests: the child's fd 3
	r       *bufio.Reader  // answers: the child's fd 4
	rc      io.Closer
	stderr  *tailBuffer
	exited  chan struct{}
	opts    Options
	streams map[uint32]*Stream
	engine  string
	closed  bool
	broken  error
}

// NewV8 starts node, loads the filter and configures it. Without a usable
// Node.js the error wraps ErrNoNode.
func NewV8(ctx context.Context, wasm, config []byte, o Options) (*V8Host, error) {
	node, _, err := FindNode()
	if err != nil {
		return nil, err
	}
	script, err := hostScript()
	if err != nil {
		return nil, fmt.Errorf("v8 host: writing v8host.js: %w", err)
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	ansR, ansW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, err
	}
	h := &V8Host{w: reqW, r: bufio.NewReaderSize(ansR, 64<<10), rc: ansR, stderr: &tailBuffer{max: 16 << 10},
		exited: make(chan struct{}), opts: o, streams: map[uint32]*Stream{}}
	h.cmd = exec.Command(node, append(append([]string(nil), nodeFlags...), script)...)
	h.cmd.ExtraFiles = []*os.File{reqR, ansW} // fd 3 and fd 4
	h.cmd.Stdout = h.stderr
	h.cmd.Stderr = h.stderr
	if err := h.cmd.Start(); err != nil {
		reqR.Close()
		reqW.Close()
		ansR.Close()
		ansW.Close()
		return nil, fmt.Errorf("v8 host: starting %s: %w", node, err)
	}
	reqR.Close() // the child's ends
	ansW.Close()
	go func() {
		h.cmd.Wait()
		close(h.exited)
	}()
	var v struct {
		Node     string   `json:"node"`
		V8       string   `json:"v8"`
		ExecArgv []string `json:"execArgv"`
	}
	rep, err := h.do(map[string]any{"op": "init", "wasm": wasm, "config": config, "logs": o.OnLog != nil})
	if err == nil {
		err = json.Unmarshal(rep.raw, &v)
	}
	if err != nil {
		h.Close()
		return nil, fmt.Errorf("v8 host: %w", err)
	}
	h.engine = fmt.Sprintf("V8 %s (Node %s, %s)", v.V8, v.Node, strings.Join(v.ExecArgv, " "))
	return h, nil
}

// Engine names V8, Node and the flags V8 runs with.
func (h *V8Host) Engine() string { return h.engine }

// Close ends the child: it exits when its request pipe closes.
func (h *V8Host) Close() error {
	if h.closed {
		return nil
	}
	h.closed = true
	h.w.Close()
	select {
	case <-h.exited:
	case <-time.After(10 * time.Second):
		h.cmd.Process.Kill()
		<-h.exited
	}
	h.rc.Close()
	return nil
}

// v8Reply is one answer frame; raw keeps it whole for op-specific fields.
type v8Reply struct {
	T       string     `json:"t"`
	Err     string     `json:"err"`
	Done    bool       `json:"done"`
	ID      uint32     `json:"id"`
	Action  Action     `json:"action"`
	Logs    []v8Log    `json:"logs"`
	Streams []v8Stream `json:"streams"`
	// A dispatched call ("call" frames).
	Cluster string            `json:"cluster"`
	Headers map[string]string `json:"headers"`
	Body    []byte            `json:"body"`
	raw     []byte
}

type v8Log struct {
	L uint32 `json:"l"`
	M string `json:"m"`
}

type v8Part struct {
	K PartKind          `json:"k"`
	H map[string]string `json:"h"`
	B []byte            `json:"b"`
	E bool              `json:"e"`
	L bool              `json:"l"`
	A int               `json:"a"`
}

type v8Stream struct {
	ID    uint32   `json:"id"`
	Up    []v8Part `json:"up"`
	Down  []v8Part `json:"down"`
	Calls []string `json:"calls"`
	Viol  []string `json:"viol"`
	Local *struct {
		Status  uint32            `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    []byte            `json:"body"`
	} `json:"local"`
	Reset        string            `json:"reset"`
	Resumed      [2]bool           `json:"resumed"`
	ReqHeaders   map[string]string `json:"reqHeaders"`
	RespHeaders  map[string]string `json:"respHeaders"`
	ReqTrailers  map[string]string `json:"reqTrailers"`
	RespTrailers map[string]string `json:"respTrailers"`
	SentHdrs     map[string]string `json:"sentHdrs"`
	ReqSentEnd   bool              `json:"reqSentEnd"`
	RespSentEnd  bool              `json:"respSentEnd"`
	ReqPaused    bool              `json:"reqPaused"`
	RespPaused   bool              `json:"respPaused"`
}

// do sends one request and reads frames until its answer, serving the
// calls the filter dispatches on the way.
func (h *V8Host) do(req any) (*v8Reply, error) {
	if h.broken != nil {
		return nil, h.broken
	}
	if err := h.send(req); err != nil {
		return nil, h.fail(err)
	}
	for {
		raw, err := h.recv()
		if err != nil {
			return nil, h.fail(err)
		}
		var rep v8Reply
		if err := json.Unmarshal(raw, &rep); err != nil {
			return nil, h.fail(fmt.Errorf("bad frame from v8host.js: %w", err))
		}
		rep.raw = raw
		h.deliverLogs(rep.Logs)
		switch rep.T {
		case "call":
			status, hdrs, body := 0, map[string]string(nil), []byte(nil)
			if h.opts.Upstream != nil {
				status, hdrs, body = h.opts.Upstream(rep.Cluster, rep.Headers, rep.Body)
			}
			if err := h.send(map[string]any{"status": status, "headers": lowerMap(hdrs), "body": body}); err != nil {
				return nil, h.fail(err)
			}
		case "reply":
			h.apply(rep.Streams)
			return &rep, nil
		default:
			return nil, h.fail(fmt.Errorf("unknown frame %q from v8host.js", rep.T))
		}
	}
}

// fail marks the host unusable: the child died or the pipe broke.
func (h *V8Host) fail(err error) error {
	select {
	case <-h.exited:
	case <-time.After(2 * time.Second):
	}
	h.broken = fmt.Errorf("v8 host: %w; node's stderr: %s", err, strings.TrimSpace(h.stderr.String()))
	return h.broken
}

func (h *V8Host) send(msg any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	frame := binary.LittleEndian.AppendUint32(make([]byte, 0, 4+len(b)), uint32(len(b)))
	_, err = h.w.Write(append(frame, b...))
	return err
}

func (h *V8Host) recv() ([]byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(h.r, head[:]); err != nil {
		return nil, err
	}
	b := make([]byte, binary.LittleEndian.Uint32(head[:]))
	_, err := io.ReadFull(h.r, b)
	return b, err
}

func (h *V8Host) deliverLogs(logs []v8Log) {
	if h.opts.OnLog == nil {
		return
	}
	for _, l := range logs {
		h.opts.OnLog(l.L, l.M)
	}
}

// apply brings the Go copies of the streams up to date.
func (h *V8Host) apply(ds []v8Stream) {
	for _, d := range ds {
		s := h.stream(d.ID)
		s.ReqHeaders, s.RespHeaders, s.ReqTrailers, s.RespTrailers = d.ReqHeaders, d.RespHeaders, d.ReqTrailers, d.RespTrailers
		for _, p := range d.Up {
			part := p.part()
			s.Upstream = append(s.Upstream, part)
			if part.Kind == PartBody {
				s.ReqBody = append(s.ReqBody, part.Body...)
			}
		}
		for _, p := range d.Down {
			part := p.part()
			s.Downstream = append(s.Downstream, part)
			if part.Kind == PartBody && !part.Local {
				s.RespBody = append(s.RespBody, part.Body...)
			}
		}
		s.Calls = append(s.Calls, d.Calls...)
		s.Violations = append(s.Violations, d.Viol...)
		if d.Local != nil && s.Local == nil {
			s.Local = &LocalResponse{Status: d.Local.Status, Headers: d.Local.Headers, Body: d.Local.Body}
		}
		s.Reset, s.Resumed = d.Reset, d.Resumed
		s.req.sentHdrs, s.req.sentEnd, s.resp.sentEnd = d.SentHdrs, d.ReqSentEnd, d.RespSentEnd
		s.req.paused, s.resp.paused = d.ReqPaused, d.RespPaused
	}
}

func (p v8Part) part() Part {
	out := Part{Kind: p.K, Headers: p.H, End: p.E, Local: p.L, After: p.A}
	if p.K == PartBody && len(p.B) > 0 {
		out.Body = p.B
	}
	return out
}

// stream returns the Go copy of stream id, made on first sight.
func (h *V8Host) stream(id uint32) *Stream {
	if s := h.streams[id]; s != nil {
		return s
	}
	s := &Stream{id: id}
	s.req.name, s.resp.name = "request", "response"
	h.streams[id] = s
	return s
}

// callErr turns a reply's error into the error Host gives.
func callErr(rep *v8Reply, id uint32) error {
	switch {
	case rep.Err == "":
		return nil
	case rep.Done:
		return fmt.Errorf("stream %d: %w", id, ErrDone)
	}
	return errors.New(rep.Err)
}

// open checks a stream is one of this host's, as Host.usable does first.
func (h *V8Host) open(s *Stream) error {
	if s == nil || h.streams[s.id] != s {
		return errors.New("stream is not open on this host")
	}
	return nil
}

// StartRequest is Host.StartRequest.
func (h *V8Host) StartRequest(headers map[string]string, endOfStream bool) (*Stream, Action, error) {
	rep, err := h.do(map[string]any{"op": "start", "headers": headers, "eos": endOfStream})
	if err != nil {
		return nil, Continue, err
	}
	s := h.stream(rep.ID)
	return s, rep.Action, callErr(rep, rep.ID)
}

func (h *V8Host) streamOp(s *Stream, op string, resp bool, extra map[string]any) (Action, error) {
	if err := h.open(s); err != nil {
		return Continue, err
	}
	msg := map[string]any{"op": op, "id": s.id, "resp": resp}
	for k, v := range extra {
		msg[k] = v
	}
	rep, err := h.do(msg)
	if err != nil {
		return Continue, err
	}
	if err := callErr(rep, s.id); err != nil {
		return Continue, err
	}
	return rep.Action, nil
}

// RequestBody is Host.RequestBody.
func (h *V8Host) RequestBody(s *Stream, chunk []byte, endOfStream bool) (Action, error) {
	return h.streamOp(s, "body", false, map[string]any{"chunk": chunk, "eos": endOfStream})
}

// RequestTrailers is Host.RequestTrailers.
func (h *V8Host) RequestTrailers(s *Stream, trailers map[string]string) (Action, error) {
	return h.streamOp(s, "trailers", false, map[string]any{"trailers": trailers})
}

// ResponseHeaders is Host.ResponseHeaders.
func (h *V8Host) ResponseHeaders(s *Stream, headers map[string]string, endOfStream bool) (Action, error) {
	return h.streamOp(s, "respHeaders", true, map[string]any{"headers": headers, "eos": endOfStream})
}

// ResponseBody is Host.ResponseBody.
func (h *V8Host) ResponseBody(s *Stream, chunk []byte, endOfStream bool) (Action, error) {
	return h.streamOp(s, "body", true, map[string]any{"chunk": chunk, "eos": endOfStream})
}

// ResponseTrailers is Host.ResponseTrailers.
func (h *V8Host) ResponseTrailers(s *Stream, trailers map[string]string) (Action, error) {
	return h.streamOp(s, "trailers", true, map[string]any{"trailers": trailers})
}

// End is Host.End.
func (h *V8Host) End(s *Stream) error {
	if err := h.open(s); err != nil {
		return err
	}
	defer delete(h.streams, s.id)
	rep, err := h.do(map[string]any{"op": "end", "id": s.id})
	if err != nil {
		return err
	}
	return callErr(rep, s.id)
}

// Exchange is Host.Exchange, in one round trip to the child.
func (h *V8Host) Exchange(reqHeaders map[string]string, reqBody []byte, respHeaders map[string]string, respBody []byte) (*Stream, error) {
	rep, err := h.do(map[string]any{"op": "exchange", "reqHeaders": reqHeaders, "reqBody": reqBody,
		"respHeaders": respHeaders, "respBody": respBody})
	if err != nil {
		return nil, err
	}
	if rep.Err != "" {
		// As in Host.Exchange, the failed exchange's stream stays open.
		return nil, errors.New(rep.Err)
	}
	s := h.stream(rep.ID)
	delete(h.streams, rep.ID)
	return s, nil
}

// Request is Host.Request.
func (h *V8Host) Request(reqHeaders map[string]string, reqBody []byte) (*Stream, error) {
	return request(h, reqHeaders, reqBody)
}

// Response is Host.Response.
func (h *V8Host) Response(s *Stream, respHeaders map[string]string, respBody []byte) error {
	return response(h, s, respHeaders, respBody)
}

// Repeat runs n exchanges of one request without a response phase inside
// the child and returns the time they took there: a benchmark of the
// filter in V8 without the pipe. local counts the locally answered ones.
func (h *V8Host) Repeat(n int, reqHeaders map[string]string, reqBody []byte) (elapsed time.Duration, local int, err error) {
	rep, err := h.do(map[string]any{"op": "repeat", "n": n, "reqHeaders": reqHeaders, "reqBody": reqBody})
	if err != nil {
		return 0, 0, err
	}
	if rep.Err != "" {
		return 0, 0, errors.New(rep.Err)
	}
	var r struct {
		NS    int64 `json:"ns"`
		Local int   `json:"local"`
	}
	if err := json.Unmarshal(rep.raw, &r); err != nil {
		return 0, 0, err
	}
	return time.Duration(r.NS), r.Local, nil
}

// Tick is Host.Tick.
func (h *V8Host) Tick() error {
	rep, err := h.do(map[string]any{"op": "tick"})
	if err != nil {
		return err
	}
	if rep.Err != "" {
		return errors.New(rep.Err)
	}
	return nil
}

// Done is Host.Done.
func (h *V8Host) Done() (bool, error) {
	rep, err := h.do(map[string]any{"op": "done"})
	if err != nil {
		return false, err
	}
	if rep.Err != "" {
		return false, errors.New(rep.Err)
	}
	var r struct {
		Done bool `json:"done"`
	}
	if err := json.Unmarshal(rep.raw, &r); err != nil {
		return false, err
	}
	return r.Done, nil
}

// Metrics is Host.Metrics (nil when the child cannot answer).
func (h *V8Host) Metrics() map[string]int64 {
	rep, err := h.do(map[string]any{"op": "metrics"})
	if err != nil || rep.Err != "" {
		return nil
	}
	var r struct {
		Metrics map[string]string `json:"metrics"`
	}
	if json.Unmarshal(rep.raw, &r) != nil {
		return nil
	}
	out := make(map[string]int64, len(r.Metrics))
	for k, v := range r.Metrics {
		out[k], _ = strconv.ParseInt(v, 10, 64)
	}
	return out
}

// Counter is Host.Counter.
func (h *V8Host) Counter(name string) (int64, bool) {
	v, ok := h.Metrics()[name]
	return v, ok
}

// MetricNames is Host.MetricNames.
func (h *V8Host) MetricNames() []string {
	m := h.Metrics()
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// MemoryBytes is Host.MemoryBytes: the module's linear memory size (0
// when the child cannot say).
func (h *V8Host) MemoryBytes() uint32 {
	rep, err := h.do(map[string]any{"op": "memory"})
	if err != nil || rep.Err != "" {
		return 0
	}
	var r struct {
		Bytes uint32 `json:"bytes"`
	}
	json.Unmarshal(rep.raw, &r)
	return r.Bytes
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.b) == 0 {
		return "(nothing)"
	}
	return string(t.b)
}
