package wire

import (
	"bytes"
	"errors"
	"math/rand"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readChunks feeds s in the given cut points and returns the blocks' raw
// bytes and events, the leftover and the error.
func readChunks(s string, cuts []int) (raws []string, evs []SSEEvent, left string, err error) {
	r := SSEReader{Max: 1 << 16}
	prev := 0
	fn := func(b *SSEBlock) error {
		raws = append(raws, string(b.Raw))
		if b.Fields {
			evs = append(evs, b.Event)
		}
		return nil
	}
	for _, c := range append(cuts, len(s)) {
		if err = r.Feed([]byte(s[prev:c]), fn); err != nil {
			return
		}
		prev = c
	}
	l, _, err := r.Close()
	return raws, evs, string(l), err
}

func TestSSEReaderAnyChunking(t *testing.T) {
	stream := "\xef\xbb" + "" // not a BOM: two bytes only, then a comment line
	stream = ": ping\r\n\r\n" +
		"event: prime\nid: 0\n\n" +
		"event: message\r\nid: 1\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":\"é\"}}\r\n\r\n" +
		"data:  {\"a\":1}\ndata: [2]\n\n" +
		": tail comment\n"
	whole, wantEvs, wantLeft, err := readChunks(stream, nil)
	require.NoError(t, err)
	require.Len(t, wantEvs, 3)
	assert.Equal(t, "prime", wantEvs[0].Event)
	assert.Equal(t, 0, wantEvs[0].DataLines)
	assert.Equal(t, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":\"é\"}}", wantEvs[1].Data)
	assert.Equal(t, " {\"a\":1}\n[2]", wantEvs[2].Data)
	assert.Equal(t, 2, wantEvs[2].DataLines)
	assert.Equal(t, ": tail comment\n", wantLeft)
	joined := ""
	for _, r := range whole {
		joined += r
	}
	assert.Equal(t, stream, joined+wantLeft, "blocks carry the stream's exact bytes")
	for i := 0; i <= len(stream); i++ {
		raws, evs, left, err := readChunks(stream, []int{i})
		require.NoError(t, err, "cut at %d", i)
		assert.Equal(t, whole, raws, "cut at %d", i)
		assert.Equal(t, wantEvs, evs, "cut at %d", i)
		assert.Equal(t, wantLeft, left)
	}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 200; n++ {
		var cuts []int
		for c := rng.Intn(4); c < len(stream); c += 1 + rng.Intn(7) {
			cuts = append(cuts, c)
		}
		raws, evs, _, err := readChunks(stream, cuts)
		require.NoError(t, err)
		assert.Equal(t, whole, raws)
		assert.Equal(t, wantEvs, evs)
	}
}

func TestSSEReaderRefusesAmbiguousFraming(t *testing.T) {
	cases := map[string]string{
		"lone CR":            "data: {}\rdata: {\"x\":1}\n\n",
		"CR at end":          "data: {}\r",
		"no colon":           "data: {}\nhello\n\n",
		"unknown field":      "data: {}\nDATA: {}\n\n",
		"byte-order mark":    "\xef\xbb\xbfdata: {}\n\n",
		"invalid UTF-8":      "data: {\"a\":\"\xff\"}\n\n",
		"field name spaced":  "data : {}\n\n",
		"json body as field": "{\"jsonrpc\":\"2.0\",\"id\":1}\n\n",
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			for i := 0; i <= len(s); i++ {
				_, _, _, err := readChunks(s, []int{i})
				var se *SSEError
				require.True(t, errors.As(err, &se), "cut at %d: %v", i, err)
			}
		})
	}
}

func TestSSEReaderBoundsOneEvent(t *testing.T) {
	r := SSEReader{Max: 64}
	big := "data: " + string(make([]byte, 100)) + "\n\n"
	err := r.Feed([]byte(big), func(*SSEBlock) error { return nil })
	var le *SSELimitError
	require.True(t, errors.As(err, &le), "%v", err)
	// Many small events pass a small bound: the bound is per event.
	r = SSEReader{Max: 64}
	n := 0
	for i := 0; i < 1000; i++ {
		require.NoError(t, r.Feed([]byte("data: {\"i\":1}\n\n"), func(*SSEBlock) error { n++; return nil }))
	}
	assert.Equal(t, 1000, n)
}

func TestReadSSEUnfinishedEvent(t *testing.T) {
	_, err := ReadSSE([]byte("data: {}\n\ndata: {\"late\":1}\n"), 0)
	require.Error(t, err)
	evs, err := ReadSSE([]byte("data: {}\n\n: bye\n"), 0)
	require.NoError(t, err)
	assert.Len(t, evs, 1)
}

func TestSSEPayload(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok, err  bool
	}{
		{`{"a":1}`, `{"a":1}`, true, false},
		{" \t{\"a\":1} ", `{"a":1}`, true, false},
		{"", "", false, false},
		{"  ", "", false, false},
		{"\u00a0{\"a\":1}", "", false, true},
		{"{\"a\":1}\u2003", "", false, true},
		{"\u3000", "", false, true},
		{"\ufeff{}", "", false, true},
		{"[DONE]", "[DONE]", true, false},
	} {
		got, ok, err := SSEPayload(tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
		assert.Equal(t, tc.ok, ok, "%q", tc.in)
		assert.Equal(t, tc.err, err != nil, "%q: %v", tc.in, err)
	}
}

// A body of many small events is read in time linear in its size: the
// reader drops handed-over blocks once per chunk, not after every block.
func TestSSEReaderLinearInEvents(t *testing.T) {
	ev := []byte("data: {\"i\":1}\n\n")
	read := func(n int) time.Duration {
		body := bytes.Repeat(ev, n)
		// From a collected heap: inside Wasm the collector shares the one
		// thread and would mark earlier garbage on this reading's clock.
		runtime.GC()
		start := time.Now()
		evs, err := ReadSSE(body, len(body)+1)
		require.NoError(t, err)
		require.Len(t, evs, n)
		return time.Since(start)
	}
	read(1000) // warm up
	small, big := read(20000), read(160000)
	// 8x the events: quadratic would take 64x; allow generous noise.
	assert.Less(t, big, 24*small+50*time.Millisecond, "20k events %v, 160k events %v", small, big)
}
