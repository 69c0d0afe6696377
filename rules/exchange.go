package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
)

// An Exchange is one request and its response as a proxy sees them, and
// the one place every decision on them is made: the filter, `aisecops
// scan` and `aisecops replay` all go through it, so they decide alike.
// Beyond Evaluate on each body it carries what depends on the exchange:
// JSON-RPC methods by request id (also across the streams of an MCP
// session, through the Store), the Mcp-* header checks, tool pins (rug
// pulls) and taint escalation. It takes input as a proxy gets it: the
// request body, the response headers, then the response body whole or an
// event stream chunk by chunk.
type Exchange struct {
	p     *Policy
	store Store
	info  ExchangeInfo

	methods      map[string]string
	pending      []string
	taintFlagged bool
	taintAny     bool
	sessionRead  bool
	// tools are the tool names the store knew when the first answer was
	// read (toolsRead).
	tools       []string
	toolsRead   bool
	upstreamErr bool
	sseBody     bool // the response body is an event stream
	// stream state (an event stream judged as it flows)
	sse *wire.SSEReader
	llm *llmStream // an LLM event stream
	// StoreErrors counts failed store calls; the exchange goes on without
	// them (an unknown id is judged with every scanner).
	StoreErrors int
	// StreamApprovals: a tool call of an LLM stream that needs a human is
	// held while the caller asks (EventResult.Awaiting, ApprovalDone)
	// instead of refused. Set by a host that can ask (the filter, with a
	// runner); replay leaves it off and refuses such calls.
	StreamApprovals bool
}

// ExchangeInfo is what the request's headers say about the exchange.
type ExchangeInfo struct {
	Format    Format
	Method    string // :method
	Authority string
	Path      string // without query or fragment
	Session   string // Mcp-Session-Id
	// MCPHeaders are the request's Mcp-Method, Mcp-Name and Mcp-Param-*
	// headers as sent (MCPHeaders picks them from all headers).
	MCPHeaders [][2]string
}

// Store keeps what outlives one exchange. The filter keeps it in the
// proxy's shared data; the CLI in memory (MemoryStore).
type Store interface {
	// LearnPin returns the pin stored under key, storing hash there
	// first when there is none.
	LearnPin(key, hash string) (pinned string, err error)
	// SessionMethods returns the JSON-RPC methods by id of an MCP
	// session's requests.
	SessionMethods(session string) (map[string]string, error)
	// RememberSession adds methods by id to a session.
	RememberSession(session string, methods map[string]string) error
	// KnownTools returns the tool names seen in MCP tools/list answers
	// (at most MaxKnownTools, the newest).
	KnownTools() ([]string, error)
	// RememberTools adds tool names to the known ones.
	RememberTools(names []string) error
}

// MaxKnownTools bounds the tool names a Store keeps, and MaxToolName
// their length (the policy's bound on a tool rule's name).
const (
	MaxKnownTools = 512
	MaxToolName   = 128
)

// AddKnownTools adds the names not yet known to known, newest last:
// names that cannot be kept (empty, too long, with a line break) are
// skipped, and the oldest go past MaxKnownTools. It reports whether it
// added any.
func AddKnownTools(known, names []string) ([]string, bool) {
	changed := false
	for _, n := range names {
		if n == "" || len(n) > MaxToolName || strings.ContainsAny(n, "\n\r") || slices.Contains(known, n) {
			continue
		}
		known = append(known, n)
		changed = true
	}
	if len(known) > MaxKnownTools {
		known = slices.Delete(known, 0, len(known)-MaxKnownTools)
	}
	return known, changed
}

// MemoryStore is a Store in memory, unbounded: for the CLI and tests.
type MemoryStore struct {
	pins     map[string]string
	sessions map[string]map[string]string
	tools    []string
}

func (m *MemoryStore) KnownTools() ([]string, error) { return slices.Clone(m.tools), nil }

func (m *MemoryStore) RememberTools(names []string) error {
	m.tools, _ = AddKnownTools(m.tools, names)
	return nil
}

func (m *MemoryStore) LearnPin(key, hash string) (string, error) {
	if m.pins == nil {
		m.pins = map[string]string{}
	}
	if got, ok := m.pins[key]; ok {
		return got, nil
	}
	m.pins[key] = hash
	return hash, nil
}

func (m *MemoryStore) SessionMethods(session string) (map[string]string, error) {
	return m.sessions[session], nil
}

func (m *MemoryStore) RememberSession(session string, methods map[string]string) error {
	if m.sessions == nil {
		m.sessions = map[string]map[string]string{}
	}
	s := m.sessions[session]
	if s == nil {
		s = map[string]string{}
		m.sessions[session] = s
	}
	for id, meth := range methods {
		s[id] = meth
	}
	return nil
}

// NewExchange starts an exchange. store may be nil: no pins are learned
// and no session is shared.
func (p *Policy) NewExchange(info ExchangeInfo, store Store) *Exchange {
	return &Exchange{p: p, store: store, info: info}
}

// Pending lists the ids of the request's JSON-RPC requests not yet
// answered (in an event stream), the ids a refusal answers.
func (x *Exchange) Pending() []string { return x.pending }

// Request decides on the request body.
func (x *Exchange) Request(body []byte) *Verdict {
	v := x.p.Evaluate(Input{Body: body, Direction: Request, Format: x.info.Format})
	x.remember(v)
	if reason, detail := wire.CheckMCPHeaders(x.info.MCPHeaders, body, v.Payload); reason != "" {
		// The headers and the body disagree: something in between reads
		// one and the server reads the other.
		v.Action, v.Reason, v.Detail = ActionBlock, Reason(reason), detail
	}
	return v
}

// remember keeps what the response needs from the request.
func (x *Exchange) remember(v *Verdict) {
	if v.Payload == nil {
		return
	}
	for _, m := range v.Payload.RPC {
		if m.ID != "" && m.Method != "" && !m.IsResponse {
			if x.methods == nil {
				x.methods = map[string]string{}
			}
			x.methods[m.ID] = m.Method
			x.pending = append(x.pending, m.ID)
		}
	}
	if x.info.Format == FormatMCP && len(x.methods) > 0 && x.store != nil && x.info.Session != "" {
		// Answers may come on another stream of the session (a GET
		// stream resumed with Last-Event-ID).
		if err := x.store.RememberSession(x.info.Session, x.methods); err != nil {
			x.StoreErrors++
		}
	}
	for _, s := range v.Payload.Segments {
		if s.Trust == wire.Untrusted {
			x.taintAny = true
		}
	}
	for _, s := range v.Segments {
		if s.Action != ActionAllow {
			x.taintFlagged = true
		}
	}
}

// Failure is why a message cannot be judged the ordinary way. Ambiguous
// failures (clients could read the message another way than the filter)
// are refused whatever on_error says; the others follow on_error.
type Failure struct {
	Reason    Reason
	Detail    string
	Ambiguous bool
}

func ambiguity(reason Reason, detail string) *Failure {
	return &Failure{Reason: reason, Detail: detail, Ambiguous: true}
}

// ResponseMode says how a response body is read.
type ResponseMode uint8

const (
	// ResponsePass: the body is not judged (counted as PassUpstreamStatus).
	ResponsePass ResponseMode = iota
	// ResponseWhole: the body is judged whole (ResponseBody).
	ResponseWhole
	// ResponseEvents: an event stream (MCP, A2A or an LLM API's) judged
	// event by event as it flows (StreamChunk).
	ResponseEvents
)

// ResponseHeaders decides how the response is read from its status and
// content-type (every value of that header, in order). A non-nil Failure
// refuses the response from its headers.
func (x *Exchange) ResponseHeaders(status string, contentTypes []string) (ResponseMode, *Failure) {
	rpc := x.info.Format == FormatMCP || x.info.Format == FormatA2A
	x.upstreamErr = len(status) != 3 || status[0] != '2'
	if !rpc && x.upstreamErr {
		// An LLM API's error is the upstream's words about our request,
		// raised by the SDK as an error, never read as a turn. JSON-RPC
		// errors carry text that reaches the model: judged whatever the
		// status.
		return ResponsePass, nil
	}
	ct := ""
	if len(contentTypes) > 0 {
		ct = contentTypes[0]
	}
	kind, err := wire.ReadContentType(ct)
	if err == nil && len(contentTypes) > 1 {
		err = errors.New("several content-type headers")
	}
	if err != nil {
		return ResponsePass, ambiguity("ambiguous_media_type", err.Error())
	}
	if rpc && !x.upstreamErr && x.info.Method != "" && !equalFoldASCII(x.info.Method, "POST") {
		// The TypeScript SDK reads the answer to its GET as an event
		// stream whatever its type (go-sdk drops a non-stream one).
		kind = wire.BodySSE
	}
	x.sseBody = kind == wire.BodySSE
	if x.sseBody && rpc {
		x.startStream()
		return ResponseEvents, nil
	}
	if x.sseBody {
		x.startLLMStream()
		return ResponseEvents, nil
	}
	return ResponseWhole, nil
}

// PassUpstreamStatus is why ResponseHeaders or ResponseBody let a
// response pass unjudged: an upstream error no client reads as a turn.
const PassUpstreamStatus = "upstream_status"

// ResponseBody decides on a whole JSON response body. A nil verdict and
// failure means the body passes unjudged (PassUpstreamStatus).
func (x *Exchange) ResponseBody(body []byte) (*Verdict, *Failure) {
	if x.sseBody {
		return nil, &Failure{Reason: ReasonInternalError, Detail: "an event stream is read chunk by chunk (StreamChunk), not whole"}
	}
	if x.upstreamErr && !startsJSON(body) {
		// An upstream error page that is no JSON-RPC message: clients
		// raise it as an HTTP error, none reads it as a message.
		return nil, nil
	}
	if looksLikeSSE(body) {
		// Typed as JSON (or untyped), framed as events: a client that
		// sniffs reads events, one that trusts the type reads JSON.
		return nil, ambiguity("ambiguous_media_type", "the body is an event stream, its content-type is not")
	}
	x.loadSession()
	v := x.p.Evaluate(Input{Body: body, Direction: Response, Format: x.info.Format, RequestMethods: x.methods, Tools: x.knownTools()})
	x.afterResponse(v)
	return v, nil
}

// knownTools returns the tool names the store has seen listed, read once
// per exchange: for MCP and A2A answers, whose text may name a tool of
// any server the agent uses.
func (x *Exchange) knownTools() []string {
	if x.toolsRead || x.store == nil || (x.info.Format != FormatMCP && x.info.Format != FormatA2A) {
		return x.tools
	}
	x.toolsRead = true
	t, err := x.store.KnownTools()
	if err != nil {
		x.StoreErrors++
		return nil
	}
	x.tools = t
	return t
}

// loadSession adds the session's methods by id to the request's, once.
func (x *Exchange) loadSession() {
	if x.sessionRead || x.info.Format != FormatMCP || x.store == nil || x.info.Session == "" {
		return
	}
	x.sessionRead = true
	m, err := x.store.SessionMethods(x.info.Session)
	if err != nil {
		x.StoreErrors++
		return
	}
	for id, meth := range m {
		if _, ok := x.methods[id]; !ok {
			if x.methods == nil {
				x.methods = map[string]string{}
			}
			x.methods[id] = meth
		}
	}
}

// afterResponse applies what depends on the exchange, not the body
// alone: tool pins (rug pulls) and taint escalation of irreversible calls.
func (x *Exchange) afterResponse(v *Verdict) {
	if v.Payload == nil {
		return
	}
	if x.info.Format == FormatMCP && x.p.pinMode != pinOff {
		for i, d := range v.Payload.Tools {
			if i < len(v.Tools) && v.Tools[i].Visible && !x.pinOK(d) {
				v.Tools[i].Visible = false
				v.Tools[i].RugPull = true
				v.Raise(ActionRemove, ReasonRugPull)
			}
		}
	}
	if x.info.Format == FormatMCP && x.store != nil && len(v.Payload.Tools) > 0 {
		// The tools the agent is shown become known to later answers.
		var names []string
		for i, d := range v.Payload.Tools {
			if i < len(v.Tools) && v.Tools[i].Visible {
				names = append(names, d.Name)
			}
		}
		if _, changed := AddKnownTools(slices.Clone(x.knownTools()), names); changed {
			if err := x.store.RememberTools(names); err != nil {
				x.StoreErrors++
			}
		}
	}
	tainted := (x.p.taint == taintFlagged && x.taintFlagged) || (x.p.taint == taintUntrusted && x.taintAny)
	if !tainted {
		return
	}
	for i := range v.Calls {
		c := &v.Calls[i]
		if c.Irreversible && (c.Action == ActionAllow || c.Action == ActionSandbox) {
			c.Action = ActionApprove
			c.Tainted = true
			c.Reasons = append(c.Reasons, "irreversible tool after flagged untrusted content in the request")
			v.Raise(ActionApprove, ReasonToolApprove)
		}
	}
}

// pinOK checks a listed tool against its pin: configured, or learned on
// first sight in the store.
func (x *Exchange) pinOK(d wire.ToolDecl) bool {
	hash := wire.ToolPinHash(d)
	key := wire.PinServer(x.info.Authority, x.info.Path) + "/" + d.Name
	if want, ok := x.p.cfg.Filter.ToolPins[key]; ok {
		return want == hash
	}
	if x.p.pinMode != pinLearn || x.store == nil {
		return true
	}
	got, err := x.store.LearnPin(key, hash)
	if err != nil {
		x.StoreErrors++
		return true
	}
	return got == hash
}

// RequestIDs are the ids of the JSON-RPC requests in a verdict's body:
// what a refusal of that body answers.
func (v *Verdict) RequestIDs() []string {
	if v.Payload == nil {
		return nil
	}
	var ids []string
	for _, m := range v.Payload.RPC {
		if m.ID != "" && !m.IsResponse {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// MessageIDs are the ids of every JSON-RPC message in a verdict's body.
func (v *Verdict) MessageIDs() []string {
	if v.Payload == nil {
		return nil
	}
	var ids []string
	for _, m := range v.Payload.RPC {
		if m.ID != "" {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// ServerRequest reports whether a judged response-side message is a
// request or notification from the server, not an answer to the client.
func (v *Verdict) ServerRequest() bool {
	if v.Payload == nil || len(v.Payload.RPC) == 0 {
		return false
	}
	for _, m := range v.Payload.RPC {
		if m.IsResponse || m.Method == "" {
			return false
		}
	}
	return true
}

// ErrNotInPlace says a verdict's removal cannot be made as an edit: the
// text is nested inside another string.
var ErrNotInPlace = errors.New("nested in another string, cannot be removed in place")

// Apply returns the body to send for a remove verdict: injected segments
// replaced by the marker, refused calls and hidden tools taken out of
// their arrays, checked to be valid JSON. An error means the decision
// cannot be carried out as an edit: the body must be refused instead (a
// removal that did not happen must not pass).
func (v *Verdict) Apply(body []byte) ([]byte, error) {
	var edits []jsonx.Edit
	marker := []byte(jsonx.Quote(RemovedMarker))
	for _, s := range v.Segments {
		if s.Action != ActionRemove {
			continue
		}
		seg := v.Payload.Segments[s.Index]
		if seg.End <= seg.Start {
			// Text nested inside another string has no span of its own.
			return nil, fmt.Errorf("segment %s: %w", seg.Path, ErrNotInPlace)
		}
		edits = append(edits, jsonx.Edit{Start: seg.Start, End: seg.End, Replace: marker})
	}
	for _, c := range v.Calls {
		if c.Action == ActionDeny {
			call := v.Payload.Calls[c.Index]
			edits = append(edits, jsonx.Edit{Start: call.Start, End: call.End, RemoveElement: true})
		}
	}
	for i, t := range v.Tools {
		if !t.Visible {
			d := v.Payload.Tools[i]
			edits = append(edits, jsonx.Edit{Start: d.Start, End: d.End, RemoveElement: true})
		}
	}
	out, err := jsonx.ApplyEdits(body, edits)
	if err != nil {
		return nil, err
	}
	if err := jsonx.Check(out, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// startsJSON reports whether b's first byte after JSON white space opens
// an object or array: what a JSON-RPC client tries to decode.
func startsJSON(b []byte) bool {
	for _, c := range b {
		if jsonx.IsSpace(c) {
			continue
		}
		return c == '{' || c == '['
	}
	return false
}

func looksLikeSSE(b []byte) bool {
	for _, p := range []string{"event:", "data:", "id:", ":"} {
		if len(b) >= len(p) && string(b[:len(p)]) == p {
			return true
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		ca, cb := a[i], b[i]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return false
		}
	}
	return true
}

// EventStream reports whether the response body is an event stream
// (judged as it flows).
func (x *Exchange) EventStream() bool { return x.sseBody }

// FailureAction is what a failure does: block when ambiguous, otherwise
// what on_error says.
func (p *Policy) FailureAction(f *Failure) Action {
	if f.Ambiguous {
		return ActionBlock
	}
	return p.OnErrorAction()
}

// FailureVerdict is the verdict that records a failure (its event).
func (p *Policy) FailureVerdict(d Direction, f Format, reason Reason, detail string, act Action) *Verdict {
	return &Verdict{Action: act, Reason: reason, Detail: detail, Format: f, Direction: d,
		Mode: p.cfg.Mode, PolicyVersion: p.cfg.PolicyVersion, PolicyHash: p.cfg.Hash}
}
