package jsonx

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	tests := []struct {
		name string
		body string
		kind ErrorKind
		path string
	}{
		{name: "valid", body: `{"a":[1,-2.5e3,true,false,null,"x\u00e9\ud83d\ude00"]}`},
		{name: "empty", body: ``, kind: Syntax},
		{name: "whitespace only", body: " \n", kind: Syntax},
		{name: "trailing data", body: `{} {}`, kind: Syntax},
		{name: "trailing comma", body: `{"a":1,}`, kind: Syntax, path: "a"},
		{name: "single quotes", body: `{'a':1}`, kind: Syntax},
		{name: "leading zero", body: `[01]`, kind: Syntax, path: "0"},
		{name: "NaN", body: `[NaN]`, kind: Syntax, path: "0"},
		{name: "control char in string", body: "[\"a\x01\"]", kind: Syntax, path: "0"},
		{name: "bad escape", body: `["\x41"]`, kind: Syntax, path: "0"},
		{name: "unterminated", body: `{"a":"b`, kind: Syntax, path: "a"},
		{name: "invalid utf8", body: "{\"a\":\"\xff\xfe\"}", kind: InvalidUTF8, path: "a"},
		{name: "overlong utf8", body: "[\"\xc0\xaf\"]", kind: InvalidUTF8, path: "0"},
		{name: "lone high surrogate", body: `["\ud800"]`, kind: InvalidUTF8, path: "0"},
		{name: "lone low surrogate", body: `["\udc00x"]`, kind: InvalidUTF8, path: "0"},
		{name: "too deep", body: deep, kind: TooDeep},
		{name: "duplicate key", body: `{"role":"user","role":"system"}`, kind: DuplicateKey, path: "role"},
		{name: "duplicate key via escape", body: `{"role":"user","r\u006fle":"system"}`, kind: DuplicateKey, path: "role"},
		{name: "nested duplicate", body: `{"messages":[{"content":"a","content":"b"}]}`, kind: DuplicateKey, path: "messages.0.content"},
		{name: "duplicate in large object", body: `{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1,"l":1,"m":1,"n":1,"o":1,"p":1,"q":1,"r":1,"a":2}`, kind: DuplicateKey, path: "a"},
		{name: "same key in sibling objects is fine", body: `[{"a":1},{"a":2}]`},
		{name: "case-folded key", body: `{"path":"/ok","PATH":"/etc"}`, kind: FoldedKey, path: "PATH"},
		{name: "case-folded key via escape", body: `{"method":"a","M\u0065thod":"b"}`, kind: FoldedKey, path: "Method"},
		{name: "long s folds to s", body: `{"s":1,"\u017f":2}`, kind: FoldedKey},
		{name: "kelvin sign folds to k", body: `{"kind":1,"\u212aIND":2}`, kind: FoldedKey},
		{name: "case-folded key in large object", body: `{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1,"l":1,"m":1,"n":1,"o":1,"p":1,"q":1,"r":1,"Q":2}`, kind: FoldedKey, path: "Q"},
		{name: "duplicate past the map switch", body: `{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1,"l":1,"m":1,"n":1,"o":1,"p":1,"q":1,"p":2}`, kind: DuplicateKey, path: "p"},
		{name: "distinct keys differing in non-letters", body: `{"a_1":1,"a-1":2,"A1":3,"\u00df":4,"ss":5}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Check([]byte(tc.body), 64)
			if tc.kind == 0 {
				require.NoError(t, err)
				return
			}
			var je *Error
			require.True(t, errors.As(err, &je), "got %v", err)
			assert.Equal(t, tc.kind, je.Kind, je.Error())
			if tc.path != "" {
				assert.Equal(t, tc.path, je.Path)
			}
		})
	}
}

// TestFoldedKeysMatchEncodingJSON holds the case-folding check to what
// encoding/json does: two keys are refused exactly when it binds both to
// one struct field.
func TestFoldedKeysMatchEncodingJSON(t *testing.T) {
	names := []string{"k", "K", "\u212a", "s", "S", "\u017f", "path", "PATH", "pAtH", "\u00df", "ss", "SS",
		"\u1e9e", "\u00b5", "\u03bc", "\u039c", "i", "I", "\u0131", "\u0130", "\u01c4", "\u01c5", "\u01c6", "a1", "A1", "x_y", "X-Y"}
	for _, a := range names {
		for _, b := range names {
			if a == b {
				continue
			}
			body := `{"` + a + `":1,"` + b + `":2}`
			var field string
			require.NoError(t, json.Unmarshal([]byte(`"`+a+`"`), &field))
			typ := reflect.StructOf([]reflect.StructField{{Name: "F", Type: reflect.TypeFor[int](), Tag: reflect.StructTag(`json:"` + field + `"`)}})
			v := reflect.New(typ)
			require.NoError(t, json.Unmarshal([]byte(body), v.Interface()))
			bothBind := v.Elem().Field(0).Int() == 2 // b overwrote a
			err := Check([]byte(body), 0)
			var je *Error
			refused := errors.As(err, &je) && je.Kind == FoldedKey
			assert.Equal(t, bothBind, refused, "%s: encoding/json binds both %v, refused %v (%v)", body, bothBind, refused, err)
		}
	}
}

// TestPlainWord holds the eight-byte test to the byte table: every byte
// value in every position of otherwise plain words, and random words.
func TestPlainWord(t *testing.T) {
	plain := func(w uint64) bool {
		for k := range 8 {
			if !plainString[byte(w>>(8*k))] {
				return false
			}
		}
		return true
	}
	for _, base := range []uint64{0x6161616161616161, 0x2020202020202020, 0x7e7e7e7e7e7e7e7e, 0x2121212121212121} {
		for k := range 8 {
			for b := range 256 {
				w := base&^(0xff<<(8*k)) | uint64(b)<<(8*k)
				require.Equal(t, plain(w), plainWord(w), "%#016x", w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1_000_000 {
		w := rng.Uint64()
		if rng.IntN(2) == 0 {
			w &= 0x7f7f7f7f7f7f7f7f // ASCII, where most matches hide
		}
		require.Equal(t, plain(w), plainWord(w), "%#016x", w)
	}
}

// FuzzCheck is differential: what Check accepts is valid JSON to the
// standard library too (which is laxer: it takes duplicate keys, invalid
// UTF-8 and any depth), and what it refuses as syntax the standard library
// refuses too, but for numbers past Check's length limit.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"messages":[{"role":"user","content":"a long string with \"quotes\" and \\ inside it"}]}`, "[\"0123456789abcdef\x01\"]",
		`{"messages":[{"role":"user","content":"hi"}]}`, `[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}]`, `{"a":"\ud83d\ude00"}`,
		`{"path":"/ok","PATH":"/etc"}`, `[1e5,-0.5,{"":{}}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		err := Check(body, 512)
		if err == nil {
			require.True(t, json.Valid(body), "Check accepted invalid JSON %q", body)
			return
		}
		var je *Error
		require.True(t, errors.As(err, &je), "Check returned %T, not *Error", err)
		require.True(t, je.Offset >= 0 && je.Offset <= len(body), "offset %d outside the body of %d bytes", je.Offset, len(body))
		if json.Valid(body) && je.Kind == Syntax {
			require.Contains(t, je.Msg, "number longer", "Check rejected valid JSON %q: %v", body, err)
		}
	})
}

// TestKindReasons: each kind names a reason, the two ambiguous kinds (and
// only they) are ambiguous, and an unknown kind reads as invalid JSON.
func TestKindReasons(t *testing.T) {
	want := map[ErrorKind]string{Syntax: "invalid_json", InvalidUTF8: "invalid_utf8", TooDeep: "too_deep",
		DuplicateKey: "ambiguous_json", FoldedKey: "ambiguous_json", 0: "invalid_json", FoldedKey + 1: "invalid_json"}
	for k, r := range want {
		assert.Equal(t, r, k.Reason(), "kind %d", k)
		assert.Equal(t, k == DuplicateKey || k == FoldedKey, k.Ambiguous(), "kind %d", k)
	}
	err := Check([]byte(`{"a":1,"a":2}`), 0)
	assert.EqualError(t, err, `ambiguous_json at a (offset 7): duplicate key "a"`)
	assert.EqualError(t, Check([]byte(`[1,]`), 0), `invalid_json at 1 (offset 3): unexpected character ']'`)
}
