package jsonx

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// tapeBodies are bodies of every API the engine reads (the adapters'
// golden inputs, kept beside them in internal/wire/testdata), a large
// generated chat request and a few edge cases.
func tapeBodies(t testing.TB) map[string][]byte {
	files, err := filepath.Glob("../wire/testdata/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files, "the golden bodies in internal/wire/testdata")
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out[f] = b
	}
	out["chat 64KiB"] = chatBody(64 << 10)
	out["escapes"] = []byte(`{"messages":[{"role":"user","content":"line\nnext \"quoted\" \u00e9 \ud83d\ude00"},` +
		`{"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"tab\there"}]}],"tools":[]}`)
	out["leading space"] = []byte(" \n\t{\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}\n")
	out["escaped keys"] = []byte(`{"a\u002eb":1,"c\"d":{"e":[1,2,{"f":null}]},"":[[],{}],"0":"zero"}`)
	out["scalars"] = []byte(`[true,false,null,-0.5e-3,"",{"x":[-1]}]`)
	return out
}

// chatBody is an OpenAI chat request of about size bytes: tool calls and
// their results, the shape most bodies have.
func chatBody(size int) []byte {
	b := []byte(`{"model":"m","messages":[{"role":"user","content":"Summarise."}`)
	for i := 0; len(b) < size; i++ {
		id := "call_" + strconv.Itoa(i)
		b = append(b, `,{"role":"assistant","content":null,"tool_calls":[{"id":"`+id+`","type":"function","function":{"name":"f","arguments":"{\"n\":`+strconv.Itoa(i)+`}"}}]}`...)
		b = append(b, `,{"role":"tool","tool_call_id":"`+id+`","content":`...)
		b = AppendString(b, strings.Repeat("Revenue grew in every region; costs held flat. ", 20))
		b = append(b, '}')
	}
	return append(b, `]}`...)
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
func walkBoth(t *testing.T, tp *Tape, v gjson.Result, where string) int {
	var wantK, wantV []gjson.Result
	v.ForEach(func(k, e gjson.Result) bool {
		wantK, wantV = append(wantK, k), append(wantV, e)
		return true
	})
	var gotK, gotV []gjson.Result
	tp.ForEach(v, func(k, e gjson.Result) bool {
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
			sameResult(t, w+" (get)", v.Get(wantK[i].Str), tp.Get(v, wantK[i].Str))
		}
		if v.IsArray() {
			sameResult(t, w+" (get)", v.Get(wantK[i].String()), tp.Get(v, wantK[i].String()))
		}
		if gotV[i].IsObject() || gotV[i].IsArray() {
			n += walkBoth(t, tp, gotV[i], w)
		}
	}
	for _, miss := range []string{"nope", "0.nope", "99", "a.b"} {
		sameResult(t, where+" get "+miss, v.Get(miss), tp.Get(v, miss))
	}
	return n
}

// TestTapeMatchesGjson: every value read through the tape is the value
// gjson reads (wire.TestExtractSameThroughTape holds Extract to the same).
func TestTapeMatchesGjson(t *testing.T) {
	for name, body := range tapeBodies(t) {
		tp := GetTape(BytesView(body))
		require.NoError(t, CheckTape(body, 0, tp), name)
		root := gjson.ParseBytes(body)
		containers := walkBoth(t, tp, root, name)
		assert.Len(t, tp.conts, containers, "%s: every container recorded once", name)
		assert.True(t, slices.IsSortedFunc(tp.conts, func(a, b container) int { return cmp.Compare(a.start, b.start) }), name)
		tp.Release()
	}
}

func FuzzTape(f *testing.F) {
	for _, b := range tapeBodies(f) {
		if len(b) < 4096 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tp := GetTape(BytesView(body))
		defer tp.Release()
		if CheckTape(body, 64, tp) != nil {
			return
		}
		root := gjson.ParseBytes(body)
		if root.IsObject() || root.IsArray() {
			walkBoth(t, tp, root, "$")
		}
	})
}

// TestTapeReleaseKeepsNoBody: a pooled tape must not keep the last body
// alive through the keys it recorded (views of the body).
func TestTapeReleaseKeepsNoBody(t *testing.T) {
	tp := &Tape{}
	for _, body := range [][]byte{chatBody(64 << 10), []byte(`{"a":{"b":[1,{"c":2}]},"d":"x"}`), []byte(`{"a":[{"b":`)} {
		tp.body = BytesView(body)
		_ = CheckTape(body, 0, tp) // the last one fails half-way, with members pending
		tp.Release()
		for i, m := range tp.members[:cap(tp.members)] {
			require.Empty(t, m.Key, "member %d keeps a key after release", i)
		}
		for i, m := range tp.pending[:cap(tp.pending)] {
			require.Empty(t, m.Key, "pending member %d keeps a key after release", i)
		}
	}
}
