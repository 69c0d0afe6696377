package wire

import (
	"strings"

	"github.com/tidwall/gjson"
)

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
	toolsets := map[string]bool{}
	if x.want(tools, "tools", true, "array") {
		x.each(tools, "tools", func(_ int, tp string, t gjson.Result) bool {
			if !x.want(t, tp, false, "object") {
				return false
			}
			typ := x.get(t, "type")
			switch ty := typ.String(); {
			case !typ.Exists() || ty == "custom":
				x.decl(x.get(t, "name"), x.get(t, "description"), x.get(t, "input_schema"), tp, t)
			case ty == "mcp_toolset":
				toolsets[x.get(t, "mcp_server_name").String()] = true
				x.anthropicToolset(t, tp)
			case anthropicClientTool(ty):
				// bash, text_editor, computer, memory: the client runs
				// them, and their tool_use blocks carry the name declared
				// here, judged like any tool.
				if name := x.get(t, "name"); name.Exists() {
					x.decl(name, gjson.Result{}, gjson.Result{}, tp, t)
				} else {
					x.skip(tp)
				}
			default:
				// Server tools run at Anthropic: web_search, web_fetch,
				// code_execution, tool_search, and types newer than this
				// code (allowed only by tools.default).
				x.grant(BuiltinPrefix+anthropicServerTool(ty), tp, t, CallGrant)
			}
			return x.err == nil
		})
	}
	servers := x.get(root, "mcp_servers")
	if x.want(servers, "mcp_servers", true, "array") {
		x.each(servers, "mcp_servers", func(_ int, sp string, srv gjson.Result) bool {
			if !x.want(srv, sp, false, "object") {
				return false
			}
			name := x.get(srv, "name")
			if !x.wantAt(name, sp, "name", false, "string") {
				return false
			}
			tc := x.get(srv, "tool_configuration")
			if !tc.Exists() && toolsets[name.Str] {
				return true // its mcp_toolset says which tools
			}
			if x.get(tc, "enabled").Type == gjson.False {
				return true
			}
			// Anthropic runs MCP tools without asking the client.
			names, all := x.mcpToolNames(x.get(tc, "allowed_tools"), x.join(x.join(sp, "tool_configuration"), "allowed_tools"))
			x.mcpGrants(name.Str, names, all, sp, srv)
			return x.err == nil
		})
	}
}

// anthropicToolset reads an mcp_toolset: every tool of its server unless
// default_config disables them, then those configs enable.
func (x *extractor) anthropicToolset(t gjson.Result, tp string) {
	server := x.get(t, "mcp_server_name")
	if !x.wantAt(server, tp, "mcp_server_name", false, "string") {
		return
	}
	if x.get(x.get(t, "default_config"), "enabled").Type != gjson.False {
		x.mcpGrants(server.Str, nil, true, tp, t)
		return
	}
	var names []string
	x.forEach(x.get(t, "configs"), func(k, c gjson.Result) bool {
		if x.get(c, "enabled").Type == gjson.True {
			names = append(names, k.String())
		}
		return true
	})
	x.mcpGrants(server.Str, names, false, tp, t)
}

func (x *extractor) mcpGrants(server string, names []string, all bool, path string, container gjson.Result) {
	if all {
		x.grant(BuiltinMCPName(server, "*"), path, container, CallGrant)
		return
	}
	for _, n := range names {
		x.grant(BuiltinMCPName(server, n), path, container, CallGrant)
	}
}

// anthropicClientTool reports whether a versioned tool type names a tool
// the client runs.
func anthropicClientTool(typ string) bool {
	for _, p := range []string{"bash_", "text_editor_", "computer_", "memory_"} {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}

// anthropicServerTool maps a server tool's type (web_search_20250305) or
// the name in its server_tool_use blocks (bash_code_execution) to its
// built-in name: one name per tool the request can grant.
func anthropicServerTool(s string) string {
	switch {
	case strings.HasPrefix(s, "web_search"):
		return "web_search"
	case strings.HasPrefix(s, "web_fetch"):
		return "web_fetch"
	case strings.HasPrefix(s, "code_execution"), s == "bash_code_execution", s == "text_editor_code_execution":
		return "code_execution"
	case strings.HasPrefix(s, "tool_search_tool"):
		return "tool_search"
	case strings.HasPrefix(s, "advisor"):
		return "advisor"
	}
	return s
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
		case "server_tool_use", "mcp_tool_use":
			x.anthropicProviderUse(t, b, bp)
		case "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result",
			"bash_code_execution_tool_result", "text_editor_code_execution_tool_result",
			"tool_search_tool_result", "advisor_tool_result", "mcp_tool_result":
			// What a tool the provider ran brought back: untrusted text.
			id := x.get(b, "tool_use_id").String()
			x.untrusted(x.get(b, "content"), x.join(bp, "content"), id, x.calls[id])
		case "mcp_tool_listing":
			x.untrusted(x.get(b, "tools"), x.join(bp, "tools"), "", "")
		case "compaction":
			// The model's own summary of the conversation so far.
			x.optText(x.get(b, "content"), x.join(bp, "content"), role, kind, trust)
		case "image", "thinking", "redacted_thinking", "container_upload", "fallback":
			x.skip(bp)
		default:
			x.shape(x.join(bp, "type"), "unknown content block type "+quote(t))
		}
		return x.err == nil
	})
}

// anthropicProviderUse reads a tool use the provider runs: in a response
// it is judged under builtin: (web_search, code_execution,
// mcp/<server>/<tool>); in a request's history it names its results.
func (x *extractor) anthropicProviderUse(typ string, b gjson.Result, bp string) {
	name := x.get(b, "name")
	if !x.wantAt(name, bp, "name", false, "string") {
		return
	}
	full := BuiltinPrefix + anthropicServerTool(name.Str)
	if typ == "mcp_tool_use" {
		server := x.get(b, "server_name")
		if !x.wantAt(server, bp, "server_name", false, "string") {
			return
		}
		full = BuiltinMCPName(server.Str, name.Str)
	}
	id := x.get(b, "id").String()
	x.rememberCall(id, full) // names its result block, which follows
	if x.p.Direction != Response {
		return
	}
	input := x.get(b, "input")
	if x.wantAt(input, bp, "input", true, "object") || !input.Exists() {
		x.builtinCall(full, id, bp, b, input)
	}
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
