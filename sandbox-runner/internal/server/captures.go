package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/aisecops/aisecops/sandbox-runner/internal/captures"
	"github.com/prometheus/client_golang/prometheus"
)

// SetCaptures turns on the evidence endpoints: POST /v1/captures and
// /v1/policies (filters), GET /v1/captures (approvers). Without a store
// they answer 503 saying so.
func (s *Server) SetCaptures(st *captures.Store) { s.captures = st }

// captureGauges report the store's size (0 without one).
func (s *Server) captureGauges() []prometheus.Collector {
	stats := func() (int, int64) {
		if s.captures == nil {
			return 0, 0
		}
		return s.captures.Stats()
	}
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "aisecops_runner_captures_stored",
			Help: "Evidence captures held (after retention)."}, func() float64 { n, _ := stats(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "aisecops_runner_captures_bytes",
			Help: "Bytes of evidence captures held, encrypted."}, func() float64 { _, b := stats(); return float64(b) }),
	}
}

func (s *Server) captureRoutes() {
	s.mux.HandleFunc("POST "+runnerapi.PathCaptures, s.filterOnly(s.handlePostCapture))
	s.mux.HandleFunc("POST "+runnerapi.PathPolicies, s.filterOnly(s.handlePostPolicy))
	s.mux.HandleFunc("GET "+runnerapi.PathCaptures, s.approverOnly(s.handleGetCaptures))
}

func (s *Server) captureStore(w http.ResponseWriter) bool {
	if s.captures == nil {
		writeErr(w, http.StatusServiceUnavailable, "evidence capture is not configured on this runner (start it with --capture-key)")
		return false
	}
	return true
}

// readRaw reads a bounded body.
func readRaw(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeErr(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body over %d bytes", limit))
		} else {
			writeErr(w, http.StatusBadRequest, "cannot read the body: "+err.Error())
		}
		return nil, false
	}
	return b, true
}

func (s *Server) storeErr(w http.ResponseWriter, what string, err error) {
	if errors.Is(err, captures.ErrInvalid) {
		s.log.Warn(what+" refused", "err", err)
		writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.log.Error(what+" not stored", "err", err)
	writeErr(w, http.StatusInternalServerError, what+" not stored")
}

func (s *Server) handlePostCapture(w http.ResponseWriter, r *http.Request) {
	if !s.captureStore(w) {
		return
	}
	b, ok := readRaw(w, r, recording.MaxCaptureBytes)
	if !ok {
		return
	}
	// JSON lines, one capture each: the valid ones are stored, the others
	// named in the answer (a retry of the batch would fail them again).
	ans := runnerapi.CapturesStored{Stored: []string{}}
	for n, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		c, err := s.captures.Put(line)
		switch {
		case errors.Is(err, captures.ErrInvalid):
			s.log.Warn("capture refused", "line", n+1, "err", err)
			ans.Refused = append(ans.Refused, fmt.Sprintf("line %d: %v", n+1, err))
		case err != nil:
			s.log.Error("capture not stored", "err", err)
			writeErr(w, http.StatusInternalServerError, "capture not stored")
			return
		default:
			ans.Stored = append(ans.Stored, c.ID)
		}
	}
	if len(ans.Stored) == 0 && len(ans.Refused) == 0 {
		writeErr(w, http.StatusBadRequest, "no capture in the body (want JSON lines)")
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

func (s *Server) handlePostPolicy(w http.ResponseWriter, r *http.Request) {
	if !s.captureStore(w) {
		return
	}
	b, ok := readRaw(w, r, recording.MaxPolicyBytes+4096)
	if !ok {
		return
	}
	if err := s.captures.PutPolicy(b); err != nil {
		s.storeErr(w, "policy", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"stored": true})
}

// handleGetCaptures exports captures, decrypted, as JSON lines
// (recording.ExportLine): ?since=RFC3339 (stored at or after), ?limit=N
// (default 10000).
func (s *Server) handleGetCaptures(w http.ResponseWriter, r *http.Request) {
	if !s.captureStore(w) {
		return
	}
	q := r.URL.Query()
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			writeErr(w, http.StatusBadRequest, "since: invalid value "+strconv.Quote(v)+" (want RFC 3339)")
			return
		}
		since = t
	}
	limit := 10000
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000000 {
			writeErr(w, http.StatusBadRequest, "limit: want 1..1000000, got "+strconv.Quote(v))
			return
		}
		limit = n
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	if _, err := s.captures.Export(w, since, limit); err != nil {
		s.log.Error("capture export failed", "err", err)
	}
}
