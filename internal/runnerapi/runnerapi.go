// Package runnerapi is the sandbox-runner's HTTP API as both of its sides
// see it: the paths, the request and response bodies of exec, approvals
// and the event log, and the limits the runner enforces that its caller
// (the filter) must check before it hands a call off. Where the two sides
// disagree, a call the filter accepted would fail at the runner, so both
// use these types: the runner's server decodes and encodes them, the
// filter encodes its requests with them and reads the answers into them.
//
// Layer: wire contract. It imports nothing of this module (the filter's
// Wasm build and the runner both link it; internal/boundary checks that
// with go list -deps), and only the standard library's encoding/json and
// time.
package runnerapi

import (
	"bytes"
	"encoding/json"
	"time"
)

// MaxJSONDepth is the deepest nesting the runner accepts in a request
// body (the strict checker's count: the body's own object is level 1).
const MaxJSONDepth = 32

// MaxArgsDepth is the deepest a tool call's arguments may nest: approval
// and consume bodies carry them one level down ({"tool":..,"args":ARGS}).
const MaxArgsDepth = MaxJSONDepth - 1

// Paths of the calls the filter makes.
const (
	PathExec      = "/v1/exec"      // POST ExecRequest -> 200 ExecResult
	PathApprovals = "/v1/approvals" // POST ApprovalRequest -> 201 Approval
	PathEvents    = "/v1/events"    // POST EventBatch -> 200 EventsStored
	// Evidence capture (internal/recording): POST captures as JSON lines
	// (-> 200 CapturesStored), POST a PolicyDoc (-> 200).
	PathCaptures = "/v1/captures"
	PathPolicies = "/v1/policies"
)

// ApprovalPath is GET /v1/approvals/{id} (-> 200 Approval); the filter
// adds ?wait=<duration> to long-poll.
func ApprovalPath(id string) string { return PathApprovals + "/" + id }

// ConsumePath is POST /v1/approvals/{id}/consume (ConsumeRequest -> 200
// Approval; 404 unknown id, 409 not approved or another call).
func ConsumePath(id string) string { return PathApprovals + "/" + id + "/consume" }

// Limits bound one execution; zero fields take the tool's defaults.
type Limits struct {
	TimeoutMS      int `json:"timeout_ms,omitempty"`
	MemoryMB       int `json:"memory_mb,omitempty"`
	MaxOutputBytes int `json:"max_output_bytes,omitempty"`
}

// ExecRequest is the body of POST /v1/exec: run Tool with Input on stdin.
type ExecRequest struct {
	Tool      string   `json:"tool"`
	Input     string   `json:"input"`
	Args      []string `json:"args,omitempty"`
	Limits    Limits   `json:"limits"`
	RequestID string   `json:"request_id"`
}

// ExecResult is the answer to POST /v1/exec (200).
type ExecResult struct {
	ExitCode   int    `json:"exit_code"`
	Stdout     string `json:"stdout"`
	Stderr     string `json:"stderr"`
	DurationMS int64  `json:"duration_ms"`
	// LimitHit names the limit that ended the run: timeout, memory or
	// output; or the scratch quota the program ran into, scratch_bytes or
	// scratch_files, which the program sees as a failed write and may
	// survive ("" when none).
	LimitHit string `json:"limit_hit,omitempty"`
}

// ApprovalRequest is the body of POST /v1/approvals: ask a human whether
// Tool may run with Args (a JSON object, shown to the approver whole).
type ApprovalRequest struct {
	Tool      string          `json:"tool"`
	Args      json.RawMessage `json:"args"`
	Reason    string          `json:"reason"`
	RequestID string          `json:"request_id"`
	TimeoutMS int             `json:"timeout_ms"`
}

// ConsumeRequest is the body of POST /v1/approvals/{id}/consume: the call
// about to run, which must be the one approved.
type ConsumeRequest struct {
	Tool string          `json:"tool"`
	Args json.RawMessage `json:"args"`
}

// ApprovalState is where an approval is in its life.
type ApprovalState string

// The approval states.
const (
	ApprovalPending  ApprovalState = "pending"
	ApprovalApproved ApprovalState = "approved"
	ApprovalDenied   ApprovalState = "denied"
	ApprovalExpired  ApprovalState = "expired"
	ApprovalConsumed ApprovalState = "consumed"
)

// Final reports whether an approval in state s can no longer be decided
// or used (denied, expired, consumed).
func (s ApprovalState) Final() bool { return s != ApprovalPending && s != ApprovalApproved }

// Approval is one request for a human decision, as the runner stores and
// returns it. Answers to the filter leave Args out.
type Approval struct {
	ID       string `json:"id"`
	Tool     string `json:"tool"`
	ArgsHash string `json:"args_sha256"`
	// Args are the call's arguments as the filter sent them; empty once
	// the approval is final.
	Args      json.RawMessage `json:"args,omitempty"`
	Reason    string          `json:"reason,omitempty"`
	RequestID string          `json:"request_id,omitempty"`
	State     ApprovalState   `json:"state"`
	CreatedAt time.Time       `json:"created_at"`
	ExpiresAt time.Time       `json:"expires_at"`
	DecidedAt time.Time       `json:"decided_at,omitzero"`
	DecidedBy string          `json:"decided_by,omitempty"`
}

// EventBatch is the body of POST /v1/events: a JSON array of event
// objects, each one line of the filter's event log.
type EventBatch []json.RawMessage

// EventsStored is the answer to POST /v1/events (200): the sequence
// numbers the runner gave the batch's first and last new events (0 when
// every one was a duplicate) and how many it had already stored (by
// event_id: a retry of a batch whose answer was lost).
type EventsStored struct {
	FirstSeq   uint64 `json:"first_seq"`
	LastSeq    uint64 `json:"last_seq"`
	Duplicates int    `json:"duplicates,omitempty"`
}

// Limits of POST /v1/events, which the filter keeps to so that a batch is
// never refused for its size: one event's bytes, a batch's events.
const (
	MaxEventBytes = 64 << 10
	MaxEventBatch = 1000
)

// PathEventsHead is the runner's signed checkpoint of its event log (GET,
// approver).
const PathEventsHead = "/v1/events/head"

// Error is the body of every error answer.
type Error struct {
	Error string `json:"error"`
}

// Marshal encodes a request body. Unlike json.Marshal it leaves <, > and
// & as they are (no \u003c escapes), so the arguments an approver is shown
// read as the agent wrote them; like it, it compacts raw JSON values and
// fails on invalid ones.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// AppendEventBatch appends the EventBatch of events (each one JSON
// object, as logged) to dst, without re-encoding them.
func AppendEventBatch(dst []byte, events [][]byte) []byte {
	dst = append(dst, '[')
	for i, e := range events {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, e...)
	}
	return append(dst, ']')
}

// CapturesStored answers POST /v1/captures: the ids stored (or stored
// before: a retry), and why each refused line was refused ("line N: ...").
type CapturesStored struct {
	Stored  []string `json:"stored"`
	Refused []string `json:"refused,omitempty"`
}
