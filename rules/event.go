package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aisecops/aisecops/internal/jsonx"
)

// Event is one structured security event, shaped after OCSF "Detection
// Finding". It never carries raw payloads: a SHA-256 of the content and,
// when capture allows, a bounded redacted excerpt.
type Event struct {
	Class         string    `json:"class"`
	Time          string    `json:"time,omitempty"`
	EventID       string    `json:"event_id,omitempty"`
	RequestID     string    `json:"request_id,omitempty"`
	PolicyVersion string    `json:"policy_version"`
	PolicyHash    string    `json:"policy_hash"`
	Mode          string    `json:"mode"`
	Enforced      bool      `json:"enforced"`
	Layer         string    `json:"layer"`
	Format        Format    `json:"format"`
	Direction     Direction `json:"direction"`
	Path          string    `json:"json_path,omitempty"`
	Tool          string    `json:"tool,omitempty"`
	Action        string    `json:"action"`
	Reason        Reason    `json:"reason,omitempty"`
	RuleIDs       []string  `json:"rule_ids,omitempty"`
	Score         float32   `json:"score,omitempty"`
	ContentSHA256 string    `json:"content_sha256,omitempty"`
	Excerpt       string    `json:"excerpt,omitempty"`
	Detail        string    `json:"detail,omitempty"`
	// OWASP is the OWASP Top 10 for LLM Applications id ("LLM01:2025")
	// and Attacks the MITRE ATLAS tactic and technique, as OCSF's
	// attacks[] carries ATT&CK's; both from standardTable, both empty
	// for a refusal no catalogue entry describes.
	OWASP    string   `json:"owasp_llm,omitempty"`
	Attacks  []Attack `json:"attacks,omitempty"`
	PrevHash string   `json:"prev_hash,omitempty"`
	Hash     string   `json:"hash,omitempty"`

	// Deployment is the proxy that decided (nil outside the filter: scan
	// and replay decide nowhere in particular).
	Deployment *Deployment `json:"deployment,omitempty"`
}

// Deployment identifies the proxy that made a decision, from what Envoy
// knows of itself: its node id and cluster and, under Istio, the
// workload's name, namespace and labels (node metadata). Name is what
// dashboards group by: "NAMESPACE/WORKLOAD", else the workload, the node
// cluster or the node id, else DeploymentUnknown.
type Deployment struct {
	Name      string `json:"name"`
	Node      string `json:"node,omitempty"`
	Cluster   string `json:"cluster,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Workload  string `json:"workload,omitempty"`
	App       string `json:"app,omitempty"`
	Version   string `json:"version,omitempty"`
}

// DeploymentUnknown names a proxy that told nothing of itself.
const DeploymentUnknown = "unknown"

// Layers of an event.
const (
	LayerContext  = "context"      // injection in untrusted text
	LayerTool     = "tool_gateway" // tool calls and tools/list
	LayerProtocol = "protocol"     // JSON, shape, format, size, encoding
)

const maxExcerpt = 160

// Events lists one event per decision in a verdict (each refused or
// flagged segment and tool call, each hidden tool, or the body-level
// error), under the policy's capture setting.
func (p *Policy) Events(v *Verdict) []Event { return v.events(p.capture) }

func (v *Verdict) events(capture captureMode) []Event {
	base := Event{Class: "detection_finding", PolicyVersion: v.PolicyVersion, PolicyHash: v.PolicyHash,
		Mode: v.Mode, Enforced: v.Mode != "monitor", Format: v.Format, Direction: v.Direction}
	var out []Event
	if v.Payload == nil {
		e := base
		e.Layer, e.Action, e.Reason, e.Detail = LayerProtocol, v.Action.String(), v.Reason, boundedDetail(v.Detail)
		e.setStandard(StandardFor(e.Reason))
		return append(out, e)
	}
	for _, s := range v.Segments {
		if s.Action == ActionAllow {
			continue
		}
		seg := v.Payload.Segments[s.Index]
		e := base
		e.Layer, e.Path, e.Tool, e.Action, e.Reason, e.Score = LayerContext, s.Path, s.Tool, s.Action.String(), ReasonInjection, s.Score
		if s.Reason != "" {
			e.Reason = s.Reason
		}
		for _, f := range s.Findings {
			e.RuleIDs = append(e.RuleIDs, f.Rule)
		}
		// The first finding's family, as the filter's metrics count it.
		fam := "other"
		if len(s.Findings) > 0 {
			fam = s.Findings[0].Family
		}
		e.setStandard(StandardForFamily(fam, s.Trust))
		e.ContentSHA256 = jsonx.SHA256Hex([]byte(seg.Text))
		switch capture {
		case captureFull:
			e.Excerpt = seg.Text
		case captureExcerpt:
			if len(s.Findings) > 0 {
				f := s.Findings[0]
				e.Excerpt = excerpt(seg.Text, f.Start, f.End)
			}
		}
		out = append(out, e)
	}
	for _, c := range v.Calls {
		if c.Action == ActionAllow {
			continue
		}
		call := v.Payload.Calls[c.Index]
		e := base
		e.Layer, e.Path, e.Tool, e.Action = LayerTool, c.Path, c.Name, c.Action.String()
		e.RuleIDs = []string{c.Rule}
		switch c.Action {
		case ActionDeny:
			e.Reason = ReasonToolDenied
		case ActionSandbox:
			e.Reason = ReasonToolSandbox
		case ActionApprove:
			e.Reason = ReasonToolApprove
		}
		if c.Tainted {
			e.Reason = ReasonTainted
		}
		e.setStandard(StandardFor(e.Reason))
		e.Detail = boundedDetail(strings.Join(c.Reasons, "; "))
		e.ContentSHA256 = jsonx.SHA256Hex(jsonx.Canonical(call.Args))
		if capture == captureFull {
			e.Excerpt = string(call.Args)
		}
		out = append(out, e)
	}
	for _, t := range v.Tools {
		if t.Visible {
			continue
		}
		e := base
		e.Layer, e.Path, e.Tool, e.Action, e.Reason = LayerTool, t.Path, t.Name, ActionRemove.String(), ReasonToolsHidden
		if t.RugPull {
			e.Reason = ReasonRugPull
		}
		e.setStandard(StandardFor(e.Reason))
		out = append(out, e)
	}
	if len(out) == 0 && v.Action != ActionAllow {
		e := base
		e.Layer, e.Action, e.Reason, e.Detail = LayerProtocol, v.Action.String(), v.Reason, boundedDetail(v.Detail)
		e.setStandard(StandardFor(e.Reason))
		out = append(out, e)
	}
	return out
}

// setStandard sets the event's identifiers. Attacks is shared with the
// table: read it, do not write it.
func (e *Event) setStandard(s Standard) { e.OWASP, e.Attacks = s.OWASP, s.attacks }

// excerpt returns a bounded, redacted window of text around [start, end):
// whitespace collapsed, e-mail addresses and long digit runs masked.
func excerpt(text string, start, end int) string {
	if start < 0 || start > len(text) {
		start = 0
	}
	if end < start || end > len(text) {
		end = len(text)
	}
	if end-start > maxExcerpt {
		end = start + maxExcerpt
	}
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	fields := strings.Fields(text[start:end])
	for i, f := range fields {
		digits := 0
		for _, r := range f {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		switch {
		case strings.Contains(f, "@") && strings.Contains(f, "."):
			fields[i] = "<email>"
		case digits >= 6:
			fields[i] = "<number>"
		}
	}
	return strings.Join(fields, " ")
}

func boundedDetail(s string) string {
	if len(s) <= 300 {
		return s
	}
	cut := 300
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// Seal chains an event to the previous one: PrevHash is the previous
// event's Hash, and Hash is the SHA-256 of the canonical JSON of the event
// without its hash. A gap or an edit anywhere breaks the chain; a verifier
// recomputes it from the JSON alone (drop "hash", canonicalise, hash).
func (e *Event) Seal(prev string) {
	e.PrevHash, e.Hash = prev, ""
	e.Hash = jsonx.SHA256Hex(jsonx.Canonical(e.AppendJSON(nil)))
}

// AppendJSON appends the event as one line of JSON (no reflection: it runs
// in the filter for every decision). Empty optional fields are omitted.
func (e *Event) AppendJSON(b []byte) []byte {
	first := true
	str := func(k, v string, always bool) {
		if v == "" && !always {
			return
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = jsonx.AppendString(b, k)
		b = append(b, ':')
		b = jsonx.AppendString(b, v)
	}
	b = append(b, '{')
	str("class", e.Class, true)
	str("time", e.Time, false)
	str("event_id", e.EventID, false)
	str("request_id", e.RequestID, false)
	str("policy_version", e.PolicyVersion, true)
	str("policy_hash", e.PolicyHash, true)
	str("mode", e.Mode, true)
	b = append(b, `,"enforced":`...)
	if e.Enforced {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	str("layer", e.Layer, true)
	str("format", e.Format.String(), true)
	str("direction", e.Direction.String(), true)
	str("json_path", e.Path, false)
	str("tool", e.Tool, false)
	str("action", e.Action, true)
	str("reason", string(e.Reason), false)
	if len(e.RuleIDs) > 0 {
		b = append(b, `,"rule_ids":[`...)
		for i, r := range e.RuleIDs {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, r)
		}
		b = append(b, ']')
	}
	if e.Score != 0 {
		b = append(b, `,"score":`...)
		b = strconv.AppendFloat(b, float64(e.Score), 'f', 4, 32)
	}
	str("content_sha256", e.ContentSHA256, false)
	str("excerpt", e.Excerpt, false)
	str("detail", e.Detail, false)
	str("owasp_llm", e.OWASP, false)
	if len(e.Attacks) > 0 {
		b = append(b, `,"attacks":[`...)
		for i := range e.Attacks {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.Attacks[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	if d := e.Deployment; d != nil {
		b = append(b, `,"deployment":{`...)
		first = true
		str("name", d.Name, true)
		str("node", d.Node, false)
		str("cluster", d.Cluster, false)
		str("namespace", d.Namespace, false)
		str("workload", d.Workload, false)
		str("app", d.App, false)
		str("version", d.Version, false)
		b = append(b, '}')
		first = false
	}
	str("prev_hash", e.PrevHash, false)
	str("hash", e.Hash, false)
	return append(b, '}')
}

// appendJSON writes the OCSF attack object: version, tactic, technique
// and, when set, sub_technique, each {"uid","name"}.
func (a *Attack) appendJSON(b []byte) []byte {
	obj := func(b []byte, k string, o ATLASObject) []byte {
		b = append(b, ',')
		b = jsonx.AppendString(b, k)
		b = append(b, `:{"uid":`...)
		b = jsonx.AppendString(b, o.UID)
		b = append(b, `,"name":`...)
		b = jsonx.AppendString(b, o.Name)
		return append(b, '}')
	}
	b = append(b, `{"version":`...)
	b = jsonx.AppendString(b, a.Version)
	b = obj(b, "tactic", a.Tactic)
	b = obj(b, "technique", a.Technique)
	if a.SubTechnique.UID != "" {
		b = obj(b, "sub_technique", a.SubTechnique)
	}
	return append(b, '}')
}
