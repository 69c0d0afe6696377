package rules

import "github.com/tidwall/gjson"

func (x *extractor) anthropic(root gjson.Result) {
	if x.p.Direction == Response {
		x.anthropicBlocks(x.get(root, "content"), "content", "assistant", Trusted)
		return
	}
	x.p.Stream = x.get(root, "stream").Type == gjson.True
	sys := x.get(root, "system")
	switch {
	case !sys.Exists():
	case sys.Type == gjson.String:
		x.optText(sys, "system", "system", "instructions", Trusted)
	case sys.IsArray():
		x.each(sys, "system", func(_ int, bp string, b gjson.Result) bool {
			x.optText(x.get(b, "text"), x.join(bp, "text"), "system", "instructions", Trusted)
			return x.err == nil
		})
	default:
		x.want(sys, "system", false, "string", "array")
	}
	msgs := x.get(root, "messages")
	if !x.want(msgs, "messages", false, "array") {
		return
	}
	x.each(msgs, "messages", func(_ int, mp string, m gjson.Result) bool {
		if !x.want(m, mp, false, "object") {
			return false
		}
		role := x.get(m, "role")
		if !x.wantAt(role, mp, "role", false, "string") {
			return false
		}
		var trust Trust
		switch role.Str {
		case "user":
			trust = User
		case "assistant":
			trust = Trusted
		default:
			x.shape(x.join(mp, "role"), "unknown role "+quote(role.Str))
			return false
		}
		c := x.get(m, "content")
		cp := x.join(mp, "content")
		switch {
		case c.Type == gjson.String:
			x.optText(c, cp, role.Str, "message", trust)
		case c.IsArray():
			x.anthropicBlocks(c, cp, role.Str, trust)
		default:
			x.want(c, cp, false, "string", "array")
		}
		return x.err == nil
	})
	tools := x.get(root, "tools")
	if x.want(tools, "tools", true, "array") {
		x.each(tools, "tools", func(_ int, tp string, t gjson.Result) bool {
			if x.get(t, "type").Exists() && x.get(t, "type").String() != "custom" {
				x.skip(tp) // server tools: web_search, bash, text_editor, ...
				return true
			}
			x.decl(x.get(t, "name"), x.get(t, "description"), x.get(t, "input_schema"), tp, t)
			return x.err == nil
		})
	}
}

// anthropicBlocks reads an array of content blocks of one message.
func (x *extractor) anthropicBlocks(blocks gjson.Result, path, role string, trust Trust) {
	if !x.want(blocks, path, false, "array") {
		return
	}
	kind := "message"
	if x.p.Direction == Response {
		kind = "model_output"
	}
	x.each(blocks, path, func(_ int, bp string, b gjson.Result) bool {
		if !x.want(b, bp, false, "object") {
			return false
		}
		switch t := x.get(b, "type").String(); t {
		case "text":
			x.optText(x.get(b, "text"), x.join(bp, "text"), role, kind, trust)
		case "tool_use":
			name := x.get(b, "name")
			if !x.wantAt(name, bp, "name", false, "string") {
				return false
			}
			id := x.get(b, "id").String()
			if x.p.Direction == Response {
				input := x.get(b, "input")
				if x.wantAt(input, bp, "input", true, "object") || !input.Exists() {
					x.call(name.Str, id, bp, b, input, false)
				}
			} else {
				x.rememberCall(id, name.Str)
			}
		case "tool_result":
			x.toolResult(b, bp)
		case "document":
			x.document(b, bp, "", "")
		case "search_result":
			x.optText(x.get(b, "title"), x.join(bp, "title"), "document", "document", Untrusted)
			x.textBlocks(x.get(b, "content"), x.join(bp, "content"), "", "")
		case "image", "thinking", "redacted_thinking", "server_tool_use",
			"web_search_tool_result", "container_upload":
			x.skip(bp)
		default:
			x.shape(x.join(bp, "type"), "unknown content block type "+quote(t))
		}
		return x.err == nil
	})
}

func (x *extractor) toolResult(b gjson.Result, bp string) {
	id := x.get(b, "tool_use_id").String()
	tool := x.calls[id]
	c := x.get(b, "content")
	cp := x.join(bp, "content")
	switch {
	case !c.Exists() || c.Type == gjson.Null:
	case c.Type == gjson.String:
		if s := x.optText(c, cp, "tool", "tool_result", Untrusted); s != nil {
			s.CallID, s.Tool = id, tool
		}
	case c.IsArray():
		x.each(c, cp, func(_ int, ip string, inner gjson.Result) bool {
			switch t := x.get(inner, "type").String(); t {
			case "text":
				if s := x.optText(x.get(inner, "text"), x.join(ip, "text"), "tool", "tool_result", Untrusted); s != nil {
					s.CallID, s.Tool = id, tool
				}
			case "document":
				x.document(inner, ip, id, tool)
			case "search_result":
				x.optText(x.get(inner, "title"), x.join(ip, "title"), "document", "document", Untrusted)
				x.textBlocks(x.get(inner, "content"), x.join(ip, "content"), id, tool)
			case "image":
				x.skip(ip)
			default:
				x.shape(x.join(ip, "type"), "unknown tool_result block type "+quote(t))
			}
			return x.err == nil
		})
	default:
		x.want(c, cp, false, "string", "array", "null")
	}
}

// document reads a document block: plain-text or content sources carry
// text; base64 PDFs and URLs are skipped (reported in Payload.Skipped).
func (x *extractor) document(b gjson.Result, bp, callID, tool string) {
	mark := func(s *Segment) {
		if s != nil {
			s.CallID, s.Tool = callID, tool
		}
	}
	mark(x.optText(x.get(b, "title"), x.join(bp, "title"), "document", "document", Untrusted))
	mark(x.optText(x.get(b, "context"), x.join(bp, "context"), "document", "document", Untrusted))
	src := x.get(b, "source")
	sp := x.join(bp, "source")
	switch x.get(src, "type").String() {
	case "text":
		mark(x.optText(x.get(src, "data"), x.join(sp, "data"), "document", "document", Untrusted))
	case "content":
		c := x.get(src, "content")
		if c.Type == gjson.String {
			mark(x.optText(c, x.join(sp, "content"), "document", "document", Untrusted))
		} else {
			x.textBlocks(c, x.join(sp, "content"), callID, tool)
		}
	default:
		x.skip(sp)
	}
}

// textBlocks reads an array of {type:"text", text} blocks as untrusted.
func (x *extractor) textBlocks(c gjson.Result, cp, callID, tool string) {
	if !x.want(c, cp, true, "array") {
		return
	}
	x.each(c, cp, func(_ int, ip string, inner gjson.Result) bool {
		if x.get(inner, "type").String() == "text" {
			if s := x.optText(x.get(inner, "text"), x.join(ip, "text"), "document", "document", Untrusted); s != nil {
				s.CallID, s.Tool = callID, tool
			}
		} else {
			x.skip(ip)
		}
		return x.err == nil
	})
}
