package rules

import "github.com/tidwall/gjson"

// roleTrust maps an OpenAI chat role to its trust class.
func chatRoleTrust(role string) (Trust, string, bool) {
	switch role {
	case "system", "developer":
		return Trusted, "message", true
	case "assistant":
		return Trusted, "message", true
	case "user":
		return User, "message", true
	case "tool", "function":
		return Untrusted, "tool_result", true
	}
	return Untrusted, "", false
}

func (x *extractor) openAIChat(root gjson.Result) {
	if x.p.Direction == Response {
		x.openAIChatResponse(root)
		return
	}
	var f [maxPick]gjson.Result
	x.pick(&f, root, "stream", "messages", "tools", "functions")
	x.p.Stream = f[0].Type == gjson.True
	msgs := f[1]
	if !x.want(msgs, "messages", false, "array") {
		return
	}
	x.each(msgs, "messages", func(_ int, mp string, m gjson.Result) bool {
		if !x.want(m, mp, false, "object") {
			return false
		}
		// One pass over the message: SDKs write role after a possibly
		// large content, so repeated Gets would rescan it.
		var f [maxPick]gjson.Result
		x.pick(&f, m, "role", "content", "tool_calls", "tool_call_id", "name")
		role, content, toolCalls, callIDv, name := &f[0], f[1], f[2], &f[3], &f[4]
		if !x.wantAt(*role, mp, "role", false, "string") {
			return false
		}
		trust, kind, ok := chatRoleTrust(role.Str)
		if !ok {
			x.shape(x.join(mp, "role"), "unknown role "+quote(role.Str))
			return false
		}
		if role.Str == "assistant" {
			x.chatHistoryCalls(toolCalls, mp)
		}
		var callID, tool string
		switch role.Str {
		case "tool":
			callID = callIDv.String()
			tool = x.calls[callID]
		case "function":
			tool = name.String()
		}
		x.chatContent(content, x.join(mp, "content"), role.Str, kind, trust, callID, tool)
		return x.err == nil
	})
	x.chatTools(f[2], f[3])
}

// chatContent reads a message content: a string, an array of parts, or null.
func (x *extractor) chatContent(c gjson.Result, path, role, kind string, trust Trust, callID, tool string) {
	add := func(s *Segment) {
		if s != nil {
			s.CallID, s.Tool = callID, tool
		}
	}
	switch {
	case !c.Exists() || c.Type == gjson.Null:
	case c.Type == gjson.String:
		add(x.optText(c, path, role, kind, trust))
	case c.IsArray():
		x.each(c, path, func(_ int, pp string, part gjson.Result) bool {
			if !x.want(part, pp, false, "object") {
				return false
			}
			switch t := x.get(part, "type").String(); t {
			case "text":
				add(x.optText(x.get(part, "text"), x.join(pp, "text"), role, kind, trust))
			case "refusal":
				add(x.optText(x.get(part, "refusal"), x.join(pp, "refusal"), role, kind, trust))
			case "image_url", "input_audio", "file":
				x.skip(pp)
			default:
				x.shape(x.join(pp, "type"), "unknown content part type "+quote(t))
			}
			return x.err == nil
		})
	default:
		x.want(c, path, false, "string", "array", "null")
	}
}

// chatHistoryCalls remembers the ids of earlier tool calls so tool results
// can name their tool.
func (x *extractor) chatHistoryCalls(tc gjson.Result, mp string) {
	if !x.wantAt(tc, mp, "tool_calls", true, "array", "null") || !tc.IsArray() {
		return
	}
	x.forEach(tc, func(_, c gjson.Result) bool {
		x.rememberCall(x.get(c, "id").String(), x.get(c, "function.name").String())
		return true
	})
}

func (x *extractor) chatTools(tools, fns gjson.Result) {
	if x.want(tools, "tools", true, "array") {
		x.each(tools, "tools", func(_ int, tp string, t gjson.Result) bool {
			switch x.get(t, "type").String() {
			case "function":
				fn := x.get(t, "function")
				x.decl(x.get(fn, "name"), x.get(fn, "description"), x.get(fn, "parameters"), x.join(tp, "function"), t)
			case "custom":
				c := x.get(t, "custom")
				x.decl(x.get(c, "name"), x.get(c, "description"), gjson.Result{}, x.join(tp, "custom"), t)
			default:
				x.skip(tp)
			}
			return x.err == nil
		})
	}
	if x.want(fns, "functions", true, "array") {
		x.each(fns, "functions", func(_ int, fp string, f gjson.Result) bool {
			x.decl(x.get(f, "name"), x.get(f, "description"), x.get(f, "parameters"), fp, f)
			return x.err == nil
		})
	}
}

// decl adds a tool declaration; the name must be a string.
func (x *extractor) decl(name, desc, schema gjson.Result, path string, container gjson.Result) {
	if !x.wantAt(name, path, "name", false, "string") {
		return
	}
	d := ToolDecl{Name: name.Str, Description: desc.String(), Path: path,
		Start: container.Index, End: container.Index + len(container.Raw)}
	if schema.Exists() {
		d.Schema = []byte(schema.Raw)
	}
	x.p.Tools = append(x.p.Tools, d)
}

func (x *extractor) openAIChatResponse(root gjson.Result) {
	choices := x.get(root, "choices")
	if !x.want(choices, "choices", false, "array") {
		return
	}
	x.each(choices, "choices", func(_ int, cp string, ch gjson.Result) bool {
		msg := x.get(ch, "message")
		mp := x.join(cp, "message")
		if !msg.Exists() {
			// a streamed chunk carries delta instead of message
			msg, mp = x.get(ch, "delta"), x.join(cp, "delta")
		}
		if !x.want(msg, mp, false, "object") {
			return false
		}
		x.optText(x.get(msg, "content"), x.join(mp, "content"), "assistant", "model_output", Trusted)
		x.optText(x.get(msg, "refusal"), x.join(mp, "refusal"), "assistant", "model_output", Trusted)
		tcs := x.get(msg, "tool_calls")
		if x.wantAt(tcs, mp, "tool_calls", true, "array", "null") && tcs.IsArray() {
			x.each(tcs, x.join(mp, "tool_calls"), func(_ int, tp string, tc gjson.Result) bool {
				x.chatToolCall(tc, tp)
				return x.err == nil
			})
		}
		if fc := x.get(msg, "function_call"); fc.Exists() && fc.Type != gjson.Null {
			fp := x.join(mp, "function_call")
			if x.want(fc, fp, false, "object") && x.wantAt(x.get(fc, "name"), fp, "name", false, "string") {
				x.call(x.get(fc, "name").Str, "", fp, fc, x.get(fc, "arguments"), true)
			}
		}
		return x.err == nil
	})
}

func (x *extractor) chatToolCall(tc gjson.Result, tp string) {
	if !x.want(tc, tp, false, "object") {
		return
	}
	id := x.get(tc, "id").String()
	switch t := x.get(tc, "type").String(); t {
	case "function", "":
		fn := x.get(tc, "function")
		if !x.wantAt(fn, tp, "function", false, "object") ||
			!x.wantAt(x.get(fn, "name"), tp, "function.name", false, "string") {
			return
		}
		args := x.get(fn, "arguments")
		if !x.wantAt(args, tp, "function.arguments", true, "string") && args.Exists() {
			return
		}
		x.call(x.get(fn, "name").Str, id, tp, tc, args, true)
	case "custom":
		c := x.get(tc, "custom")
		if !x.wantAt(x.get(c, "name"), tp, "custom.name", false, "string") {
			return
		}
		x.call(x.get(c, "name").Str, id, tp, tc, wrapInput(x.get(c, "input")), false)
	default:
		x.shape(x.join(tp, "type"), "unknown tool call type "+quote(t))
	}
}

// wrapInput presents a free-form custom tool input as {"input": "..."} so the
// tool gateway can constrain it like any argument.
func wrapInput(in gjson.Result) gjson.Result {
	raw := `{"input":` + in.Raw + `}`
	if !in.Exists() {
		raw = `{}`
	}
	return gjson.Parse(raw)
}

func (x *extractor) openAIResponses(root gjson.Result) {
	if x.p.Direction == Response {
		x.responsesOutput(x.get(root, "output"), "output")
		return
	}
	x.p.Stream = x.get(root, "stream").Type == gjson.True
	x.optText(x.get(root, "instructions"), "instructions", "system", "instructions", Trusted)
	in := x.get(root, "input")
	switch {
	case in.Type == gjson.String:
		x.optText(in, "input", "user", "message", User)
	case in.IsArray():
		x.each(in, "input", func(_ int, ip string, it gjson.Result) bool {
			x.responsesInputItem(it, ip)
			return x.err == nil
		})
	default:
		x.want(in, "input", false, "string", "array")
	}
	tools := x.get(root, "tools")
	if x.want(tools, "tools", true, "array") {
		x.each(tools, "tools", func(_ int, tp string, t gjson.Result) bool {
			switch x.get(t, "type").String() {
			case "function", "custom":
				x.decl(x.get(t, "name"), x.get(t, "description"), x.get(t, "parameters"), tp, t)
			default:
				x.skip(tp) // hosted tools: web_search, file_search, mcp, ...
			}
			return x.err == nil
		})
	}
}

func (x *extractor) responsesInputItem(it gjson.Result, ip string) {
	if !x.want(it, ip, false, "object") {
		return
	}
	typ := x.get(it, "type").String()
	if typ == "" && x.get(it, "role").Exists() {
		typ = "message"
	}
	switch typ {
	case "message":
		role := x.get(it, "role")
		if !x.wantAt(role, ip, "role", false, "string") {
			return
		}
		trust, _, ok := chatRoleTrust(role.Str)
		if !ok || role.Str == "tool" || role.Str == "function" {
			x.shape(x.join(ip, "role"), "unknown role "+quote(role.Str))
			return
		}
		c := x.get(it, "content")
		cp := x.join(ip, "content")
		switch {
		case c.Type == gjson.String:
			x.optText(c, cp, role.Str, "message", trust)
		case c.IsArray():
			x.each(c, cp, func(_ int, pp string, part gjson.Result) bool {
				switch t := x.get(part, "type").String(); t {
				case "input_text", "output_text":
					x.optText(x.get(part, "text"), x.join(pp, "text"), role.Str, "message", trust)
				case "refusal":
					x.optText(x.get(part, "refusal"), x.join(pp, "refusal"), role.Str, "message", trust)
				case "input_image", "input_file", "input_audio":
					x.skip(pp)
				default:
					x.shape(x.join(pp, "type"), "unknown content part type "+quote(t))
				}
				return x.err == nil
			})
		default:
			x.want(c, cp, false, "string", "array")
		}
	case "function_call", "custom_tool_call":
		x.rememberCall(x.get(it, "call_id").String(), x.get(it, "name").String())
	case "function_call_output", "custom_tool_call_output":
		callID := x.get(it, "call_id").String()
		out := x.get(it, "output")
		op := x.join(ip, "output")
		add := func(s *Segment) {
			if s != nil {
				s.CallID, s.Tool = callID, x.calls[callID]
			}
		}
		switch {
		case out.Type == gjson.String:
			add(x.optText(out, op, "tool", "tool_result", Untrusted))
		case out.IsArray():
			x.each(out, op, func(_ int, pp string, part gjson.Result) bool {
				if x.get(part, "type").String() == "input_text" {
					add(x.optText(x.get(part, "text"), x.join(pp, "text"), "tool", "tool_result", Untrusted))
				} else {
					x.skip(pp)
				}
				return x.err == nil
			})
		default:
			x.want(out, op, false, "string", "array")
		}
	case "reasoning", "item_reference":
	case "mcp_call":
		x.optText(x.get(it, "output"), x.join(ip, "output"), "tool", "tool_result", Untrusted)
	case "file_search_call":
		x.each(x.get(it, "results"), x.join(ip, "results"), func(_ int, rp string, r gjson.Result) bool {
			x.optText(x.get(r, "text"), x.join(rp, "text"), "tool", "document", Untrusted)
			return x.err == nil
		})
	default:
		x.skip(ip)
	}
}

func (x *extractor) responsesOutput(out gjson.Result, path string) {
	if !x.want(out, path, false, "array") {
		return
	}
	x.each(out, path, func(_ int, ip string, it gjson.Result) bool {
		switch t := x.get(it, "type").String(); t {
		case "message":
			x.each(x.get(it, "content"), x.join(ip, "content"), func(_ int, pp string, part gjson.Result) bool {
				switch x.get(part, "type").String() {
				case "output_text":
					x.optText(x.get(part, "text"), x.join(pp, "text"), "assistant", "model_output", Trusted)
				case "refusal":
					x.optText(x.get(part, "refusal"), x.join(pp, "refusal"), "assistant", "model_output", Trusted)
				}
				return x.err == nil
			})
		case "function_call":
			if !x.wantAt(x.get(it, "name"), ip, "name", false, "string") {
				return false
			}
			args := x.get(it, "arguments")
			if !x.wantAt(args, ip, "arguments", true, "string") && args.Exists() {
				return false
			}
			x.call(x.get(it, "name").Str, x.get(it, "call_id").String(), ip, it, args, true)
		case "custom_tool_call":
			if !x.wantAt(x.get(it, "name"), ip, "name", false, "string") {
				return false
			}
			x.call(x.get(it, "name").Str, x.get(it, "call_id").String(), ip, it, wrapInput(x.get(it, "input")), false)
		default:
			x.skip(ip) // reasoning, web_search_call, ...
		}
		return x.err == nil
	})
}
