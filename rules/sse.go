package rules

import (
	"bytes"
	"errors"
	"sort"
	"strconv"

	"github.com/tidwall/gjson"
)

// ErrNoStreamResult says a stream carried nothing to assemble.
var ErrNoStreamResult = errors.New("stream has no assembled result")

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
		if err := CheckJSON([]byte(d), maxDepth); err != nil {
			return nil, err
		}
		datas = append(datas, gjson.Parse(d))
	}
	switch f {
	case FormatOpenAIChat:
		return assembleChat(datas), nil
	case FormatAnthropic:
		return assembleAnthropic(datas)
	case FormatOpenAIResponses:
		for i := len(datas) - 1; i >= 0; i-- {
			if r := datas[i].Get("response"); r.IsObject() && datas[i].Get("type").String() == "response.completed" {
				return []byte(r.Raw), nil
			}
		}
		// No completion event (stream cut short): assemble finished items.
		var out []byte
		out = append(out, `{"object":"response","model":"stream","output":[`...)
		n := 0
		for _, d := range datas {
			if d.Get("type").String() == "response.output_item.done" && d.Get("item").IsObject() {
				if n > 0 {
					out = append(out, ',')
				}
				out = append(out, d.Get("item").Raw...)
				n++
			}
		}
		return append(out, "]}"...), nil
	}
	return nil, ErrNoStreamResult
}

type chatCall struct {
	id, name string
	args     []byte
}

type chatChoice struct {
	content []byte
	calls   map[int64]*chatCall
}

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
				call.name += tc.Get("function.name").String()
				call.args = append(call.args, tc.Get("function.arguments").String()...)
				return true
			})
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
		out = appendJSONString(out, string(ch.content))
		if len(ch.calls) > 0 {
			out = append(out, `,"tool_calls":[`...)
			for m, k := range sortedKeys(ch.calls) {
				c := ch.calls[k]
				if m > 0 {
					out = append(out, ',')
				}
				out = append(out, `{"id":`...)
				out = appendJSONString(out, c.id)
				out = append(out, `,"type":"function","function":{"name":`...)
				out = appendJSONString(out, c.name)
				out = append(out, `,"arguments":`...)
				out = appendJSONString(out, string(c.args))
				out = append(out, "}}"...)
			}
			out = append(out, ']')
		}
		out = append(out, "}}"...)
	}
	return append(out, "]}"...)
}

func assembleAnthropic(datas []gjson.Result) ([]byte, error) {
	type block struct {
		typ, id, name string
		text, input   []byte
		startInput    string
	}
	blocks := map[int64]*block{}
	for _, d := range datas {
		switch d.Get("type").String() {
		case "content_block_start":
			cb := d.Get("content_block")
			b := &block{typ: cb.Get("type").String(), id: cb.Get("id").String(), name: cb.Get("name").String()}
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
		case "tool_use":
			input := b.input
			if len(bytes.TrimSpace(input)) == 0 {
				input = []byte(b.startInput)
				if len(input) == 0 {
					input = []byte("{}")
				}
			}
			out = append(out, `{"type":"tool_use","id":`...)
			out = appendJSONString(out, b.id)
			out = append(out, `,"name":`...)
			out = appendJSONString(out, b.name)
			out = append(out, `,"input":`...)
			// The assembled input must itself be valid JSON: otherwise the
			// client would see something other than what we judged.
			if err := CheckJSON(input, DefaultMaxDepth); err != nil {
				return nil, err
			}
			out = append(out, input...)
			out = append(out, '}')
		case "text":
			out = append(out, `{"type":"text","text":`...)
			out = appendJSONString(out, string(b.text))
			out = append(out, '}')
		default:
			out = append(out, `{"type":`...)
			out = appendJSONString(out, b.typ)
			out = append(out, '}')
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
