package wire

import (
	"bytes"
	"errors"
	"sort"
	"strconv"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/tidwall/gjson"
)

// ErrNoStreamResult says a stream carried nothing to assemble.
var ErrNoStreamResult = errors.New("stream has no assembled result")

// ErrStreamConflict is wrapped by AssembleStream's error when a stream
// says two different things about one item (a Responses
// output_item.done and the completed response): SDKs act on either, so
// the stream cannot be judged as one reading and is refused, whatever
// on_error says.
var ErrStreamConflict = errors.New("stream items disagree")

// AssembleStream rebuilds the non-streamed response an LLM stream adds up
// to, so its tool calls are judged whole (names, ids and full arguments),
// never as fragments. Events whose data is not JSON ("[DONE]") are ignored;
// a data payload that is invalid JSON otherwise is an error.
func AssembleStream(f Format, events []SSEEvent, maxDepth int) ([]byte, error) {
	var datas []gjson.Result
	for _, e := range events {
		d := e.Data
		if d == "" || d == "[DONE]" {
			continue
		}
		if err := jsonx.Check([]byte(d), maxDepth); err != nil {
			return nil, err
		}
		datas = append(datas, gjson.Parse(d))
	}
	switch f {
	case FormatOpenAIChat:
		return assembleChat(datas), nil
	case FormatAnthropic:
		return assembleAnthropic(datas, maxDepth)
	case FormatOpenAIResponses:
		return assembleResponses(datas)
	}
	return nil, ErrNoStreamResult
}

// assembleResponses judges every item a client could act on: SDKs run
// tools from response.output_item.done as it arrives, or from the final
// response. The result holds the final response's output and every done
// item it lacks; an item both carry must read the same in both.
func assembleResponses(datas []gjson.Result) ([]byte, error) {
	var final gjson.Result
	var done []gjson.Result
	doneIndex := map[string]int{}
	for _, d := range datas {
		switch d.Get("type").String() {
		case "response.completed", "response.incomplete", "response.failed":
			if r := d.Get("response"); r.IsObject() {
				final = r
			}
		case "response.output_item.done":
			it := d.Get("item")
			if !it.IsObject() {
				return nil, errors.New("response.output_item.done without an item object")
			}
			k := itemKey(it, d.Get("output_index"))
			if prev, dup := doneIndex[k]; dup {
				if !SameItem(done[prev], it) {
					return nil, errors.Join(ErrStreamConflict, errors.New("two output_item.done events for item "+quote(k)+" differ"))
				}
				continue
			}
			doneIndex[k] = len(done)
			done = append(done, it)
		}
	}
	var items []string
	seen := map[string]bool{}
	if final.Exists() {
		out := final.Get("output")
		if out.Exists() && !out.IsArray() {
			return nil, errors.New("the final response's output is not an array")
		}
		i := 0
		out.ForEach(func(_, it gjson.Result) bool {
			k := itemKey(it, gjson.Parse(strconv.Itoa(i)))
			i++
			seen[k] = true
			items = append(items, it.Raw)
			return true
		})
		for _, it := range done {
			k := itemKey(it, gjson.Result{})
			if k == "" || !seen[k] {
				continue
			}
			var match gjson.Result
			out.ForEach(func(_, o gjson.Result) bool {
				if itemKey(o, gjson.Result{}) == k {
					match = o
					return false
				}
				return true
			})
			if !SameItem(match, it) {
				return nil, errors.Join(ErrStreamConflict, errors.New("item "+quote(k)+" of response.output_item.done differs from the final response"))
			}
		}
	}
	for _, it := range done {
		if k := itemKey(it, gjson.Result{}); k != "" && seen[k] {
			continue
		}
		items = append(items, it.Raw)
	}
	out := []byte(`{"object":"response","model":"stream","output":[`)
	for i, raw := range items {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, raw...)
	}
	return append(out, "]}"...), nil
}

// itemKey identifies an output item by its id, else by its place.
func itemKey(it, index gjson.Result) string {
	if id := it.Get("id").String(); id != "" {
		return id
	}
	if index.Exists() {
		return "#" + index.Raw
	}
	return ""
}

// SameItem compares two readings of one item in canonical form, but for
// status, which a done item and the final response may give at different
// moments.
func SameItem(a, b gjson.Result) bool {
	canon := func(v gjson.Result) []byte {
		var out []byte
		out = append(out, '{')
		n := 0
		v.ForEach(func(k, val gjson.Result) bool {
			if k.String() == "status" {
				return true
			}
			if n > 0 {
				out = append(out, ',')
			}
			n++
			out = jsonx.AppendString(out, k.String())
			out = append(out, ':')
			out = append(out, jsonx.Canonical([]byte(val.Raw))...)
			return true
		})
		return append(out, '}')
	}
	return bytes.Equal(jsonx.Canonical(canon(a)), jsonx.Canonical(canon(b)))
}

type chatCall struct {
	id, name, typ string
	args          []byte
}

type chatChoice struct {
	content, refusal []byte
	calls            map[int64]*chatCall
	// fn is the legacy function_call, assembled like a tool call.
	fn *chatCall
}

// assembleChat adds up Chat Completions deltas as SDKs do: strings of one
// call (name, arguments, custom input) are concatenated by index, and the
// legacy function_call is assembled the same way.
func assembleChat(datas []gjson.Result) []byte {
	choices := map[int64]*chatChoice{}
	for _, d := range datas {
		d.Get("choices").ForEach(func(_, c gjson.Result) bool {
			i := c.Get("index").Int()
			ch := choices[i]
			if ch == nil {
				ch = &chatChoice{calls: map[int64]*chatCall{}}
				choices[i] = ch
			}
			delta := c.Get("delta")
			ch.content = append(ch.content, delta.Get("content").String()...)
			ch.refusal = append(ch.refusal, delta.Get("refusal").String()...)
			delta.Get("tool_calls").ForEach(func(_, tc gjson.Result) bool {
				k := tc.Get("index").Int()
				call := ch.calls[k]
				if call == nil {
					call = &chatCall{}
					ch.calls[k] = call
				}
				if id := tc.Get("id").String(); id != "" {
					call.id = id
				}
				if t := tc.Get("type").String(); t != "" {
					call.typ = t
				}
				if cu := tc.Get("custom"); cu.Exists() {
					call.typ = "custom"
					call.name += cu.Get("name").String()
					call.args = append(call.args, cu.Get("input").String()...)
				}
				call.name += tc.Get("function.name").String()
				call.args = append(call.args, tc.Get("function.arguments").String()...)
				return true
			})
			if fc := delta.Get("function_call"); fc.Exists() && fc.Type != gjson.Null {
				if ch.fn == nil {
					ch.fn = &chatCall{}
				}
				ch.fn.name += fc.Get("name").String()
				ch.fn.args = append(ch.fn.args, fc.Get("arguments").String()...)
			}
			return true
		})
	}
	out := []byte(`{"object":"chat.completion","choices":[`)
	for n, i := range sortedKeys(choices) {
		ch := choices[i]
		if n > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"index":`...)
		out = strconv.AppendInt(out, i, 10)
		out = append(out, `,"message":{"role":"assistant","content":`...)
		out = jsonx.AppendString(out, string(ch.content))
		if len(ch.refusal) > 0 {
			out = append(out, `,"refusal":`...)
			out = jsonx.AppendString(out, string(ch.refusal))
		}
		if len(ch.calls) > 0 {
			out = append(out, `,"tool_calls":[`...)
			for m, k := range sortedKeys(ch.calls) {
				c := ch.calls[k]
				if m > 0 {
					out = append(out, ',')
				}
				out = append(out, `{"id":`...)
				out = jsonx.AppendString(out, c.id)
				if c.typ == "custom" {
					out = append(out, `,"type":"custom","custom":{"name":`...)
					out = jsonx.AppendString(out, c.name)
					out = append(out, `,"input":`...)
				} else {
					out = append(out, `,"type":"function","function":{"name":`...)
					out = jsonx.AppendString(out, c.name)
					out = append(out, `,"arguments":`...)
				}
				out = jsonx.AppendString(out, string(c.args))
				out = append(out, "}}"...)
			}
			out = append(out, ']')
		}
		if ch.fn != nil {
			out = append(out, `,"function_call":{"name":`...)
			out = jsonx.AppendString(out, ch.fn.name)
			out = append(out, `,"arguments":`...)
			out = jsonx.AppendString(out, string(ch.fn.args))
			out = append(out, '}')
		}
		out = append(out, "}}"...)
	}
	return append(out, "]}"...)
}

func assembleAnthropic(datas []gjson.Result, maxDepth int) ([]byte, error) {
	type block struct {
		typ, id, name string
		text, input   []byte
		startInput    string
		start         string // the block as content_block_start gave it
		server        string // mcp_tool_use's server_name
	}
	blocks := map[int64]*block{}
	for _, d := range datas {
		switch d.Get("type").String() {
		case "content_block_start":
			cb := d.Get("content_block")
			b := &block{typ: cb.Get("type").String(), id: cb.Get("id").String(), name: cb.Get("name").String(),
				start: cb.Raw, server: cb.Get("server_name").String()}
			b.text = append(b.text, cb.Get("text").String()...)
			if in := cb.Get("input"); in.IsObject() {
				b.startInput = in.Raw
			}
			blocks[d.Get("index").Int()] = b
		case "content_block_delta":
			b := blocks[d.Get("index").Int()]
			if b == nil {
				continue
			}
			delta := d.Get("delta")
			b.text = append(b.text, delta.Get("text").String()...)
			b.input = append(b.input, delta.Get("partial_json").String()...)
		}
	}
	out := []byte(`{"type":"message","role":"assistant","content":[`)
	for n, i := range sortedKeys(blocks) {
		b := blocks[i]
		if n > 0 {
			out = append(out, ',')
		}
		switch b.typ {
		case "tool_use", "server_tool_use", "mcp_tool_use":
			input := b.input
			if len(bytes.TrimSpace(input)) == 0 {
				input = []byte(b.startInput)
				if len(input) == 0 {
					input = []byte("{}")
				}
			}
			out = append(out, `{"type":`...)
			out = jsonx.AppendString(out, b.typ)
			out = append(out, `,"id":`...)
			out = jsonx.AppendString(out, b.id)
			if b.typ == "mcp_tool_use" {
				out = append(out, `,"server_name":`...)
				out = jsonx.AppendString(out, b.server)
			}
			out = append(out, `,"name":`...)
			out = jsonx.AppendString(out, b.name)
			out = append(out, `,"input":`...)
			// The assembled input must itself be valid JSON: otherwise the
			// client would see something other than what we judged.
			if err := jsonx.Check(input, maxDepth); err != nil {
				return nil, err
			}
			out = append(out, input...)
			out = append(out, '}')
		case "text":
			out = append(out, `{"type":"text","text":`...)
			out = jsonx.AppendString(out, string(b.text))
			out = append(out, '}')
		default:
			// Results of provider-run tools arrive whole in
			// content_block_start: judged as sent.
			if gjson.Valid(b.start) && gjson.Parse(b.start).IsObject() {
				out = append(out, b.start...)
			} else {
				out = append(out, `{"type":`...)
				out = jsonx.AppendString(out, b.typ)
				out = append(out, '}')
			}
		}
	}
	return append(out, "]}"...), nil
}

func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
