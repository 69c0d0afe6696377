package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tapeBodies are bodies of every format: the adapters' golden inputs and
// the benchmark's chat requests.
func tapeBodies(t testing.TB) map[string][]byte {
	files, err := filepath.Glob("testdata/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out[f] = b
	}
	out["chat 8KiB"] = chatRequest(8 << 10)
	out["escapes"] = []byte(`{"messages":[{"role":"user","content":"line\nnext \"quoted\" \u00e9 \ud83d\ude00"},` +
		`{"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"tab\there"}]}],"tools":[]}`)
	out["leading space"] = []byte(" \n\t{\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}\n")
	return out
}

// TestExtractSameThroughTape: Extract gives the same Payload, or the same
// error, reading through the tape as with gjson alone (jsonx's
// TestTapeMatchesGjson holds the tape itself to gjson).
func TestExtractSameThroughTape(t *testing.T) {
	for name, body := range tapeBodies(t) {
		for _, d := range []Direction{Request, Response} {
			want, wantErr := extract(body, ExtractOptions{Direction: d}, false)
			got, gotErr := extract(body, ExtractOptions{Direction: d}, true)
			require.Equal(t, wantErr, gotErr, "%s %v", name, d)
			require.Equal(t, want, got, "%s %v", name, d)
		}
	}
}

// TestSpansWithLeadingWhitespace: a body that starts with whitespace (a
// pretty-printer's newline) still gives segment offsets into the body, so
// a rewrite replaces the right bytes.
func TestSpansWithLeadingWhitespace(t *testing.T) {
	for _, useTape := range []bool{true, false} {
		body := []byte("\n  {\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"the text\"}]}")
		p, err := extract(body, ExtractOptions{Format: FormatOpenAIChat}, useTape)
		require.NoError(t, err)
		require.Len(t, p.Segments, 1)
		s := p.Segments[0]
		assert.Equal(t, `"the text"`, string(body[s.Start:s.End]), "tape %v", useTape)
	}
}

// FuzzExtractThroughTape is TestExtractSameThroughTape on arbitrary
// bodies (jsonx.FuzzTape walks the tape itself).
func FuzzExtractThroughTape(f *testing.F) {
	for _, b := range tapeBodies(f) {
		if len(b) < 4096 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, d := range []Direction{Request, Response} {
			want, wantErr := extract(body, ExtractOptions{Direction: d}, false)
			got, gotErr := extract(body, ExtractOptions{Direction: d}, true)
			require.Equal(t, wantErr, gotErr)
			require.Equal(t, want, got)
		}
	})
}
