package wire

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
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

// chatRequest builds an OpenAI chat request of about size bytes: a system
// prompt, a user turn, then assistant tool calls with tool results of
// ordinary prose (the same body as rules' benchmarks use).
func chatRequest(size int) []byte {
	const prose = "The quarterly report shows revenue growth in every region, with costs held flat. " +
		"Customer retention improved after the support changes made in the spring. "
	var b strings.Builder
	b.WriteString(`{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful analyst."},{"role":"user","content":"Summarise the reports."}`)
	for i := 0; b.Len() < size-600; i++ {
		id := "call_" + strconv.Itoa(i)
		b.WriteString(`,{"role":"assistant","content":null,"tool_calls":[{"id":"` + id + `","type":"function","function":{"name":"fetch_report","arguments":"{\"n\":` + strconv.Itoa(i) + `}"}}]}`)
		chunk := strings.Repeat(prose, 1+min(40, (size-b.Len())/len(prose)/2))
		b.WriteString(`,{"role":"tool","tool_call_id":"` + id + `","content":` + jsonx.Quote(chunk) + `}`)
	}
	b.WriteString(`],"tools":[{"type":"function","function":{"name":"fetch_report","description":"Fetch a report","parameters":{"type":"object"}}}]}`)
	return []byte(b.String())
}
