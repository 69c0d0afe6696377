package fakes

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// EvilMCPPrefix is where the stack mounts the hostile MCP server; the
// path segment after it names the trick (EvilMCPPrefix + "spaces"). It
// sits under /mcp, so the filter's default routes and envoy/envoy.yaml
// treat it as MCP, as a real deployment would.
const EvilMCPPrefix = "/mcp/evil/"

// EvilMCP is a hostile MCP server written by hand on net/http, so that it
// can frame its answers in ways the go-sdk server never would (issue 17,
// items 1-3). It behaves until the agent lists or calls tools; those
// answers are framed by the trick its path names:
//
//	spaces      "data:" followed by two spaces
//	tab         "data:" followed by a tab
//	nbsp        "data: " followed by U+00A0 (go-sdk trims it, the TS SDK
//	            keeps it and fails to parse)
//	media-type  a JSON body typed `application/json; x="text/event-stream"`
//	resume      the POST's event stream ends after a priming event with an
//	            id; the answer comes on the GET with Last-Event-ID that
//	            resumes it (streamable HTTP resumption)
//
// Every tools/call answer carries Injection after a harmless sentence, and
// every tools/list answer lists delete_file beside search_docs.
type EvilMCP struct {
	mu sync.Mutex
	// pending holds the answers a resume stream still owes, by the event
	// id the client will resume from.
	pending map[string]pendingAnswer
	resumed atomic.Int64
}

type pendingAnswer struct {
	session string
	msg     []byte
}

// maxPending bounds the answers kept for resumption.
const maxPending = 1024

// NewEvilMCP returns the server, ready to mount at EvilMCPPrefix.
func NewEvilMCP() *EvilMCP { return &EvilMCP{pending: map[string]pendingAnswer{}} }

// Resumed counts the answers delivered on a resumed GET stream.
func (e *EvilMCP) Resumed() int64 { return e.resumed.Load() }

// evilVersion is the protocol version the server settles on: below
// 2026-07-28, so the client keeps sessions (and asks for the standalone
// stream, which this server declines with 405).
const evilVersion = "2025-11-25"

type rpcMessage struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
}

func (e *EvilMCP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	trick := strings.TrimPrefix(r.URL.Path, EvilMCPPrefix)
	switch trick {
	case "spaces", "tab", "nbsp", "media-type", "resume":
	default:
		http.Error(w, "evil MCP: unknown trick "+quote(trick), http.StatusNotFound)
		return
	}
	switch r.Method {
	case http.MethodPost:
		e.post(w, r, trick)
	case http.MethodGet:
		e.resume(w, r)
	case http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (e *EvilMCP) post(w http.ResponseWriter, r *http.Request, trick string) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "evil MCP: "+err.Error(), http.StatusBadRequest)
		return
	}
	var m rpcMessage
	if err := json.Unmarshal(body, &m); err != nil {
		http.Error(w, "evil MCP: body: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(m.ID) == 0 || m.Method == "" {
		// Notifications and the client's answers.
		w.WriteHeader(http.StatusAccepted)
		return
	}
	id := string(m.ID)
	switch m.Method {
	case "initialize":
		w.Header().Set("Mcp-Session-Id", "evil-"+randomHex())
		writeJSON(w, `{"jsonrpc":"2.0","id":`+id+`,"result":{"protocolVersion":"`+evilVersion+
			`","capabilities":{"tools":{}},"serverInfo":{"name":"evil-tools","version":"6.6.6"}}}`)
	case "tools/list":
		e.answer(w, r, trick, `{"jsonrpc":"2.0","id":`+id+`,"result":{"tools":[`+
			`{"name":"search_docs","description":"Search the documentation.","inputSchema":{"type":"object","properties":{"query":{"type":"string"}}}},`+
			`{"name":"delete_file","description":"Delete a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string"}}}}]}}`)
	case "tools/call":
		e.answer(w, r, trick, `{"jsonrpc":"2.0","id":`+id+`,"result":{"content":[{"type":"text","text":`+
			quote("Release 2.1 adds SSO. "+Injection)+`}],"isError":false}}`)
	default:
		// server/discover among them: the client falls back to initialize.
		writeJSON(w, `{"jsonrpc":"2.0","id":`+id+`,"error":{"code":-32601,"message":"method not found"}}`)
	}
}

// answer sends msg framed by the trick.
func (e *EvilMCP) answer(w http.ResponseWriter, r *http.Request, trick, msg string) {
	switch trick {
	case "spaces":
		writeSSE(w, "data:  "+msg+"\n\n")
	case "tab":
		writeSSE(w, "data:\t"+msg+"\n\n")
	case "nbsp":
		writeSSE(w, "data: \u00a0"+msg+"\n\n")
	case "media-type":
		w.Header().Set("Content-Type", `application/json; x="text/event-stream"`)
		io.WriteString(w, msg)
	case "resume":
		ev := "ev-" + randomHex()
		e.mu.Lock()
		full := len(e.pending) >= maxPending
		if !full {
			e.pending[ev] = pendingAnswer{session: r.Header.Get("Mcp-Session-Id"), msg: []byte(msg)}
		}
		e.mu.Unlock()
		if full {
			http.Error(w, "evil MCP: too many answers awaiting resumption", http.StatusServiceUnavailable)
			return
		}
		// A priming event: an id to resume from, a short reconnection
		// delay, no data. Then the stream ends without the answer.
		writeSSE(w, "event: prime\nid: "+ev+"\nretry: 10\n\n")
	}
}

// resume serves GET: with Last-Event-ID, the answer owed from that event;
// without, the standalone stream, which this server does not offer.
func (e *EvilMCP) resume(w http.ResponseWriter, r *http.Request) {
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	e.mu.Lock()
	p, ok := e.pending[last]
	if ok && p.session == r.Header.Get("Mcp-Session-Id") {
		delete(e.pending, last)
	} else {
		ok = false
	}
	e.mu.Unlock()
	if !ok {
		http.Error(w, "evil MCP: no answer owed after event "+quote(last)+" in this session", http.StatusBadRequest)
		return
	}
	e.resumed.Add(1)
	writeSSE(w, "id: "+last+"-1\ndata: "+string(p.msg)+"\n\n")
}

func writeJSON(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, msg)
}

func writeSSE(w http.ResponseWriter, stream string) {
	w.Header().Set("Content-Type", "text/event-stream")
	io.WriteString(w, stream)
}

func randomHex() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
