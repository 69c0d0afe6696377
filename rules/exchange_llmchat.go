package rules

import (
	"strconv"
	"strings"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/tidwall/gjson"
)

// Chat Completions `remove` in a stream: a choice's calls are judged
// together at its finish_reason, and one chunk may carry deltas of
// several calls. A denied call is taken out of every held chunk of its
// choice by byte offsets: its tool_calls entries are removed, the
// entries of later calls get their index lowered by the calls removed
// before them (openai-go's accumulator appends a call per new index),
// and a legacy function_call becomes null. Anything the verdict takes
// out that is not a whole call (text), or a call that cannot be placed,
// refuses the stream instead (rewrite_error).

// chatDrop is what a remove verdict takes out of one choice.
type chatDrop struct {
	calls []int64 // upstream tool_calls indexes, ascending
	fn    bool    // the legacy function_call
}

// dropChatCalls records the calls of choice k that v removes; false when
// the verdict removes anything else, or a call it cannot place.
func (s *llmStream) dropChatCalls(k int64, it *llmItem, v *Verdict) bool {
	if v.Payload == nil || hiddenTool(v) {
		return false
	}
	for _, sg := range v.Segments {
		if sg.Action == ActionRemove {
			return false
		}
	}
	// The item's tool_calls indexes, as the assembly orders them.
	seen := map[int64]bool{}
	var order []int64
	for _, d := range it.datas {
		gjson.Get(d, "choices.0.delta.tool_calls").ForEach(func(_, tc gjson.Result) bool {
			if i := tc.Get("index").Int(); !seen[i] {
				seen[i] = true
				order = append(order, i)
			}
			return true
		})
	}
	sortInt64(order)
	drop := &chatDrop{}
	for _, c := range v.Calls {
		if c.Action != ActionDeny {
			continue
		}
		path := v.Payload.Calls[c.Index].Path
		switch {
		case path == "choices.0.message.function_call":
			drop.fn = true
		case strings.HasPrefix(path, "choices.0.message.tool_calls."):
			m, err := strconv.Atoi(strings.TrimPrefix(path, "choices.0.message.tool_calls."))
			if err != nil || m < 0 || m >= len(order) {
				return false
			}
			drop.calls = append(drop.calls, order[m])
		default:
			return false
		}
	}
	if len(drop.calls) == 0 && !drop.fn {
		return false
	}
	sortInt64(drop.calls)
	if s.chatDrops == nil {
		s.chatDrops = map[int64]*chatDrop{}
	}
	s.chatDrops[k] = drop
	return true
}

func hiddenTool(v *Verdict) bool {
	for _, t := range v.Tools {
		if !t.Visible {
			return true
		}
	}
	return false
}

func sortInt64(a []int64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// emitChat appends a chunk with the removed calls of its choices taken
// out; byte-identical when it carries none of them.
func (s *llmStream) emitChat(out []byte, ev heldEvent) ([]byte, error) {
	data := ev.data
	var edits []jsonx.Edit
	bad := false
	at := func(r gjson.Result) bool {
		return r.Index > 0 && r.Index+len(r.Raw) <= len(data) && data[r.Index:r.Index+len(r.Raw)] == r.Raw
	}
	gjson.Get(data, "choices").ForEach(func(_, c gjson.Result) bool {
		drop := s.chatDrops[c.Get("index").Int()]
		if drop == nil {
			return true
		}
		delta := c.Get("delta")
		if fc := delta.Get("function_call"); drop.fn && fc.Exists() && fc.Type != gjson.Null {
			if bad = !at(fc); bad {
				return false
			}
			edits = append(edits, jsonx.Edit{Start: fc.Index, End: fc.Index + len(fc.Raw), Replace: []byte("null")})
		}
		delta.Get("tool_calls").ForEach(func(_, tc gjson.Result) bool {
			idx := tc.Get("index")
			i := idx.Int()
			shift := int64(0)
			for _, d := range drop.calls {
				if d == i {
					shift = -1
					break
				}
				if d < i {
					shift++
				}
			}
			switch {
			case shift < 0:
				if bad = !at(tc); !bad {
					edits = append(edits, jsonx.Edit{Start: tc.Index, End: tc.Index + len(tc.Raw), RemoveElement: true})
				}
			case shift > 0:
				if bad = !at(idx); !bad {
					edits = append(edits, jsonx.Edit{Start: idx.Index, End: idx.Index + len(idx.Raw), Replace: strconv.AppendInt(nil, i-shift, 10)})
				}
			}
			return !bad
		})
		return !bad
	})
	if bad {
		return out, &llmFail{&Failure{Reason: ReasonRewriteError, Detail: "cannot place a removed call in a chunk"}}
	}
	if len(edits) == 0 {
		return append(out, ev.raw...), nil
	}
	nb, err := jsonx.ApplyEdits([]byte(data), edits)
	if err != nil {
		return out, &llmFail{&Failure{Reason: ReasonRewriteError, Detail: err.Error()}}
	}
	return wire.AppendSSE(out, wire.SSEEvent{Event: ev.name, ID: ev.id, Data: string(nb)}), nil
}
