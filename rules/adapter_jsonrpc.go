package rules

import (
	"strconv"

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
		msg.Method = x.methods[msg.ID]
		x.p.RPC = append(x.p.RPC, msg)
		if rpcErr.Exists() {
			if x.want(rpcErr, at("error"), false, "object") {
				x.optText(x.get(rpcErr, "message"), at("error.message"), "tool", "error", Untrusted)
				x.leaves(x.get(rpcErr, "data"), at("error.data"), "tool", "error", Untrusted)
			}
			return
		}
		if x.p.Format == FormatA2A {
			x.a2aResult(result, at("result"))
		} else {
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
	case "sampling/createMessage":
		// The server asks the client's model to complete its messages: the
		// whole text is server-authored.
		x.optText(x.get(params, "systemPrompt"), x.join(pp, "systemPrompt"), "tool", "sampling", Untrusted)
		x.each(x.get(params, "messages"), x.join(pp, "messages"), func(_ int, sp string, s gjson.Result) bool {
			x.mcpContent(x.get(s, "content"), x.join(sp, "content"), "sampling")
			return x.err == nil
		})
	case "elicitation/create":
		x.optText(x.get(params, "message"), x.join(pp, "message"), "tool", "elicitation", Untrusted)
	}
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
		x.each(x.get(r, "tools"), x.join(rp, "tools"), func(_ int, tp string, t gjson.Result) bool {
			if !x.want(t, tp, false, "object") {
				return false
			}
			x.decl(x.get(t, "name"), x.get(t, "description"), x.get(t, "inputSchema"), tp, t)
			if x.err == nil {
				name := x.get(t, "name").Str
				for _, k := range [...]string{"title", "description"} {
					if s := x.optText(x.get(t, k), x.join(tp, k), "tool", "tool_description", Untrusted); s != nil {
						s.Tool = name
					}
				}
				// Descriptions inside the input schema reach the model too.
				x.schemaDescriptions(x.get(t, "inputSchema"), x.join(tp, "inputSchema"), name)
			}
			return x.err == nil
		})
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
	}
}

// schemaDescriptions adds the description strings of a JSON schema's
// properties (recursively, bounded by the JSON depth limit).
func (x *extractor) schemaDescriptions(s gjson.Result, sp, tool string) {
	if !s.IsObject() {
		return
	}
	x.get(s, "properties").ForEach(func(k, prop gjson.Result) bool {
		pp := sp + ".properties." + escapePathKey(k.String())
		if d := x.get(prop, "description"); d.Type == gjson.String && d.Str != "" {
			seg := x.text(d, x.join(pp, "description"), "tool", "tool_description", Untrusted)
			seg.Tool = tool
		}
		x.schemaDescriptions(prop, pp, tool)
		if items := x.get(prop, "items"); items.IsObject() {
			x.schemaDescriptions(items, x.join(pp, "items"), tool)
		}
		return x.err == nil
	})
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
			x.optText(x.get(b, "description"), x.join(bp, "description"), "tool", kind, Untrusted)
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
