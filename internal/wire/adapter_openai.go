package wire

import (
	"strings"

	"github.com/tidwall/gjson"
)

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
			x.responsesTool(t, tp)
			return x.err == nil
		})
	}
}

// responsesTool reads one entry of a Responses request's tools: functions
// are declared; every built-in tool is a grant the gateway judges.
func (x *extractor) responsesTool(t gjson.Result, tp string) {
	if !x.want(t, tp, false, "object") {
		return
	}
	typ := x.get(t, "type")
	if !x.wantAt(typ, tp, "type", false, "string") {
		return
	}
	switch ty := typ.Str; {
	case ty == "function" || ty == "custom":
		x.decl(x.get(t, "name"), x.get(t, "description"), x.get(t, "parameters"), tp, t)
	case ty == "namespace":
		// A named group of functions: each is declared like any other.
		x.each(x.get(t, "tools"), x.join(tp, "tools"), func(_ int, np string, n gjson.Result) bool {
			x.responsesTool(n, np)
			return x.err == nil
		})
	case ty == "local_shell" || ty == "apply_patch":
		x.grant(BuiltinPrefix+ty, tp, t, CallClientGrant)
	case ty == "computer" || ty == "computer_use_preview":
		x.grant(BuiltinPrefix+"computer", tp, t, CallClientGrant)
	case ty == "shell":
		// A shell in a hosted container runs at the provider.
		kind := CallGrant
		if env := x.get(t, "environment"); !env.Exists() || env.Type == gjson.Null || x.get(env, "type").String() == "local" {
			kind = CallClientGrant
		}
		x.grant(BuiltinPrefix+"shell", tp, t, kind)
	case ty == "tool_search":
		kind := CallGrant
		if x.get(t, "execution").String() == "client" {
			kind = CallClientGrant
		}
		x.grant(BuiltinPrefix+"tool_search", tp, t, kind)
	case strings.HasPrefix(ty, "web_search"):
		x.grant(BuiltinPrefix+"web_search", tp, t, CallGrant)
	case ty == "mcp":
		x.openAIMCPGrant(t, tp)
	default:
		// file_search, code_interpreter, image_generation,
		// programmatic_tool_calling, and types newer than this code: the
		// provider runs them. An unknown type can only be allowed by
		// tools.default.
		x.grant(BuiltinPrefix+ty, tp, t, CallGrant)
	}
}

// grant adds a request's offer of a built-in tool as a call to judge.
func (x *extractor) grant(name, path string, t gjson.Result, kind CallKind) {
	x.p.Calls = append(x.p.Calls, ToolCall{Name: name, Path: path, Args: []byte("{}"),
		Start: t.Index, End: t.Index + len(t.Raw), Kind: kind})
}

// builtinCall adds an item of the API's own as a call named
// builtin:<name>, with args (an object) as its arguments.
func (x *extractor) builtinCall(name, id, path string, item, args gjson.Result) {
	x.call(name, id, path, item, args, false)
	x.p.Calls[len(x.p.Calls)-1].Kind = CallBuiltin
}

// openAIMCPGrant reads a remote MCP server offered to a Responses model.
// Tools that need the client's approval come back as mcp_approval_request
// items, judged then; tools that run without approval (require_approval
// "never", or named under never) are grants now, one per tool, or
// builtin:mcp/<server>/* when the request does not say which.
func (x *extractor) openAIMCPGrant(t gjson.Result, tp string) {
	label := x.get(t, "server_label")
	if !x.wantAt(label, tp, "server_label", false, "string") {
		return
	}
	allowed, allowedAll := x.mcpToolNames(x.get(t, "allowed_tools"), x.join(tp, "allowed_tools"))
	ra := x.get(t, "require_approval")
	rp := x.join(tp, "require_approval")
	var free []string
	freeAll := false
	switch {
	case !ra.Exists() || ra.Type == gjson.Null:
		// OpenAI asks for approval by default.
	case ra.Type == gjson.String:
		switch ra.Str {
		case "always":
		case "never":
			free, freeAll = allowed, allowedAll
		default:
			x.shape(rp, "unknown value "+quote(ra.Str)+" (want always or never)")
			return
		}
	case ra.IsObject():
		nv := x.get(ra, "never")
		if nv.Exists() && nv.Type != gjson.Null {
			names, all := x.mcpToolNames(nv, x.join(rp, "never"))
			if all {
				// read_only or no list: the server decides which tools
				// that is, so count every allowed tool.
				names, all = allowed, allowedAll
			}
			free, freeAll = names, all
		}
	default:
		x.want(ra, rp, false, "string", "object", "null")
		return
	}
	if x.err != nil {
		return
	}
	if freeAll {
		x.grant(BuiltinMCPName(label.Str, "*"), tp, t, CallGrant)
		return
	}
	for _, n := range free {
		x.grant(BuiltinMCPName(label.Str, n), tp, t, CallGrant)
	}
}

// mcpToolNames reads a tool filter: an array of names or an object with
// tool_names (and read_only). all is set when the filter does not name
// the tools (absent, null, or read_only).
func (x *extractor) mcpToolNames(v gjson.Result, path string) (names []string, all bool) {
	list := v
	switch {
	case !v.Exists() || v.Type == gjson.Null:
		return nil, true
	case v.IsObject():
		if x.get(v, "read_only").Type == gjson.True {
			return nil, true
		}
		list = x.get(v, "tool_names")
		path = x.join(path, "tool_names")
		if !list.Exists() || list.Type == gjson.Null {
			return nil, true
		}
	}
	if !x.want(list, path, false, "array") {
		return nil, true
	}
	x.each(list, path, func(_ int, np string, n gjson.Result) bool {
		if x.want(n, np, false, "string") {
			names = append(names, n.Str)
		}
		return x.err == nil
	})
	return names, false
}

// opaqueKeys are members of tool output that never reach a model as text:
// ids, types, states, encrypted or base64 blobs.
var opaqueKeys = map[string]bool{"type": true, "id": true, "call_id": true, "tool_use_id": true,
	"encrypted_content": true, "encrypted_index": true, "signature": true, "file_id": true, "media_type": true,
	"image_url": true, "container_id": true, "status": true, "retrieved_at": true, "page_age": true,
	"created_by": true, "fingerprint": true, "error_code": true}

// untrusted adds every string inside a tool's output as untrusted text,
// except opaqueKeys and the data of base64 sources.
func (x *extractor) untrusted(v gjson.Result, path, callID, tool string) {
	switch {
	case v.Type == gjson.String:
		if v.Str != "" {
			s := x.text(v, path, "tool", "tool_result", Untrusted)
			s.CallID, s.Tool = callID, tool
		}
	case v.IsObject():
		b64 := x.get(v, "type").String() == "base64"
		x.forEach(v, func(k, c gjson.Result) bool {
			key := k.String()
			if opaqueKeys[key] || b64 && key == "data" {
				return true
			}
			x.untrusted(c, x.join(path, EscapePathKey(key)), callID, tool)
			return x.err == nil
		})
	case v.IsArray():
		x.each(v, path, func(_ int, ep string, c gjson.Result) bool {
			x.untrusted(c, ep, callID, tool)
			return x.err == nil
		})
	}
}

// builtinNames maps the Responses items that make the client or the
// provider act to their built-in names.
var builtinNames = map[string]string{
	"local_shell_call": "local_shell", "shell_call": "shell", "apply_patch_call": "apply_patch",
	"computer_call": "computer", "web_search_call": "web_search", "file_search_call": "file_search",
	"code_interpreter_call": "code_interpreter", "image_generation_call": "image_generation",
	"tool_search_call": "tool_search", "program": "programmatic_tool_calling",
}

// responsesToolOutput reads the output of a tool the client or the
// provider ran, in a request's input or a response's output, as untrusted
// text. It reports whether typ is such an item.
func (x *extractor) responsesToolOutput(typ string, it gjson.Result, ip string) bool {
	callID := x.get(it, "call_id").String()
	var field string
	switch typ {
	case "local_shell_call_output":
		if callID == "" {
			callID = x.get(it, "id").String() // this item names its call by id
		}
		field = "output"
	case "shell_call_output", "apply_patch_call_output", "computer_call_output":
		field = "output"
	case "program_output":
		field = "result"
	case "tool_search_output", "mcp_list_tools":
		field = "tools"
		x.untrusted(x.get(it, "error"), x.join(ip, "error"), callID, "")
	case "code_interpreter_call":
		field = "outputs"
	case "mcp_call":
		x.untrusted(x.get(it, "error"), x.join(ip, "error"), callID, "")
		field = "output"
	default:
		return false
	}
	x.untrusted(x.get(it, field), x.join(ip, field), callID, x.calls[callID])
	return true
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
	case "local_shell_call", "shell_call", "apply_patch_call", "computer_call":
		x.rememberCall(x.get(it, "call_id").String(), BuiltinPrefix+builtinNames[typ])
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
	case "file_search_call":
		x.each(x.get(it, "results"), x.join(ip, "results"), func(_ int, rp string, r gjson.Result) bool {
			x.optText(x.get(r, "text"), x.join(rp, "text"), "tool", "document", Untrusted)
			return x.err == nil
		})
	default:
		if !x.responsesToolOutput(typ, it, ip) {
			x.skip(ip)
		}
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
		case "mcp_call", "mcp_approval_request":
			// A remote MCP tool the provider runs (or asks the client to
			// approve): judged under builtin:mcp/<server>/<tool>.
			label, name := x.get(it, "server_label"), x.get(it, "name")
			if !x.wantAt(label, ip, "server_label", false, "string") || !x.wantAt(name, ip, "name", false, "string") {
				return false
			}
			args := x.get(it, "arguments")
			if !x.wantAt(args, ip, "arguments", true, "string") && args.Exists() {
				return false
			}
			x.call(BuiltinMCPName(label.Str, name.Str), x.get(it, "id").String(), ip, it, args, true)
			x.p.Calls[len(x.p.Calls)-1].Kind = CallBuiltin
			if t == "mcp_call" {
				x.responsesToolOutput(t, it, ip)
			}
		default:
			if b, ok := builtinNames[t]; ok {
				x.responsesBuiltinItem(b, it, ip)
			} else if !x.responsesToolOutput(t, it, ip) {
				x.skip(ip) // reasoning, compaction, ...
			}
		}
		return x.err == nil
	})
}

// responsesBuiltinItem judges an item that makes the client or the
// provider act, with the object that says what to do as its arguments.
func (x *extractor) responsesBuiltinItem(name string, it gjson.Result, ip string) {
	id := x.get(it, "call_id").String()
	if id == "" {
		id = x.get(it, "id").String()
	}
	var args gjson.Result
	switch name {
	case "local_shell", "shell", "web_search":
		args = x.get(it, "action")
	case "apply_patch":
		args = x.get(it, "operation")
	case "computer":
		// One action, or a batch of them.
		if args = x.get(it, "action"); !args.Exists() || args.Type == gjson.Null {
			if acts := x.get(it, "actions"); acts.Exists() {
				args = gjson.Parse(`{"actions":` + acts.Raw + `}`)
			}
		}
	case "tool_search":
		if args = x.get(it, "arguments"); args.Exists() && !args.IsObject() && args.Type != gjson.Null {
			args = gjson.Parse(`{"arguments":` + args.Raw + `}`)
		}
	case "file_search":
		args = gjson.Parse(`{"queries":` + orNull(x.get(it, "queries")) + `}`)
		x.each(x.get(it, "results"), x.join(ip, "results"), func(_ int, rp string, r gjson.Result) bool {
			x.optText(x.get(r, "text"), x.join(rp, "text"), "tool", "document", Untrusted)
			return x.err == nil
		})
	case "code_interpreter", "programmatic_tool_calling":
		args = gjson.Parse(`{"code":` + orNull(x.get(it, "code")) + `}`)
		x.responsesToolOutput("code_interpreter_call", it, ip)
	}
	x.builtinCall(BuiltinPrefix+name, id, ip, it, args)
}

func orNull(v gjson.Result) string {
	if !v.Exists() {
		return "null"
	}
	return v.Raw
}
