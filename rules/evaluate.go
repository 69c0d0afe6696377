package rules

import (
	"errors"
	"slices"
	"unicode/utf8"

	"github.com/aisecops/aisecops/internal/inject"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
)

// Input is one body to evaluate.
type Input struct {
	Body      []byte
	Direction Direction
	// Format, when known from the route, skips detection.
	Format Format
	// RequestMethods maps JSON-RPC ids of the request to their methods, for
	// reading a response.
	RequestMethods map[string]string
	// Tools are tool names known to the exchange beyond the body's own
	// declarations (those seen in MCP tools/list answers): text that
	// tells the model to call one is evidence.
	Tools []string
}

// Verdict is the decision on one body.
type Verdict struct {
	// Action is the most severe action of the parts, or the error action.
	Action Action `json:"action"`
	// Reason is a stable, bounded code, one of the Reason constants
	// (Reason(v.Reason).Status() and .Message() give its refusal).
	Reason Reason `json:"reason,omitempty"`
	// Detail explains an error reason (path and problem, no payload text).
	Detail        string    `json:"detail,omitempty"`
	Format        Format    `json:"format"`
	Direction     Direction `json:"direction"`
	Mode          string    `json:"mode"`
	PolicyVersion string    `json:"policy_version"`
	PolicyHash    string    `json:"policy_hash"`
	// Calls has one entry per tool call in the body.
	Calls []CallVerdict `json:"calls,omitempty"`
	// Tools has one entry per tool declared in an MCP tools/list result.
	Tools []ToolVerdict `json:"tools,omitempty"`
	// Segments lists the scanned segments that have findings.
	Segments []SegmentVerdict `json:"segments,omitempty"`
	// Payload is what was extracted (nil on error); the filter uses it to
	// rewrite the body.
	Payload *wire.Payload `json:"-"`
}

// CallVerdict is the decision for one tool call.
type CallVerdict struct {
	Index int    `json:"index"`
	Name  string `json:"name"`
	ID    string `json:"id,omitempty"`
	Path  string `json:"path"`
	// Tainted is set when the call was escalated because the exchange
	// carried flagged untrusted content.
	Tainted bool `json:"tainted,omitempty"`
	CallDecision
}

// SegmentVerdict is the injection decision for one segment.
type SegmentVerdict struct {
	Index  int        `json:"index"`
	Path   string     `json:"path"`
	Role   string     `json:"role"`
	Kind   string     `json:"kind"`
	Trust  wire.Trust `json:"trust"`
	Tool   string     `json:"tool,omitempty"`
	Mirror bool       `json:"mirror,omitempty"`
	// Reason is set when the segment is refused for another reason than
	// an injection (model output: ReasonExfilImage).
	Reason   Reason    `json:"reason,omitempty"`
	Action   Action    `json:"action"`
	Score    float32   `json:"score"`
	Findings []Finding `json:"findings"`
}

// ToolVerdict says whether a listed tool stays visible.
type ToolVerdict struct {
	Name    string `json:"name"`
	Path    string `json:"path"`
	Visible bool   `json:"visible"`
	// RugPull is set when the tool is hidden because its description or
	// schema changed from its pin.
	RugPull bool `json:"rug_pull,omitempty"`
}

// Evaluate decides on one body. It is pure and deterministic, and never
// panics on any input: errors become verdicts.
func (p *Policy) Evaluate(in Input) *Verdict {
	v := &Verdict{Direction: in.Direction, Format: in.Format, Mode: p.cfg.Mode,
		PolicyVersion: p.cfg.PolicyVersion, PolicyHash: p.cfg.Hash}
	payload, err := wire.Extract(in.Body, wire.ExtractOptions{Format: in.Format, Direction: in.Direction,
		MaxDepth: p.cfg.MaxDepth, RequestMethods: in.RequestMethods})
	if err != nil {
		p.errorVerdict(v, err)
		return v
	}
	v.Payload = payload
	v.Format = payload.Format
	p.scanSegments(v, payload, in.Tools)
	p.scanOutputImages(v, payload)
	p.decideCalls(v, payload)
	p.decideToolList(v, payload)
	return v
}

// scanSegments runs injection detection over untrusted segments (and user
// segments when the policy asks).
func (p *Policy) scanSegments(v *Verdict, pl *wire.Payload, known []string) {
	if p.detector == nil {
		return
	}
	s := p.detector.Scanner()
	defer p.detector.Release(s)
	// The tools the policy names are known in every exchange, with those
	// the exchange knows (seen listed) and a request's declared tools. A
	// listing's own declarations are not added: a tool's description
	// naming its tool is no instruction.
	for _, name := range p.namedTools {
		s.AddTool(name)
	}
	for _, name := range known {
		s.AddTool(name)
	}
	if pl.Direction == Request {
		for _, t := range pl.Tools {
			s.AddTool(t.Name)
		}
	}
	act := p.injAction
	threshold := float32(p.cfg.Injection.Threshold)
	s.SetThreshold(threshold)
	// prev is the segment scanned just before this one (-1: none, or a
	// segment not scanned came between), and prevScore its score.
	prev, prevScore := -1, float32(0)
	var joinBuf []byte
	for i, seg := range pl.Segments {
		if seg.Trust == wire.Trusted || (seg.Trust == wire.User && !p.cfg.Injection.ScanUser) {
			prev = -1
			continue
		}
		s.SetUser(seg.Trust == wire.User)
		r := s.Scan(seg.Text)
		if len(r.Findings) > 0 {
			sv := SegmentVerdict{Index: i, Path: seg.Path, Role: seg.Role, Kind: seg.Kind, Trust: seg.Trust,
				Tool: seg.Tool, Mirror: seg.Mirror, Score: r.Score, Findings: r.Findings}
			if r.Score >= threshold {
				sv.Action = act
				v.Raise(act, ReasonInjection)
			}
			v.Segments = append(v.Segments, sv)
		}
		if prev >= 0 && prevScore < threshold && r.Score < threshold && joinable(&pl.Segments[prev], &seg) {
			joinBuf = p.scanJoined(s, v, pl, prev, i, act, threshold, joinBuf)
		}
		prev, prevScore = i, r.Score
	}
	if joinBuf != nil {
		// A pair's earlier part may have got its verdict after the later
		// part's own: keep them in segment order.
		slices.SortStableFunc(v.Segments, func(x, y SegmentVerdict) int { return x.Index - y.Index })
	}
}

// joinWindow is how much of each of two adjacent parts is read joined:
// enough for a sentence split across them, and a bounded cost per pair.
const joinWindow = 256

// joinable says whether two segments next to each other in a body are
// parts a client hands its model one after the other (text blocks of one
// result, consecutive tool messages), so that a sentence can run from
// one into the other. Tool definitions are many small fields, not
// running text.
func joinable(a, b *wire.Segment) bool {
	return a.Trust == b.Trust && a.Kind == b.Kind && a.Role == b.Role && !a.Mirror && !b.Mirror &&
		a.Kind != "tool_description" && a.Kind != "resource_description"
}

// scanJoined scans the end of segment a and the start of segment b read
// as one text. When that reaches the threshold (neither did alone), each
// part that holds evidence gets the verdict, with the findings placed in
// its own text, so removal replaces it. buf is reused across pairs.
func (p *Policy) scanJoined(s *inject.Scanner, v *Verdict, pl *wire.Payload, a, b int, act Action, threshold float32, buf []byte) []byte {
	ta, tb := pl.Segments[a].Text, pl.Segments[b].Text
	cut := max(0, len(ta)-joinWindow)
	for cut < len(ta) && !utf8.RuneStart(ta[cut]) {
		cut++
	}
	nb := min(len(tb), joinWindow)
	for nb > 0 && nb < len(tb) && !utf8.RuneStart(tb[nb]) {
		nb--
	}
	la := len(ta) - cut
	if buf == nil {
		buf = make([]byte, 0, 2*joinWindow+1)
	}
	buf = append(append(append(buf[:0], ta[cut:]...), ' '), tb[:nb]...)
	r := s.Scan(jsonx.BytesView(buf))
	if r.Score < threshold {
		return buf
	}
	var fa, fb []Finding
	for _, f := range r.Findings {
		if f.Start < la {
			g := f
			g.Start, g.End = cut+f.Start, cut+min(f.End, la)
			fa = append(fa, g)
		}
		if f.End > la+1 {
			g := f
			g.Start, g.End = max(f.Start-la-1, 0), min(f.End-la-1, nb)
			fb = append(fb, g)
		}
	}
	for _, part := range [...]struct {
		i  int
		fs []Finding
	}{{a, fa}, {b, fb}} {
		if len(part.fs) == 0 {
			continue
		}
		v.Raise(act, ReasonInjection)
		if sv := segmentVerdictOf(v, part.i); sv != nil {
			sv.Findings = append(sv.Findings, part.fs...)
			sv.Score, sv.Action = max(sv.Score, r.Score), act
			continue
		}
		seg := &pl.Segments[part.i]
		v.Segments = append(v.Segments, SegmentVerdict{Index: part.i, Path: seg.Path, Role: seg.Role, Kind: seg.Kind,
			Trust: seg.Trust, Tool: seg.Tool, Mirror: seg.Mirror, Action: act, Score: r.Score, Findings: part.fs})
	}
	return buf
}

// segmentVerdictOf finds the verdict of segment i among the last few:
// one for i is appended when i is scanned or joined with i-1 or i+1, and
// at each step only the two segments of the pair get one.
func segmentVerdictOf(v *Verdict, i int) *SegmentVerdict {
	for j := len(v.Segments) - 1; j >= 0 && j >= len(v.Segments)-4; j-- {
		if v.Segments[j].Index == i {
			return &v.Segments[j]
		}
	}
	return nil
}

// errorVerdict turns an extraction error into a verdict. A body that is
// not strict JSON of its API's shape is always blocked: a client's or a
// server's reader may accept it (Go replaces invalid UTF-8, some decoders
// take the first value and ignore what follows, others skip unknown
// shapes), so letting it through on_error would let the sender choose
// the fail-open branch. on_error applies to the filter's own limits
// (nesting depth here) and to a format it cannot tell.
func (p *Policy) errorVerdict(v *Verdict, err error) {
	v.Detail = err.Error()
	var je *jsonx.Error
	var se *wire.ShapeError
	switch {
	case errors.As(err, &je):
		v.Reason = Reason(je.Kind.Reason())
		v.Action = ActionBlock
		if je.Kind == jsonx.TooDeep {
			v.Action = p.OnErrorAction()
		}
	case errors.As(err, &se):
		v.Reason = ReasonBadShape
		v.Action = ActionBlock
	case errors.Is(err, wire.ErrUnknownFormat):
		v.Reason = ReasonUnknownFormat
		v.Action = p.OnErrorAction()
	default:
		v.Reason = ReasonInvalidJSON
		v.Action = ActionBlock
	}
}

// OnErrorAction is the action for a body that cannot be inspected.
func (p *Policy) OnErrorAction() Action {
	if p.failOpen {
		return ActionAllow
	}
	return ActionBlock
}

func (p *Policy) decideCalls(v *Verdict, pl *wire.Payload) {
	ambiguous := ""
	for i, c := range pl.Calls {
		var je *jsonx.Error
		if errors.As(c.ArgsErr, &je) && je.Kind.Ambiguous() && ambiguous == "" {
			ambiguous = c.Path + ".arguments: " + je.Error()
		}
		d := p.DecideCall(c)
		v.Calls = append(v.Calls, CallVerdict{Index: i, Name: c.Name, ID: c.ID, Path: c.Path, CallDecision: d})
		act := d.Action
		var reason Reason
		switch d.Action {
		case ActionDeny:
			reason = ReasonToolDenied
			act = ActionBlock
			if pl.Direction == Response && p.removeDenied {
				act = ActionRemove
			}
		case ActionSandbox:
			reason = ReasonToolSandbox
		case ActionApprove:
			reason = ReasonToolApprove
		}
		v.Raise(act, reason)
	}
	if ambiguous != "" {
		// Same rule as a duplicate key in the body: the upstream tool runner
		// may read the other value.
		v.Action, v.Reason, v.Detail = ActionBlock, ReasonAmbiguousJSON, ambiguous
	}
}

func (p *Policy) decideToolList(v *Verdict, pl *wire.Payload) {
	if pl.Format != FormatMCP || pl.Direction != Response {
		return
	}
	for _, t := range pl.Tools {
		vis := p.ToolVisible(t.Name)
		v.Tools = append(v.Tools, ToolVerdict{Name: t.Name, Path: t.Path, Visible: vis})
		if !vis {
			v.Raise(ActionRemove, ReasonToolsHidden)
		}
	}
}

// Raise sets the verdict action to act, with its reason, when act is more
// severe than the current action.
func (v *Verdict) Raise(act Action, reason Reason) {
	if act > v.Action {
		v.Action = act
		v.Reason = reason
	}
}

// Finding is one piece of evidence that a segment carries an injection.
type Finding = inject.Finding
