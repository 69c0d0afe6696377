package rules

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzCheckJSONAndExtract: a body Evaluate finds to be bad JSON is blocked,
// in either direction and whatever it holds (jsonx.FuzzCheck holds the
// checker itself to encoding/json).
func FuzzCheckJSONAndExtract(f *testing.F) {
	for _, s := range []string{`{"messages":[{"role":"user","content":"a long string with \"quotes\" and \\ inside it"}]}`, "[\"0123456789abcdef\x01\"]",
		`{"messages":[{"role":"user","content":"hi"}]}`, `[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}]`, `{"a":"\ud83d\ude00"}`} {
		f.Add([]byte(s))
	}
	p, err := DefaultPolicy()
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, d := range []Direction{Request, Response} {
			v := p.Evaluate(Input{Body: body, Direction: d})
			if v.Reason == "invalid_json" || v.Reason == "too_deep" || v.Reason == "invalid_utf8" || v.Reason == "ambiguous_json" {
				require.Equal(t, ActionBlock, v.Action)
			}
		}
	})
}
