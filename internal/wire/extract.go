package wire

import (
	"errors"
	"slices"
	"strconv"
	"unsafe"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/tidwall/gjson"
)

// ErrUnknownFormat is returned (wrapped) when a body is valid JSON but is not
// one of the formats we read. It is reported as such, never guessed.
var ErrUnknownFormat = errors.New("unknown format")

// ShapeError says that a body of a known format has a field of the wrong
// type or a missing required field.
type ShapeError struct {
	Format Format
	Path   string
	Msg    string
}

func (e *ShapeError) Error() string {
	return "bad_shape: " + e.Format.String() + " " + e.Path + ": " + e.Msg
}

// ExtractOptions steer Extract.
type ExtractOptions struct {
	// Format is the format when the caller knows it (from the route); zero
	// means detect from the body.
	Format    Format
	Direction Direction
	// MaxDepth bounds JSON nesting (jsonx.DefaultMaxDepth when zero).
	MaxDepth int
	// RequestMethods maps a JSON-RPC request id (raw JSON) to its method,
	// so a response can be read as the answer to that method. Without it,
	// results are read by their shape.
	RequestMethods map[string]string
}

// Extract validates body strictly (see jsonx.Check) and extracts its segments,
// tool calls and tool declarations. Errors are *jsonx.Error, *ShapeError or
// wrap ErrUnknownFormat.
//
// The strings in the returned Payload may alias body: the caller must not
// modify body while it uses the Payload.
func Extract(body []byte, opt ExtractOptions) (*Payload, error) {
	return extract(body, opt, true)
}

// extract is Extract, reading the body through a tape or (for the test
// that holds the two to the same answers) with gjson alone.
func extract(body []byte, opt ExtractOptions, useTape bool) (*Payload, error) {
	var t *jsonx.Tape
	if useTape {
		t = jsonx.GetTape(bytesView(body))
		defer t.Release()
	}
	if err := jsonx.CheckTape(body, opt.MaxDepth, t); err != nil {
		return nil, err
	}
	root := gjson.Parse(bytesView(body))
	x := &extractor{p: &Payload{Direction: opt.Direction}, methods: opt.RequestMethods, t: t}
	f := opt.Format
	if f == FormatUnknown {
		f = x.detectFormat(root, opt.Direction)
		if f == FormatUnknown {
			return nil, unknownFormatError(root, opt.Direction)
		}
	}
	x.p.Format = f
	switch f {
	case FormatOpenAIChat:
		x.openAIChat(root)
	case FormatOpenAIResponses:
		x.openAIResponses(root)
	case FormatAnthropic:
		x.anthropic(root)
	case FormatMCP, FormatA2A:
		x.jsonRPC(root)
	default:
		return nil, unknownFormatError(root, opt.Direction)
	}
	if x.err != nil {
		return nil, x.err
	}
	return x.p, nil
}

// bytesView returns body as a string without copying. Extract never writes
// to body, and results that alias it are documented as such.
func bytesView(b []byte) string {
	return jsonx.BytesView(b)
}

func unknownFormatError(root gjson.Result, d Direction) error {
	what := "a JSON " + JSONTypeName(root)
	if root.IsObject() {
		var keys []string
		root.ForEach(func(k, _ gjson.Result) bool {
			keys = append(keys, strconv.Quote(k.String()))
			return len(keys) < 6
		})
		what = "an object with keys ["
		for i, k := range keys {
			if i > 0 {
				what += " "
			}
			what += k
		}
		what += "]"
	}
	return errors.Join(ErrUnknownFormat, errors.New("the "+d.String()+" body is "+what+
		", not an OpenAI Chat/Responses, Anthropic Messages, MCP or A2A "+d.String()))
}

// a2aMethods are the JSON-RPC methods of the A2A protocol; every other
// JSON-RPC method is read as MCP.
var a2aMethods = map[string]bool{
	"message/send": true, "message/stream": true, "tasks/get": true, "tasks/cancel": true,
	"tasks/resubscribe": true, "tasks/pushNotificationConfig/set": true,
	"tasks/pushNotificationConfig/get": true, "tasks/pushNotificationConfig/list": true,
	"tasks/pushNotificationConfig/delete": true, "agent/getAuthenticatedExtendedCard": true,
	// A2A 0.3+ names
	"SendMessage": true, "SendStreamingMessage": true, "GetTask": true, "CancelTask": true,
}

// detectFormat reads the format from the body's shape. It only answers when
// the shape is specific to one format.
func (x *extractor) detectFormat(root gjson.Result, d Direction) Format {
	if root.IsArray() {
		if x.isJSONRPC(x.get(root, "0")) {
			return x.jsonRPCFormat(root)
		}
		return FormatUnknown
	}
	if !root.IsObject() {
		return FormatUnknown
	}
	// One pass over the top-level keys: each Get would rescan the body.
	var f [maxPick]gjson.Result
	x.pick(&f, root, "jsonrpc", "messages", "system", "tools", "input", "model", "object", "type", "content", "choices", "output")
	jsonrpc, messages, system, tools, input, model := f[0], f[1], f[2], f[3], f[4], f[5]
	object, typ, content, choices, output := f[6], f[7], f[8], f[9], f[10]
	if jsonrpc.String() == "2.0" {
		return x.jsonRPCFormat(root)
	}
	if d == Request {
		if messages.IsArray() {
			if system.Exists() || x.get(tools, "0.input_schema").Exists() || x.isAnthropicMessages(messages) {
				return FormatAnthropic
			}
			return FormatOpenAIChat
		}
		if input.Exists() && model.Exists() {
			return FormatOpenAIResponses
		}
		return FormatUnknown
	}
	switch obj := object.String(); {
	case obj == "chat.completion" || obj == "chat.completion.chunk":
		return FormatOpenAIChat
	case obj == "response":
		return FormatOpenAIResponses
	case typ.String() == "message" && content.IsArray():
		return FormatAnthropic
	case choices.IsArray():
		return FormatOpenAIChat
	case output.IsArray() && model.Exists():
		return FormatOpenAIResponses
	}
	return FormatUnknown
}

// isAnthropicMessages tells Anthropic Messages from OpenAI Chat by the
// messages alone (the caller has checked system and tools): typed Anthropic
// content blocks mean Anthropic, OpenAI-only roles mean OpenAI. A body with
// neither is plain user/assistant text, which both adapters read the same
// way.
func (x *extractor) isAnthropicMessages(messages gjson.Result) bool {
	anthropic := false
	x.forEach(messages, func(_, m gjson.Result) bool {
		var f [maxPick]gjson.Result
		x.pick(&f, m, "role", "content")
		switch f[0].String() {
		case "system", "developer", "tool", "function":
			return false // OpenAI-only roles
		}
		if !f[1].IsArray() {
			return true
		}
		x.forEach(f[1], func(_, b gjson.Result) bool {
			switch x.get(b, "type").String() {
			case "tool_use", "tool_result", "document", "search_result", "thinking", "redacted_thinking":
				anthropic = true
			}
			return !anthropic
		})
		return !anthropic
	})
	return anthropic
}

func (x *extractor) isJSONRPC(v gjson.Result) bool {
	return v.IsObject() && x.get(v, "jsonrpc").String() == "2.0"
}

func (x *extractor) jsonRPCFormat(root gjson.Result) Format {
	a2a, other := false, false
	check := func(m gjson.Result) {
		method := x.get(m, "method").String()
		switch {
		case method == "":
			kind := x.get(m, "result.kind").String()
			if kind == "task" || kind == "message" || kind == "status-update" || kind == "artifact-update" {
				a2a = true
			} else {
				other = true
			}
		case a2aMethods[method]:
			a2a = true
		default:
			other = true
		}
	}
	if root.IsArray() {
		x.forEach(root, func(_, m gjson.Result) bool { check(m); return true })
	} else {
		check(root)
	}
	if a2a && !other {
		return FormatA2A
	}
	return FormatMCP
}

// JSONTypeName names v's JSON type for an error message ("missing value"
// when v does not exist).
func JSONTypeName(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return "string"
	case gjson.Number:
		return "number"
	case gjson.True, gjson.False:
		return "boolean"
	case gjson.Null:
		return "null"
	}
	if v.IsArray() {
		return "array"
	}
	if v.IsObject() {
		return "object"
	}
	return "missing value"
}

// extractor accumulates a Payload; the first shape error stops it.
type extractor struct {
	p       *Payload
	err     error
	methods map[string]string
	// calls maps a call id seen in the history to its tool name.
	calls map[string]string
	// t is the checker's record of the body (nil: read with gjson alone).
	t *jsonx.Tape
	// paths holds the bytes of the paths built for this body (see join).
	paths []byte
}

// get and forEach read the body through the tape (see jsonx.Tape).
func (x *extractor) get(v gjson.Result, path string) gjson.Result { return x.t.Get(v, path) }

func (x *extractor) forEach(v gjson.Result, fn func(k, v gjson.Result) bool) { x.t.ForEach(v, fn) }

func (x *extractor) shape(path, msg string) {
	if x.err == nil {
		x.err = &ShapeError{Format: x.p.Format, Path: path, Msg: msg}
	}
}

// want reports whether v has one of types. An absent optional value is
// not wanted but no error; any other mismatch is a shape error at path.
func (x *extractor) want(v gjson.Result, path string, optional bool, types ...string) bool {
	return x.wantAt(v, "", path, optional, types...)
}

// wantAt is want for the member key of the value at parent: the path is
// built only when there is an error to report.
func (x *extractor) wantAt(v gjson.Result, parent, key string, optional bool, types ...string) bool {
	ok, got := typeIn(v, optional, types)
	if !ok && got != "" {
		x.wrongType(x.join(parent, key), got, types)
	}
	return ok
}

// typeIn reports whether v has one of types, and v's type name ("" for an
// absent optional value, which is no error).
func typeIn(v gjson.Result, optional bool, types []string) (bool, string) {
	if !v.Exists() && optional {
		return false, ""
	}
	got := JSONTypeName(v)
	return slices.Contains(types, got), got
}

func (x *extractor) wrongType(path, got string, types []string) {
	msg := "expected "
	for i, t := range types {
		if i > 0 {
			msg += " or "
		}
		msg += t
	}
	x.shape(path, msg+", got "+got)
}

// text adds a string value as a segment.
func (x *extractor) text(v gjson.Result, path, role, kind string, trust Trust) *Segment {
	x.p.Segments = append(x.p.Segments, Segment{
		Text: v.String(), Path: path, Role: role, Kind: kind, Trust: trust,
		Start: v.Index, End: v.Index + len(v.Raw),
	})
	return &x.p.Segments[len(x.p.Segments)-1]
}

// optText adds v as a segment when it is a non-empty string; anything but a
// string or null is a shape error.
func (x *extractor) optText(v gjson.Result, path, role, kind string, trust Trust) *Segment {
	if !v.Exists() || v.Type == gjson.Null {
		return nil
	}
	if !x.want(v, path, false, "string") || v.Str == "" {
		return nil
	}
	return x.text(v, path, role, kind, trust)
}

// leaves adds every string inside a JSON value (an A2A data part, MCP
// structuredContent, a tool's input) as segments.
func (x *extractor) leaves(v gjson.Result, path, role, kind string, trust Trust) {
	switch {
	case v.Type == gjson.String:
		if v.Str != "" {
			x.text(v, path, role, kind, trust)
		}
	case v.IsObject() || v.IsArray():
		x.forEach(v, func(k, c gjson.Result) bool {
			key := k.String()
			if v.IsArray() {
				key = strconv.Itoa(int(k.Int()))
			}
			x.leaves(c, path+"."+EscapePathKey(key), role, kind, trust)
			return x.err == nil
		})
	}
}

// EscapePathKey escapes gjson path syntax in an object key, as segment
// paths write a key.
func EscapePathKey(k string) string {
	needs := false
	for i := 0; i < len(k); i++ {
		switch k[i] {
		case '.', '*', '?', '|', '#', '@', '\\', '!', '=', '<', '>', '%':
			needs = true
		}
	}
	if !needs {
		return k
	}
	out := make([]byte, 0, len(k)+4)
	for i := 0; i < len(k); i++ {
		switch k[i] {
		case '.', '*', '?', '|', '#', '@', '\\', '!', '=', '<', '>', '%':
			out = append(out, '\\')
		}
		out = append(out, k[i])
	}
	return string(out)
}

// call adds a tool call. args is the arguments value: an object, or (for
// OpenAI) a string holding JSON.
func (x *extractor) call(name, id, path string, container, args gjson.Result, argsInString bool) {
	c := ToolCall{Name: name, ID: id, Path: path, Start: container.Index, End: container.Index + len(container.Raw)}
	switch {
	case argsInString:
		s := args.String()
		if s == "" {
			c.Args = []byte("{}")
			break
		}
		if err := jsonx.Check([]byte(s), jsonx.DefaultMaxDepth); err != nil {
			c.ArgsErr = err
			break
		}
		c.Args = []byte(s)
	case !args.Exists() || args.Type == gjson.Null:
		c.Args = []byte("{}")
	default:
		c.Args = []byte(args.Raw)
	}
	if c.ArgsErr == nil && !gjson.ParseBytes(c.Args).IsObject() {
		c.ArgsErr = errors.New("arguments are not a JSON object")
	}
	x.p.Calls = append(x.p.Calls, c)
}

func (x *extractor) rememberCall(id, name string) {
	if id == "" {
		return
	}
	if x.calls == nil {
		x.calls = make(map[string]string)
	}
	x.calls[id] = name
}

func (x *extractor) skip(path string) { x.p.Skipped = append(x.p.Skipped, path) }

// join and idx build a body's paths as views of one growing buffer, not a
// string each: a chat request of a few kilobytes has dozens of paths,
// which were half its allocations. The bytes a path views are written
// once and never again (append only writes past them, and a buffer that
// grows leaves the old one to the paths that view it).
func (x *extractor) join(path, key string) string {
	if path == "" {
		return key
	}
	start := x.startPath(path)
	x.paths = append(x.paths, key...)
	return unsafe.String(&x.paths[start], len(x.paths)-start)
}

func (x *extractor) idx(path string, i int) string {
	if path == "" {
		return strconv.Itoa(i)
	}
	start := x.startPath(path)
	x.paths = strconv.AppendInt(x.paths, int64(i), 10)
	return unsafe.String(&x.paths[start], len(x.paths)-start)
}

// startPath writes path and a dot at the end of the buffer and returns
// where they start.
func (x *extractor) startPath(path string) int {
	if x.paths == nil {
		x.paths = make([]byte, 0, 1024)
	}
	start := len(x.paths)
	x.paths = append(append(x.paths, path...), '.')
	return start
}

// pick reads up to maxPick top-level fields of an object in one pass into
// out, the caller's array (zero on entry): nothing to allocate, and
// inside Wasm an 880-byte array returned by value would be copied by a
// host call at each call.
func (x *extractor) pick(out *[maxPick]gjson.Result, v gjson.Result, names ...string) {
	if ms, ok := x.t.Members(v); ok && v.Raw[0] == '{' {
		// Through the tape without a callback: a Result is built only
		// for the fields asked for (inside Wasm each Result passed is an
		// 80-byte copy by a host call).
		for _, m := range ms {
			for i, n := range names {
				if m.Key == n {
					out[i] = x.t.Result(m)
					break
				}
			}
		}
		return
	}
	x.forEach(v, func(k, val gjson.Result) bool {
		for i, n := range names {
			if k.Str == n {
				out[i] = val
				break
			}
		}
		return true
	})
}

const maxPick = 11

// each iterates an array value with element index and path.
func (x *extractor) each(v gjson.Result, path string, fn func(i int, p string, e gjson.Result) bool) {
	i := 0
	x.forEach(v, func(_, e gjson.Result) bool {
		ok := fn(i, x.idx(path, i), e)
		i++
		return ok
	})
}
