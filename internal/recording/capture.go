package recording

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Capture is one piece of evidence: an exchange as the filter saw it
// (request as the client sent it, response as the upstream sent it), the
// security events the filter logged for it, and the policy that decided.
// The filter sends captures to the runner (POST /v1/captures); replay
// re-decides them.
type Capture struct {
	ID            string `json:"capture_id"`
	Time          string `json:"time"`
	PolicyVersion string `json:"policy_version"`
	PolicyHash    string `json:"policy_hash"`
	// Sampled: captured by evidence.sample_allowed, not for a decision.
	Sampled bool `json:"sampled,omitempty"`
	// Truncated says why the bodies are missing (over
	// evidence.max_exchange_bytes, or never read because over
	// max_body_bytes): such a capture cannot be re-decided.
	Truncated string            `json:"truncated,omitempty"`
	Events    []json.RawMessage `json:"events"`
	Exchange  Exchange          `json:"exchange"`
	// Store is what the exchange read from the filter's shared state
	// (tool pins, MCP session methods): replay answers those reads from
	// it, since the exchanges that set them may not be captured.
	Store *StoreState `json:"store,omitempty"`
}

// StoreState is what one exchange read from the filter's store: the pin
// each key held (or learned), and each MCP session's methods by id.
type StoreState struct {
	Pins     map[string]string            `json:"pins,omitempty"`
	Sessions map[string]map[string]string `json:"sessions,omitempty"`
	// Tools are the known tool names (seen in MCP tools/list answers).
	Tools []string `json:"tools,omitempty"`
}

// PolicyDoc is a policy document stored by its hash (rules' canonical
// SHA-256), so a replay's baseline is the version that decided.
type PolicyDoc struct {
	Hash     string          `json:"hash"`
	Document json.RawMessage `json:"document"`
}

// ExportLine is one line of a capture export (GET /v1/captures, or a file
// saved from it): a policy document or a capture.
type ExportLine struct {
	Policy  *PolicyDoc `json:"policy,omitempty"`
	Capture *Capture   `json:"capture,omitempty"`
}

// Limits of a capture.
const (
	MaxCaptureIDLen = 128
	// MaxCaptureBytes is the largest capture the runner accepts: the
	// largest evidence.max_exchange_bytes, as base64 (4/3), plus room for
	// events and headers.
	MaxCaptureBytes = 16<<20/3*4 + 4<<20
	MaxPolicyBytes  = 1 << 20
)

// ParseCapture reads one capture strictly: unknown fields, a missing or
// malformed id, time or policy hash, an event that is not a JSON object,
// and an invalid exchange are errors naming the field.
func ParseCapture(b []byte) (Capture, error) {
	var c Capture
	if err := strictDecode(b, &c); err != nil {
		return Capture{}, err
	}
	return c, c.check()
}

func (c *Capture) check() error {
	if c.ID == "" || len(c.ID) > MaxCaptureIDLen || strings.ContainsFunc(c.ID, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) {
		return fmt.Errorf("capture_id: invalid value %q (want 1 to %d letters, digits, '-', '_', '.')", short(c.ID), MaxCaptureIDLen)
	}
	if _, err := time.Parse(time.RFC3339Nano, c.Time); err != nil {
		return fmt.Errorf("time: invalid value %q (want RFC 3339)", short(c.Time))
	}
	if !IsHash(c.PolicyHash) {
		return fmt.Errorf("policy_hash: invalid value %q (want 64 lower-case hex digits)", short(c.PolicyHash))
	}
	for i, e := range c.Events {
		if len(e) == 0 || e[0] != '{' {
			return fmt.Errorf("events[%d]: not a JSON object", i)
		}
	}
	if err := c.Exchange.check(); err != nil {
		return fmt.Errorf("exchange: %w", err)
	}
	return nil
}

// ParseExportLine reads one line of an export strictly: exactly one of
// policy and capture.
func ParseExportLine(b []byte) (ExportLine, error) {
	var l ExportLine
	if err := strictDecode(b, &l); err != nil {
		return ExportLine{}, err
	}
	switch {
	case (l.Policy == nil) == (l.Capture == nil):
		return ExportLine{}, fmt.Errorf("want exactly one of \"policy\" and \"capture\"")
	case l.Capture != nil:
		if err := l.Capture.check(); err != nil {
			return ExportLine{}, fmt.Errorf("capture: %w", err)
		}
	case !IsHash(l.Policy.Hash):
		return ExportLine{}, fmt.Errorf("policy.hash: invalid value %q (want 64 lower-case hex digits)", short(l.Policy.Hash))
	case len(l.Policy.Document) == 0 || l.Policy.Document[0] != '{':
		return ExportLine{}, fmt.Errorf("policy.document: not a JSON object")
	}
	return l, nil
}

// IsHash reports whether s is a SHA-256 in lower-case hex.
func IsHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func short(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
