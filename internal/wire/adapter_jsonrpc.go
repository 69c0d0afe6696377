package wire

import (
	"strconv"
	"strings"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/tidwall/gjson"
)

// jsonRPC reads an MCP or A2A body: one JSON-RPC message or a batch.
func (x *extractor) jsonRPC(root gjson.Result) {
	if root.IsArray() {
		x.p.Batch = true
		n := 0
		x.each(root, "", func(_ int, mp string, m gjson.Result) bool {
			n++
			x.rpcMessage(m, mp)
			return x.err == nil
		})
		if n == 0 && x.err == nil {
			x.shape("$", "empty JSON-RPC batch")
		}
		return
	}
	x.rpcMessage(root, "")
}

func (x *extractor) rpcMessage(m gjson.Result, mp string) {
	at := func(k string) string { return x.join(mp, k) }
	where := mp
	if where == "" {
		where = "$"
	}
	if !x.want(m, where, false, "object") {
		return
	}
	if v := x.get(m, "jsonrpc"); v.String() != "2.0" || v.Type != gjson.String {
		x.shape(at("jsonrpc"), `expected "2.0"`)
		return
	}
	id := x.get(m, "id")
	if !x.want(id, at("id"), true, "string", "number", "null") && id.Exists() {
		return
	}
	msg := RPCMessage{Path: mp}
	if id.Exists() {
		msg.ID = id.Raw
	}
	method := x.get(m, "method")
	result, rpcErr := x.get(m, "result"), x.get(m, "error")
	switch {
	case method.Exists():
		if !x.want(method, at("method"), false, "string") {
			return
		}
		msg.Method = method.Str
		x.p.RPC = append(x.p.RPC, msg)
		x.rpcRequest(method.Str, msg.ID, m, mp)
	case result.Exists() || rpcErr.Exists():
		msg.IsResponse = true
		method, known := x.methods[msg.ID]
		msg.Method = method
		x.p.RPC = append(x.p.RPC, msg)
		if rpcErr.Exists() {
			// The error's words reach the model like a result's.
			if x.want(rpcErr, at("error"), false, "object") {
				x.optText(x.get(rpcErr, "message"), at("error.message"), "tool", "error", Untrusted)
				x.allText(x.get(rpcErr, "data"), at("error.data"), "tool", "error", "")
			}
			return
		}
		switch {
		case x.p.Format == FormatA2A:
			x.a2aResult(result, at("result"))
		case !known && x.p.Direction == Response:
			x.mcpUnknownResult(result, at("result"))
		default:
			x.mcpResult(msg.Method, result, at("result"))
		}
	default:
		x.shape(where, "JSON-RPC message has neither method nor result nor error")
	}
}

func (x *extractor) rpcRequest(method, id string, m gjson.Result, mp string) {
	params := x.get(m, "params")
	pp := x.join(mp, "params")
	if !x.want(params, pp, true, "object", "array") && params.Exists() {
		return
	}
	if x.p.Format == FormatA2A {
		switch method {
		case "message/send", "message/stream", "SendMessage", "SendStreamingMessage":
			x.a2aMessage(x.get(params, "message"), x.join(pp, "message"), true)
		}
		return
	}
	if x.p.Direction == Response {
		x.serverRequest(method, params, pp)
		return
	}
	switch method {
	case "tools/call":
		name := x.get(params, "name")
		if !x.wantAt(name, pp, "name", false, "string") {
			return
		}
		args := x.get(params, "arguments")
		if x.wantAt(args, pp, "arguments", true, "object", "null") || !args.Exists() || args.Type == gjson.Null {
			x.call(name.Str, id, mp, m, args, false)
		}
	}
}

// serverRequest reads a request or notification in a response body: a
// server asking the client for something (sampling/createMessage,
// elicitation/create, roots/list, ping, a vendor method) or telling it
// something (notifications/message, .../progress). All of its text is
// server-authored and may reach a model or a person, so all of it is
// scanned; a refused one is dropped from the stream by the filter.
func (x *extractor) serverRequest(method string, params gjson.Result, pp string) {
	if method != "sampling/createMessage" || !params.IsObject() {
		x.allText(params, pp, "tool", serverRequestKind(method), "")
		return
	}
	// The server asks the client's model to complete its messages: the
	// whole text is server-authored. Content blocks are read by type, so
	// image and audio data are not scanned as text.
	x.forEach(params, func(k, v gjson.Result) bool {
		kp := x.join(pp, EscapePathKey(k.Str))
		switch k.Str {
		case "systemPrompt":
			x.optText(v, kp, "tool", "sampling", Untrusted)
		case "messages":
			x.each(v, kp, func(_ int, sp string, s gjson.Result) bool {
				x.mcpContent(x.get(s, "content"), x.join(sp, "content"), "sampling")
				return x.err == nil
			})
		default:
			x.keyText(params, k, v, kp, "tool", "sampling", "")
			x.allText(v, kp, "tool", "sampling", "")
		}
		return x.err == nil
	})
}

func serverRequestKind(method string) string {
	switch method {
	case "elicitation/create":
		return "elicitation"
	case "sampling/createMessage":
		return "sampling"
	}
	return "server_request"
}

// mcpMethodByShape names the method a result answers when the request is
// not known.
func (x *extractor) mcpMethodByShape(r gjson.Result) string {
	switch {
	case x.get(r, "content").IsArray() || x.get(r, "structuredContent").Exists():
		return "tools/call"
	case x.get(r, "tools").IsArray():
		return "tools/list"
	case x.get(r, "contents").IsArray():
		return "resources/read"
	case x.get(r, "messages").IsArray():
		return "prompts/get"
	case x.get(r, "resources").IsArray():
		return "resources/list"
	case x.get(r, "resourceTemplates").IsArray():
		return "resources/templates/list"
	case x.get(r, "prompts").IsArray():
		return "prompts/list"
	}
	return ""
}

func (x *extractor) mcpResult(method string, r gjson.Result, rp string) {
	if !x.want(r, rp, false, "object") {
		return
	}
	if method == "" {
		method = x.mcpMethodByShape(r)
		x.p.RPC[len(x.p.RPC)-1].Method = method
	}
	switch method {
	case "initialize":
		// The server's instructions go to the client's model.
		x.forEach(r, func(k, v gjson.Result) bool {
			kp := x.join(rp, EscapePathKey(k.Str))
			if k.Str == "instructions" {
				x.optText(v, kp, "tool", "instructions", Untrusted)
			} else {
				x.keyText(r, k, v, kp, "tool", "server_info", "")
				x.allText(v, kp, "tool", "server_info", "")
			}
			return x.err == nil
		})
	case "tools/call":
		first := len(x.p.Segments)
		x.mcpContent(x.get(r, "content"), x.join(rp, "content"), "tool_result")
		if sc := x.get(r, "structuredContent"); sc.Exists() {
			for i := first; i < len(x.p.Segments); i++ {
				t := x.p.Segments[i].Text
				if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
					x.p.Segments[i].Mirror = true
				}
			}
			x.leaves(sc, x.join(rp, "structuredContent"), "tool", "tool_result", Untrusted)
		}
	case "tools/list":
		x.toolList(x.get(r, "tools"), x.join(rp, "tools"))
	case "resources/read":
		x.each(x.get(r, "contents"), x.join(rp, "contents"), func(_ int, cp string, c gjson.Result) bool {
			x.optText(x.get(c, "text"), x.join(cp, "text"), "tool", "resource", Untrusted)
			if x.get(c, "blob").Exists() {
				x.skip(x.join(cp, "blob"))
			}
			return x.err == nil
		})
	case "prompts/get":
		x.optText(x.get(r, "description"), x.join(rp, "description"), "tool", "prompt", Untrusted)
		x.each(x.get(r, "messages"), x.join(rp, "messages"), func(_ int, mp string, m gjson.Result) bool {
			x.mcpContent(x.get(m, "content"), x.join(mp, "content"), "prompt")
			return x.err == nil
		})
	case "resources/list", "resources/templates/list", "prompts/list":
		for _, list := range [...]string{"resources", "resourceTemplates", "prompts"} {
			x.each(x.get(r, list), x.join(rp, list), func(_ int, ip string, it gjson.Result) bool {
				x.optText(x.get(it, "description"), x.join(ip, "description"), "tool", "resource_description", Untrusted)
				return x.err == nil
			})
		}
	case "ping", "logging/setLevel", "notifications/initialized":
	default:
		// A method no adapter reads: whatever it returns may reach the
		// model, so all of it is read as untrusted.
		x.allText(r, rp, "tool", "rpc_result", "")
	}
}

// toolList reads a tools/list result's tools: each is a declaration
// (gated and pinned whole, see ToolPinHash), and every string and key of
// its definition (descriptions anywhere in either schema, defaults,
// examples, enums, $defs, property names, annotations, _meta) is text the
// client may give its model.
func (x *extractor) toolList(tools gjson.Result, tp string) {
	x.each(tools, tp, func(_ int, p string, t gjson.Result) bool {
		if !x.want(t, p, false, "object") {
			return false
		}
		x.decl(x.get(t, "name"), x.get(t, "description"), x.get(t, "inputSchema"), p, t)
		if x.err != nil {
			return false
		}
		x.p.Tools[len(x.p.Tools)-1].Def = t.Raw
		x.allText(t, p, "tool", "tool_description", x.get(t, "name").Str)
		return x.err == nil
	})
}

// mcpUnknownResult reads a result whose request this exchange did not
// see (an id the request did not send, a resumed or standalone stream):
// it is judged as a tools/call result with every scanner. Members of the
// MCP result shapes are read as those shapes are (tools as a tools/list,
// so listed tools are gated and pinned; content blocks by type, so image
// data is not read as text); every other string and key is untrusted
// text.
func (x *extractor) mcpUnknownResult(r gjson.Result, rp string) {
	if !x.want(r, rp, false, "object") {
		return
	}
	x.p.RPC[len(x.p.RPC)-1].Method = x.mcpMethodByShape(r)
	first := len(x.p.Segments)
	cp := x.join(rp, "content.")
	x.forEach(r, func(k, v gjson.Result) bool {
		kp := x.join(rp, EscapePathKey(k.Str))
		switch {
		case k.Str == "tools" && v.IsArray():
			x.toolList(v, kp)
		case k.Str == "content" && (v.IsArray() || v.IsObject()):
			x.mcpContent(v, kp, "tool_result")
		case k.Str == "contents" && v.IsArray():
			x.mcpResult("resources/read", r, rp)
		case k.Str == "messages" && v.IsArray():
			x.each(v, kp, func(_ int, mp string, m gjson.Result) bool {
				x.mcpContent(x.get(m, "content"), x.join(mp, "content"), "prompt")
				return x.err == nil
			})
		default:
			x.keyText(r, k, v, kp, "tool", "tool_result", "")
			x.allText(v, kp, "tool", "tool_result", "")
		}
		return x.err == nil
	})
	if x.get(r, "structuredContent").Exists() {
		// As in a tools/call result: text blocks that echo it are mirrors.
		for i := first; i < len(x.p.Segments); i++ {
			t := x.p.Segments[i].Text
			if len(t) > 0 && (t[0] == '{' || t[0] == '[') && strings.HasPrefix(x.p.Segments[i].Path, cp) {
				x.p.Segments[i].Mirror = true
			}
		}
	}
}

// allText adds every non-empty string inside v and every key of its
// objects as untrusted segments (tool names the tool they describe).
// Keys are segments over the key's own string, so removal replaces the
// key.
func (x *extractor) allText(v gjson.Result, path, role, kind, tool string) {
	switch {
	case v.Type == gjson.String:
		if v.Str != "" {
			x.text(v, path, role, kind, Untrusted).Tool = tool
		}
	case v.IsArray():
		x.each(v, path, func(_ int, ep string, e gjson.Result) bool {
			x.allText(e, ep, role, kind, tool)
			return x.err == nil
		})
	case v.IsObject():
		x.forEach(v, func(k, c gjson.Result) bool {
			kp := x.join(path, EscapePathKey(k.Str))
			x.keyText(v, k, c, kp, role, kind, tool)
			x.allText(c, kp, role, kind, tool)
			return x.err == nil
		})
	}
}

// keyText adds the key k of member value c of object o as an untrusted
// segment, located in the body by reading back from the value.
func (x *extractor) keyText(o, k, c gjson.Result, kp, role, kind, tool string) {
	if k.Str == "" || c.Index < o.Index || c.Index-o.Index > len(o.Raw) {
		return
	}
	start, end, ok := keySpan(o.Raw, c.Index-o.Index)
	if !ok {
		return
	}
	x.p.Segments = append(x.p.Segments, Segment{Text: k.Str, Path: kp + "#key", Role: role, Kind: kind,
		Trust: Untrusted, Tool: tool, Start: o.Index + start, End: o.Index + end})
}

// keySpan finds, in the raw object o, the key string (quotes included)
// whose value starts at offset vi.
func keySpan(o string, vi int) (start, end int, ok bool) {
	i := vi - 1
	for i >= 0 && jsonx.IsSpace(o[i]) {
		i--
	}
	if i < 0 || o[i] != ':' {
		return 0, 0, false
	}
	i--
	for i >= 0 && jsonx.IsSpace(o[i]) {
		i--
	}
	if i < 1 || o[i] != '"' {
		return 0, 0, false
	}
	end = i + 1
	for j := i - 1; j >= 0; j-- {
		if o[j] != '"' {
			continue
		}
		n := 0
		for b := j - 1; b >= 0 && o[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return j, end, true
		}
	}
	return 0, 0, false
}

// mcpContent reads MCP content: an array of blocks or a single block.
func (x *extractor) mcpContent(c gjson.Result, cp, kind string) {
	block := func(b gjson.Result, bp string) {
		switch t := x.get(b, "type").String(); t {
		case "text":
			x.optText(x.get(b, "text"), x.join(bp, "text"), "tool", kind, Untrusted)
		case "resource":
			res := x.get(b, "resource")
			x.optText(x.get(res, "text"), x.join(bp, "resource.text"), "tool", kind, Untrusted)
			if x.get(res, "blob").Exists() {
				x.skip(x.join(bp, "resource.blob"))
			}
		case "resource_link":
			// The link's name, title and description are shown to the
			// model with it.
			for _, k := range [...]string{"name", "title", "description"} {
				x.optText(x.get(b, k), x.join(bp, k), "tool", kind, Untrusted)
			}
		case "image", "audio":
			x.skip(bp)
		default:
			x.shape(x.join(bp, "type"), "unknown content type "+quote(t))
		}
	}
	switch {
	case !c.Exists():
	case c.IsArray():
		x.each(c, cp, func(_ int, bp string, b gjson.Result) bool {
			if x.want(b, bp, false, "object") {
				block(b, bp)
			}
			return x.err == nil
		})
	case c.IsObject():
		block(c, cp)
	default:
		x.want(c, cp, false, "array", "object")
	}
}

// a2aMessage reads an A2A message's parts. Both the 0.2/0.3 wire shape
// ({"kind":"text","text":...}) and part objects without a kind are read.
func (x *extractor) a2aMessage(m gjson.Result, mp string, required bool) {
	if !x.want(m, mp, !required, "object") {
		return
	}
	role := x.get(m, "role").String()
	if role == "" {
		role = "agent"
	}
	parts, pp := x.get(m, "parts"), x.join(mp, "parts")
	if !parts.Exists() {
		parts, pp = x.get(m, "content"), x.join(mp, "content")
	}
	x.a2aParts(parts, pp, role)
}

func (x *extractor) a2aParts(parts gjson.Result, pp, role string) {
	if !x.want(parts, pp, false, "array") {
		return
	}
	x.each(parts, pp, func(_ int, p string, part gjson.Result) bool {
		if !x.want(part, p, false, "object") {
			return false
		}
		kind := x.get(part, "kind").String()
		if kind == "" {
			kind = x.get(part, "type").String()
		}
		switch {
		case kind == "text" || (kind == "" && x.get(part, "text").Exists()):
			x.optText(x.get(part, "text"), x.join(p, "text"), role, "agent_message", Untrusted)
		case kind == "data" || (kind == "" && x.get(part, "data").Exists()):
			x.leaves(x.get(part, "data"), x.join(p, "data"), role, "agent_message", Untrusted)
		case kind == "file" || (kind == "" && x.get(part, "file").Exists()):
			f := x.get(part, "file")
			x.optText(x.get(f, "name"), x.join(p, "file.name"), role, "agent_message", Untrusted)
			x.skip(x.join(p, "file"))
		default:
			x.shape(x.join(p, "kind"), "unknown part kind "+quote(kind))
		}
		return x.err == nil
	})
}

func (x *extractor) a2aResult(r gjson.Result, rp string) {
	if !x.want(r, rp, false, "object") {
		return
	}
	switch kind := x.get(r, "kind").String(); kind {
	case "message":
		x.a2aMessage(r, rp, true)
	case "task", "":
		x.a2aMessage(x.get(r, "status.message"), x.join(rp, "status.message"), false)
		x.each(x.get(r, "artifacts"), x.join(rp, "artifacts"), func(_ int, ap string, a gjson.Result) bool {
			x.a2aArtifact(a, ap)
			return x.err == nil
		})
		x.each(x.get(r, "history"), x.join(rp, "history"), func(_ int, hp string, h gjson.Result) bool {
			x.a2aMessage(h, hp, true)
			return x.err == nil
		})
		if kind == "" && x.get(r, "parts").Exists() {
			x.a2aMessage(r, rp, true)
		}
	case "status-update":
		x.a2aMessage(x.get(r, "status.message"), x.join(rp, "status.message"), false)
	case "artifact-update":
		x.a2aArtifact(x.get(r, "artifact"), x.join(rp, "artifact"))
	default:
		x.shape(x.join(rp, "kind"), "unknown A2A result kind "+quote(kind))
	}
}

func (x *extractor) a2aArtifact(a gjson.Result, ap string) {
	if !x.want(a, ap, false, "object") {
		return
	}
	x.optText(x.get(a, "name"), x.join(ap, "name"), "agent", "artifact", Untrusted)
	x.optText(x.get(a, "description"), x.join(ap, "description"), "agent", "artifact", Untrusted)
	parts := x.get(a, "parts")
	if parts.Exists() {
		x.a2aParts(parts, x.join(ap, "parts"), "agent")
	}
}

// quote quotes s for an error message, bounded to 64 bytes.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}
