package rules

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
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

// sameResult reports the first difference between two gjson Results of
// the same value.
func sameResult(t *testing.T, where string, want, got gjson.Result) {
	t.Helper()
	if !want.Exists() {
		// gjson gives a missing value its parent's Index; nothing reads it.
		require.False(t, got.Exists(), "%s: exists", where)
		return
	}
	require.Equal(t, want.Type, got.Type, "%s: type", where)
	require.Equal(t, want.Raw, got.Raw, "%s: raw", where)
	require.Equal(t, want.Str, got.Str, "%s: str", where)
	require.Equal(t, want.Num, got.Num, "%s: num", where)
	require.Equal(t, want.Index, got.Index, "%s: index", where)
}

// walkBoth iterates v with gjson and through the tape, comparing every
// key and value, and every plain Get of a member, all the way down.
func walkBoth(t *testing.T, tp *tape, v gjson.Result, where string) int {
	var wantK, wantV []gjson.Result
	v.ForEach(func(k, e gjson.Result) bool {
		wantK, wantV = append(wantK, k), append(wantV, e)
		return true
	})
	var gotK, gotV []gjson.Result
	tp.forEach(v, func(k, e gjson.Result) bool {
		gotK, gotV = append(gotK, k), append(gotV, e)
		return true
	})
	require.Len(t, gotV, len(wantV), where)
	n := 1
	for i := range wantV {
		require.Equal(t, wantK[i].Str, gotK[i].Str, where)
		require.Equal(t, wantK[i].Int(), gotK[i].Int(), where)
		w := where + "." + wantK[i].String()
		sameResult(t, w, wantV[i], gotV[i])
		if v.IsObject() && plainPath(wantK[i].Str) {
			sameResult(t, w+" (get)", v.Get(wantK[i].Str), tp.get(v, wantK[i].Str))
		}
		if v.IsArray() {
			sameResult(t, w+" (get)", v.Get(wantK[i].String()), tp.get(v, wantK[i].String()))
		}
		if gotV[i].IsObject() || gotV[i].IsArray() {
			n += walkBoth(t, tp, gotV[i], w)
		}
	}
	for _, miss := range []string{"nope", "0.nope", "99", "a.b"} {
		sameResult(t, where+" get "+miss, v.Get(miss), tp.get(v, miss))
	}
	return n
}

// TestTapeMatchesGjson: every value read through the tape is the value
// gjson reads, and Extract gives the same Payload either way.
func TestTapeMatchesGjson(t *testing.T) {
	for name, body := range tapeBodies(t) {
		tp := getTape(bytesView(body))
		require.NoError(t, checkJSON(body, 0, tp), name)
		root := gjson.ParseBytes(body)
		containers := walkBoth(t, tp, root, name)
		assert.Len(t, tp.conts, containers, "%s: every container recorded once", name)
		assert.True(t, slices.IsSortedFunc(tp.conts, func(a, b container) int { return cmp.Compare(a.start, b.start) }), name)
		tp.release()
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

func FuzzTape(f *testing.F) {
	for _, b := range tapeBodies(f) {
		if len(b) < 4096 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tp := getTape(bytesView(body))
		defer tp.release()
		if checkJSON(body, 64, tp) != nil {
			return
		}
		root := gjson.ParseBytes(body)
		if root.IsObject() || root.IsArray() {
			walkBoth(t, tp, root, "$")
		}
		for _, d := range []Direction{Request, Response} {
			want, wantErr := extract(body, ExtractOptions{Direction: d}, false)
			got, gotErr := extract(body, ExtractOptions{Direction: d}, true)
			require.Equal(t, wantErr, gotErr)
			require.Equal(t, want, got)
		}
	})
}

// TestTapeReleaseKeepsNoBody: a pooled tape must not keep the last body
// alive through the keys it recorded (views of the body).
func TestTapeReleaseKeepsNoBody(t *testing.T) {
	tp := &tape{}
	for _, body := range [][]byte{chatRequest(64 << 10), []byte(`{"a":{"b":[1,{"c":2}]},"d":"x"}`), []byte(`{"a":[{"b":`)} {
		tp.body = bytesView(body)
		_ = checkJSON(body, 0, tp) // the last one fails half-way, with members pending
		tp.release()
		for i, m := range tp.members[:cap(tp.members)] {
			require.Empty(t, m.key, "member %d keeps a key after release", i)
		}
		for i, m := range tp.pending[:cap(tp.pending)] {
			require.Empty(t, m.key, "pending member %d keeps a key after release", i)
		}
	}
}
