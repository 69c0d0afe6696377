package rules

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/inject"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// chatRequest builds an OpenAI chat request of about size bytes: a system
// prompt, a user turn, then assistant tool calls with tool results of
// ordinary prose.
func chatRequest(size int) []byte {
	return chatRequestOf(size, "The quarterly report shows revenue growth in every region, with costs held flat. "+
		"Customer retention improved after the support changes made in the spring. ")
}

// addressedProse speaks to its reader, as e-mails and support pages do:
// the model reads its windows, which it skips in text without "you".
const addressedProse = "Thank you for your patience while we closed the quarter. " +
	"You will find the regional numbers in the attached sheet, and your manager has the summary. "

func chatRequestOf(size int, prose string) []byte {
	var b strings.Builder
	b.WriteString(`{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful analyst."},{"role":"user","content":"Summarise the reports."}`)
	for i := 0; b.Len() < size-600; i++ {
		id := "call_" + itoa(i)
		b.WriteString(`,{"role":"assistant","content":null,"tool_calls":[{"id":"` + id + `","type":"function","function":{"name":"fetch_report","arguments":"{\"n\":` + itoa(i) + `}"}}]}`)
		chunk := strings.Repeat(prose, 1+min(40, (size-b.Len())/len(prose)/2))
		b.WriteString(`,{"role":"tool","tool_call_id":"` + id + `","content":` + jsonx.Quote(chunk) + `}`)
	}
	b.WriteString(`],"tools":[{"type":"function","function":{"name":"fetch_report","description":"Fetch a report","parameters":{"type":"object"}}}]}`)
	return []byte(b.String())
}

// gjsonWalk visits every value of a document: the cost floor of reading it.
func gjsonWalk(v gjson.Result) int {
	n := 0
	v.ForEach(func(_, e gjson.Result) bool {
		if e.IsObject() || e.IsArray() {
			n += gjsonWalk(e)
		} else {
			n += len(e.String())
		}
		return true
	})
	return n
}

var benchSizes = []struct {
	name string
	size int
}{{"8KiB", 8 << 10}, {"1MiB", 1 << 20}}

func TestBenchSetup(t *testing.T) {
	for _, s := range benchSizes {
		body := chatRequest(s.size)
		require.InDelta(t, s.size, len(body), float64(s.size)/4)
		p, err := wire.Extract(body, wire.ExtractOptions{Format: FormatOpenAIChat})
		require.NoError(t, err)
		require.Greater(t, len(p.Segments), 2)
		require.Greater(t, gjsonWalk(gjson.ParseBytes(body)), s.size/2)
	}
}

func BenchmarkExtract(b *testing.B) {
	for _, s := range benchSizes {
		body := chatRequest(s.size)
		b.Run("adapter/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := wire.Extract(body, wire.ExtractOptions{Format: FormatOpenAIChat}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("gjson-walk/"+s.name, func(b *testing.B) { benchGjsonWalk(b, body) })
		b.Run("checkjson/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := jsonx.Check(body, 64); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// regexpBaseline is the naive peer: one case-insensitive alternation of the
// scored built-in phrases.
func regexpBaseline(tb testing.TB) *regexp.Regexp {
	var alts []string
	phrases, err := inject.ScoredPhrases()
	require.NoError(tb, err)
	for _, ph := range phrases {
		alts = append(alts, regexp.QuoteMeta(ph))
	}
	return regexp.MustCompile(`(?i)(` + strings.Join(alts, "|") + `)`)
}

func TestEvaluateBenchSetup(t *testing.T) {
	p, err := DefaultPolicy()
	require.NoError(t, err)
	for _, s := range benchSizes {
		body := chatRequest(s.size)
		v := p.Evaluate(Input{Body: body})
		require.Equal(t, ActionAllow, v.Action, "%s: %+v", s.name, v.Segments)
	}
	re := regexpBaseline(t)
	assert.True(t, re.MatchString("you can DO ANYTHING NOW"))
}

func BenchmarkEvaluate(b *testing.B) {
	p, err := DefaultPolicy()
	require.NoError(b, err)
	re := regexpBaseline(b)
	for _, s := range benchSizes {
		body := chatRequest(s.size)
		b.Run("evaluate/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if v := p.Evaluate(Input{Body: body}); v.Action != ActionAllow {
					b.Fatal(v.Reason)
				}
			}
		})
		b.Run("gjson-walk/"+s.name, func(b *testing.B) { benchGjsonWalk(b, body) })
		b.Run("regexp/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				re.FindAllIndex(body, -1)
			}
		})
	}
}

// BenchmarkEvaluateVsWalk runs Evaluate and the gjson walk of the same
// body alternately, one of each per iteration, and reports the ratio of
// their times: on a shared machine whose speed drifts between benchmarks,
// the two then see the same conditions.
func BenchmarkEvaluateVsWalk(b *testing.B) {
	p, err := DefaultPolicy()
	require.NoError(b, err)
	for _, s := range append(benchSizes, struct {
		name string
		size int
	}{"8KiB-addressed", 8 << 10}, struct {
		name string
		size int
	}{"1MiB-addressed", 1 << 20}) {
		body := chatRequest(s.size)
		if strings.HasSuffix(s.name, "-addressed") {
			body = chatRequestOf(s.size, addressedProse)
		}
		b.Run(s.name, func(b *testing.B) {
			var eval, walk time.Duration
			for b.Loop() {
				t0 := time.Now()
				if v := p.Evaluate(Input{Body: body}); v.Action != ActionAllow {
					b.Fatal(v.Reason)
				}
				t1 := time.Now()
				if gjsonWalk(gjson.Parse(jsonx.BytesView(body))) == 0 {
					b.Fatal("empty walk")
				}
				eval += t1.Sub(t0)
				walk += time.Since(t1)
			}
			b.ReportMetric(float64(eval)/float64(walk), "x-walk")
		})
	}
}

// benchGjsonWalk is the baseline both benchmarks compare with: a gjson walk
// of every value of the body.
func benchGjsonWalk(b *testing.B, body []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if gjsonWalk(gjson.Parse(jsonx.BytesView(body))) == 0 {
			b.Fatal("empty walk")
		}
	}
}
