package wire

import (
	"errors"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssembleResponsesUnion(t *testing.T) {
	item := func(id, args string) string {
		return `{"type":"function_call","id":"` + id + `","call_id":"c","name":"f","arguments":` + jsonx.Quote(args) + `}`
	}
	ev := func(datas ...string) []SSEEvent {
		var out []SSEEvent
		for _, d := range datas {
			out = append(out, SSEEvent{Data: d})
		}
		return out
	}
	done := func(it string) string {
		return `{"type":"response.output_item.done","output_index":0,"item":` + it + `}`
	}
	completed := func(items ...string) string {
		return `{"type":"response.completed","response":{"object":"response","output":[` + strings.Join(items, ",") + `]}}`
	}
	out, err := AssembleStream(FormatOpenAIResponses, ev(done(item("a", `{"x":1}`)), completed(item("b", `{}`))), 0)
	require.NoError(t, err)
	assert.JSONEq(t, `{"object":"response","model":"stream","output":[`+item("b", `{}`)+`,`+item("a", `{"x":1}`)+`]}`, string(out))

	// Same item, same reading (status aside, key order aside): once.
	a2 := `{"id":"a","status":"completed","arguments":"{\"x\":1}","type":"function_call","call_id":"c","name":"f"}`
	out, err = AssembleStream(FormatOpenAIResponses, ev(done(item("a", `{"x":1}`)), completed(a2)), 0)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(out), `"id":"a"`))

	_, err = AssembleStream(FormatOpenAIResponses, ev(done(item("a", `{"x":1}`)), completed(item("a", `{"x":2}`))), 0)
	assert.True(t, errors.Is(err, ErrStreamConflict), "%v", err)
	_, err = AssembleStream(FormatOpenAIResponses, ev(done(item("a", `{"x":1}`)), done(item("a", `{"x":2}`))), 0)
	assert.True(t, errors.Is(err, ErrStreamConflict), "%v", err)
}

func TestAssembleChatLegacyAndCustom(t *testing.T) {
	ev := []SSEEvent{
		{Data: `{"choices":[{"index":0,"delta":{"function_call":{"name":"del","arguments":"{\"a\""}}}]}`},
		{Data: `{"choices":[{"index":0,"delta":{"function_call":{"name":"ete","arguments":":1}"}}}]}`},
		{Data: `{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"custom","custom":{"name":"sql","input":"DROP "}}]}}]}`},
		{Data: `{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"custom":{"input":"TABLE"}}]}}]}`},
		{Data: "[DONE]"},
	}
	out, err := AssembleStream(FormatOpenAIChat, ev, 0)
	require.NoError(t, err)
	pl, err := Extract(out, ExtractOptions{Format: FormatOpenAIChat, Direction: Response})
	require.NoError(t, err)
	require.Len(t, pl.Calls, 2)
	assert.Equal(t, "sql", pl.Calls[0].Name)
	assert.JSONEq(t, `{"input":"DROP TABLE"}`, string(pl.Calls[0].Args))
	assert.Equal(t, "delete", pl.Calls[1].Name)
	assert.JSONEq(t, `{"a":1}`, string(pl.Calls[1].Args))
}
