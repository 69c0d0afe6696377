// Package server is the sandbox-runner's HTTP API: execution, approvals,
// the event log, metrics, health and a small web UI.
package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/aisecops/aisecops/sandbox-runner/internal/approvals"
	"github.com/aisecops/aisecops/sandbox-runner/internal/captures"
	"github.com/aisecops/aisecops/sandbox-runner/internal/events"
	"github.com/aisecops/aisecops/sandbox-runner/internal/sandbox"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config of the server.
type Config struct {
	// Secret authenticates filters (header SecretHeader); ApproverToken
	// authenticates humans (Authorization: Bearer).
	Secret        string
	SecretHeader  string
	ApproverToken string
	MaxBodyBytes  int64
	// MaxApprovalArgsBytes bounds the arguments of one approval (default
	// 64 KiB): an approver is shown them whole, so larger ones are refused
	// (413) rather than approved half seen.
	MaxApprovalArgsBytes int
	ApprovalTTL          time.Duration // default lifetime of an approval
	MaxWait              time.Duration // longest long-poll
}

// Server wires the parts together.
type Server struct {
	cfg       Config
	exec      *sandbox.Executor
	approvals *approvals.Store
	events    *events.Log
	captures  *captures.Store
	log       *slog.Logger
	mux       *http.ServeMux
	ready     func() error
	reg       *prometheus.Registry
	m         serverMetrics
	// ckAt is when the event checkpoint was last logged.
	ckMu sync.Mutex
	ckAt time.Time
	dash dashboard
}

type serverMetrics struct {
	execs     *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	limits    *prometheus.CounterVec
	approvals *prometheus.CounterVec
	events    prometheus.Counter
	// duplicates counts events a filter sent again that were not stored
	// twice.
	duplicates prometheus.Counter
}

// New builds the server.
func New(cfg Config, ex *sandbox.Executor, ap *approvals.Store, ev *events.Log, log *slog.Logger) *Server {
	if cfg.SecretHeader == "" {
		cfg.SecretHeader = "x-aisecops-secret"
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 4 << 20
	}
	if cfg.MaxApprovalArgsBytes <= 0 {
		cfg.MaxApprovalArgsBytes = 64 << 10
	}
	if cfg.ApprovalTTL <= 0 {
		cfg.ApprovalTTL = 10 * time.Minute
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 60 * time.Second
	}
	s := &Server{cfg: cfg, exec: ex, approvals: ap, events: ev, log: log, mux: http.NewServeMux(), reg: prometheus.NewRegistry()}
	s.m = serverMetrics{
		execs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aisecops_runner_executions_total",
			Help: "Executions by tool and outcome (ok, error, limit, busy, over_budget)."}, []string{"tool", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "aisecops_runner_execution_duration_seconds",
			Help: "Execution wall time.", Buckets: prometheus.ExponentialBuckets(0.002, 2, 14)}, []string{"tool"}),
		limits: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aisecops_runner_limits_hit_total",
			Help: "Executions ended by a limit."}, []string{"tool", "limit"}),
		approvals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aisecops_runner_approvals_total",
			Help: "Approval state changes."}, []string{"state"}),
		events: prometheus.NewCounter(prometheus.CounterOpts{Name: "aisecops_runner_events_total", Help: "Events stored."}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{Name: "aisecops_runner_events_duplicates_total",
			Help: "Events received again (same event_id, a retried batch) and not stored twice."}),
	}
	s.reg.MustRegister(s.captureGauges()...)
	s.reg.MustRegister(s.m.execs, s.m.duration, s.m.limits, s.m.approvals, s.m.events, s.m.duplicates,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "aisecops_runner_events_head_seq",
			Help: "Sequence number of the last acknowledged event (the signed checkpoint); scraped off the host, an anchor against a cut log."},
			func() float64 { return float64(ev.Seq()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "aisecops_runner_queue_depth",
			Help: "Executions running or waiting."}, func() float64 { return float64(ex.QueueDepth()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "aisecops_runner_memory_reserved_bytes",
			Help: "Memory running executions have reserved from the budget."}, func() float64 {
			now, _ := ex.MemoryReserved()
			return float64(now)
		}))
	s.reg.MustRegister(saturationGauges(ex, ap, time.Now)...)
	ap.OnChange = func(a approvals.Approval) { s.m.approvals.WithLabelValues(string(a.State)).Inc() }
	s.ready = func() error { return nil }
	s.routes()
	return s
}

// Handler is the root handler.
func (s *Server) Handler() http.Handler { return s.mux }

func (s *Server) routes() {
	s.mux.HandleFunc("POST "+runnerapi.PathExec, s.filterOnly(s.handleExec))
	s.mux.HandleFunc("POST "+runnerapi.PathApprovals, s.filterOnly(s.handleCreateApproval))
	s.mux.HandleFunc("GET /v1/approvals", s.approverOnly(s.handleListApprovals))
	s.mux.HandleFunc("GET /v1/approvals/{id}", s.filterOrApprover(s.handleGetApproval))
	s.mux.HandleFunc("POST /v1/approvals/{id}/approve", s.approverOnly(s.handleDecide(true)))
	s.mux.HandleFunc("POST /v1/approvals/{id}/deny", s.approverOnly(s.handleDecide(false)))
	s.mux.HandleFunc("POST /v1/approvals/{id}/consume", s.filterOnly(s.handleConsume))
	s.mux.HandleFunc("POST "+runnerapi.PathEvents, s.filterOnly(s.handlePostEvents))
	s.mux.HandleFunc("GET /v1/events", s.approverOnly(s.handleGetEvents))
	s.captureRoutes()
	s.mux.HandleFunc("GET "+runnerapi.PathEventsHead, s.approverOnly(s.handleEventsHead))
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if err := s.ready(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	s.mux.HandleFunc("GET /{$}", s.handleDashboard)
	s.mux.HandleFunc("GET /dashboard", s.handleDashboard)
	s.mux.HandleFunc("GET /dashboard/data", s.approverOnly(s.handleDashboardData))
	s.mux.HandleFunc("GET /dashboard/events/{seq}", s.approverOnly(s.handleDashboardEvent))
}

// --- auth --------------------------------------------------------------

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *Server) isFilter(r *http.Request) bool {
	return s.cfg.Secret != "" && equal(r.Header.Get(s.cfg.SecretHeader), s.cfg.Secret)
}

func (s *Server) isApprover(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && s.cfg.ApproverToken != "" && equal(tok, s.cfg.ApproverToken)
}

func (s *Server) filterOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.isFilter(r) {
			writeErr(w, http.StatusUnauthorized, "missing or wrong "+s.cfg.SecretHeader+" header")
			return
		}
		h(w, r)
	}
}

func (s *Server) approverOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.isApprover(r) {
			writeErr(w, http.StatusUnauthorized, "missing or wrong approver bearer token")
			return
		}
		h(w, r)
	}
}

func (s *Server) filterOrApprover(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.isFilter(r) && !s.isApprover(r) {
			writeErr(w, http.StatusUnauthorized, "missing credentials")
			return
		}
		h(w, r)
	}
}

// --- helpers -----------------------------------------------------------

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, runnerapi.Error{Error: msg})
}

// readJSON reads a bounded, strict JSON body into v: duplicate keys,
// unknown fields and trailing data are errors naming the problem.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	b, err := io.ReadAll(body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeErr(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body over %d bytes", s.cfg.MaxBodyBytes))
		} else {
			writeErr(w, http.StatusBadRequest, "reading body: "+err.Error())
		}
		return false
	}
	if err := jsonx.Check(b, runnerapi.MaxJSONDepth); err != nil {
		writeErr(w, http.StatusBadRequest, "body: "+err.Error())
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeErr(w, http.StatusBadRequest, "body: "+err.Error())
		return false
	}
	return true
}

// --- exec --------------------------------------------------------------

func (s *Server) handleExec(w http.ResponseWriter, r *http.Request) {
	var req runnerapi.ExecRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	if req.Tool == "" {
		writeErr(w, http.StatusBadRequest, "tool: required")
		return
	}
	if req.Limits.TimeoutMS < 0 || req.Limits.MemoryMB < 0 || req.Limits.MaxOutputBytes < 0 {
		writeErr(w, http.StatusBadRequest, "limits: values must not be negative")
		return
	}
	res, err := s.exec.Exec(r.Context(), sandbox.Request{Tool: req.Tool, Input: req.Input, Args: req.Args, Limits: req.Limits})
	tool := req.Tool
	if !contains(s.exec.Tools(), tool) {
		tool = "unknown"
	}
	switch {
	case errors.Is(err, sandbox.ErrBusy):
		s.m.execs.WithLabelValues(tool, "busy").Inc()
		w.Header().Set("Retry-After", "1")
		writeErr(w, http.StatusTooManyRequests, err.Error())
		return
	case errors.Is(err, sandbox.ErrOverBudget):
		s.m.execs.WithLabelValues(tool, "over_budget").Inc()
		writeErr(w, http.StatusRequestEntityTooLarge, err.Error())
		return
	case errors.Is(err, sandbox.ErrUnknownTool):
		writeErr(w, http.StatusBadRequest, "tool: "+err.Error())
		return
	case err != nil:
		s.m.execs.WithLabelValues(tool, "error").Inc()
		s.log.Error("exec failed", "tool", tool, "request_id", req.RequestID, "err", err)
		writeErr(w, http.StatusInternalServerError, err.Error())
		return
	}
	outcome := "ok"
	switch {
	case res.LimitHit != "":
		outcome = "limit"
		s.m.limits.WithLabelValues(tool, res.LimitHit).Inc()
	case res.ExitCode != 0:
		outcome = "error"
	}
	s.m.execs.WithLabelValues(tool, outcome).Inc()
	s.m.duration.WithLabelValues(tool).Observe(float64(res.DurationMS) / 1000)
	s.log.Info("exec", "tool", tool, "request_id", req.RequestID, "exit_code", res.ExitCode,
		"limit_hit", res.LimitHit, "duration_ms", res.DurationMS)
	writeJSON(w, http.StatusOK, res)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// --- approvals ---------------------------------------------------------

func (s *Server) handleCreateApproval(w http.ResponseWriter, r *http.Request) {
	var req runnerapi.ApprovalRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	if req.Tool == "" || len(req.Tool) > 128 {
		writeErr(w, http.StatusBadRequest, "tool: required, at most 128 bytes")
		return
	}
	if len(req.Args) == 0 || req.Args[0] != '{' {
		writeErr(w, http.StatusBadRequest, "args: required JSON object")
		return
	}
	if len(req.Args) > s.cfg.MaxApprovalArgsBytes {
		writeErr(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("args: %d bytes, over the %d an approver is shown whole",
			len(req.Args), s.cfg.MaxApprovalArgsBytes))
		return
	}
	ttl := s.cfg.ApprovalTTL
	if req.TimeoutMS < 0 {
		writeErr(w, http.StatusBadRequest, "timeout_ms: must not be negative")
		return
	}
	if req.TimeoutMS > 0 {
		ttl = min(ttl, time.Duration(req.TimeoutMS)*time.Millisecond)
	}
	a, err := s.approvals.Create(req.Tool, req.Args, jsonx.CanonicalHash(req.Args), boundText(req.Reason, 500), boundText(req.RequestID, 128), ttl)
	if err != nil {
		s.log.Error("approval not stored", "err", err)
		writeErr(w, http.StatusInternalServerError, "approval not stored")
		return
	}
	// Logs carry the hash, never the arguments.
	s.log.Info("approval requested", "id", a.ID, "tool", a.Tool, "args_sha256", a.ArgsHash, "request_id", a.RequestID)
	writeJSON(w, http.StatusCreated, forFilter(a))
}

func boundText(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (s *Server) handleListApprovals(w http.ResponseWriter, r *http.Request) {
	state := approvals.State(r.URL.Query().Get("state"))
	switch state {
	case "", approvals.Pending, approvals.Approved, approvals.Denied, approvals.Expired, approvals.Consumed:
	default:
		writeErr(w, http.StatusBadRequest, "state: invalid value "+strconv.Quote(string(state)))
		return
	}
	list := s.approvals.List(state)
	out := make([]approvalView, len(list))
	for i, a := range list {
		out[i] = forApprover(a)
	}
	writeJSON(w, http.StatusOK, out)
}

// approvalView is an approval as an approver sees it: with the call's
// arguments, unmasked, and ArgsDisplay, the same JSON indented with every
// invisible or look-alike-prone character escaped, so what the approver
// reads is what the tool will be given.
type approvalView struct {
	approvals.Approval
	ArgsDisplay string `json:"args_display,omitempty"`
}

func forApprover(a approvals.Approval) approvalView {
	return approvalView{Approval: a, ArgsDisplay: displayArgs(a.Args)}
}

// forFilter leaves the arguments out: the filter has them, and only a
// human approver needs to be shown them.
func forFilter(a approvals.Approval) approvals.Approval {
	a.Args = nil
	return a
}

// displayArgs indents raw JSON and escapes, as \uXXXX, every character
// that does not show as itself: controls, format characters (zero-width
// spaces and joiners, bidi overrides) and other non-printing ones. Such
// characters only occur inside JSON strings, where the escape means the
// same.
func displayArgs(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		buf.Reset()
		buf.Write(raw)
	}
	var out strings.Builder
	for _, r := range buf.String() {
		switch {
		case r == '\n' || r == ' ':
			out.WriteRune(r)
		case r == utf8.RuneError, unicode.Is(unicode.Cf, r), !unicode.IsPrint(r):
			if r > 0xFFFF {
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(&out, "\\u%04x\\u%04x", r1, r2)
			} else {
				fmt.Fprintf(&out, "\\u%04x", r)
			}
		default:
			out.WriteRune(r)
		}
	}
	return out.String()
}

func (s *Server) handleGetApproval(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	wait := time.Duration(0)
	if v := r.URL.Query().Get("wait"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			writeErr(w, http.StatusBadRequest, "wait: invalid duration "+strconv.Quote(v))
			return
		}
		wait = min(d, s.cfg.MaxWait)
	}
	var a approvals.Approval
	var err error
	if wait > 0 {
		a, err = s.approvals.Wait(r.Context(), id, wait)
	} else {
		a, err = s.approvals.Get(id)
	}
	switch {
	case errors.Is(err, approvals.ErrNotFound):
		writeErr(w, http.StatusNotFound, "approval "+strconv.Quote(id)+" not found")
	case errors.Is(err, context.Canceled):
	case err != nil:
		writeErr(w, http.StatusInternalServerError, err.Error())
	case s.isApprover(r):
		writeJSON(w, http.StatusOK, forApprover(a))
	default:
		writeJSON(w, http.StatusOK, forFilter(a))
	}
}

func (s *Server) handleDecide(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		a, err := s.approvals.Decide(id, approve, "approver")
		switch {
		case errors.Is(err, approvals.ErrNotFound):
			writeErr(w, http.StatusNotFound, "approval "+strconv.Quote(id)+" not found")
		case errors.Is(err, approvals.ErrNotPending):
			writeErr(w, http.StatusConflict, err.Error())
		case err != nil:
			writeErr(w, http.StatusInternalServerError, err.Error())
		default:
			s.log.Info("approval decided", "id", id, "tool", a.Tool, "args_sha256", a.ArgsHash, "state", a.State)
			writeJSON(w, http.StatusOK, forApprover(a))
		}
	}
}

func (s *Server) handleConsume(w http.ResponseWriter, r *http.Request) {
	var req runnerapi.ConsumeRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	if len(req.Args) == 0 {
		writeErr(w, http.StatusBadRequest, "args: required")
		return
	}
	id := r.PathValue("id")
	a, err := s.approvals.Consume(id, req.Tool, jsonx.CanonicalHash(req.Args))
	switch {
	case errors.Is(err, approvals.ErrNotFound):
		writeErr(w, http.StatusNotFound, "approval "+strconv.Quote(id)+" not found")
	case errors.Is(err, approvals.ErrMismatch), errors.Is(err, approvals.ErrNotUsable):
		writeErr(w, http.StatusConflict, err.Error())
	case err != nil:
		writeErr(w, http.StatusInternalServerError, err.Error())
	default:
		writeJSON(w, http.StatusOK, forFilter(a))
	}
}

// --- events ------------------------------------------------------------

func (s *Server) handlePostEvents(w http.ResponseWriter, r *http.Request) {
	var batch runnerapi.EventBatch
	if !s.readJSON(w, r, &batch) {
		return
	}
	if err := events.Validate(batch); err != nil {
		writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	st, err := s.events.Append(batch)
	if err != nil {
		s.log.Error("events not stored", "err", err)
		writeErr(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.m.events.Add(float64(len(batch) - st.Duplicates))
	if st.Duplicates > 0 {
		s.m.duplicates.Add(float64(st.Duplicates))
		s.log.Info("events already stored, not stored again", "duplicates", st.Duplicates, "batch", len(batch))
	}
	s.checkpointLog()
	writeJSON(w, http.StatusOK, runnerapi.EventsStored{FirstSeq: st.FirstSeq, LastSeq: st.LastSeq, Duplicates: st.Duplicates})
}

// checkpointLog writes the signed checkpoint to the runner's own log at
// most once a minute: a copy of the anchor outside the data directory,
// for whoever ships the logs elsewhere.
func (s *Server) checkpointLog() {
	s.ckMu.Lock()
	defer s.ckMu.Unlock()
	if time.Since(s.ckAt) < time.Minute {
		return
	}
	s.ckAt = time.Now()
	h := s.events.Head()
	s.log.Info("events checkpoint", "seq", h.Seq, "mac", h.MAC, "time", h.Time, "sig", h.Sig)
}

func (s *Server) handleEventsHead(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.events.Head())
}

func (s *Server) handleGetEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, limit := uint64(0), 1000
	if v := q.Get("since"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeErr(w, http.StatusBadRequest, "since: invalid value "+strconv.Quote(v))
			return
		}
		since = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			writeErr(w, http.StatusBadRequest, "limit: want 1..100000, got "+strconv.Quote(v))
			return
		}
		limit = n
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	if _, err := s.events.Since(since, limit, w); err != nil {
		s.log.Error("events export failed", "err", err)
	}
}
