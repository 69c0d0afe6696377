package eventchain

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func chain(t *testing.T, k Key, n int) ([][]byte, Head) {
	var lines [][]byte
	prev := ""
	for i := 1; i <= n; i++ {
		r := k.Seal(uint64(i), prev, []byte(fmt.Sprintf(`{"event_id":"v-%d","n":%d}`, i, i)))
		b, err := json.Marshal(r)
		require.NoError(t, err)
		lines = append(lines, b)
		prev = r.MAC
	}
	return lines, k.SignHead(Head{Seq: uint64(n), MAC: prev, Time: "t"})
}

func check(k Key, lines [][]byte, h *Head) *Break {
	var hs uint64
	if h != nil {
		hs = h.Seq
	}
	v := NewVerifier(k, hs)
	for i, l := range lines {
		if b := v.Next(l); b != nil {
			b.Line = i + 1
			return b
		}
	}
	return v.End(h)
}

func TestVerifierNamesTheFirstBreak(t *testing.T) {
	k, err := NewKey([]byte(strings.Repeat("k", 32)))
	require.NoError(t, err)
	_, err = NewKey([]byte("short"))
	require.EqualError(t, err, "audit key: 5 bytes, need at least 32")
	cases := []struct {
		name   string
		tamper func(l [][]byte, h *Head) ([][]byte, *Head)
		kind   string
		seq    uint64
		line   int
	}{
		{"intact", func(l [][]byte, h *Head) ([][]byte, *Head) { return l, h }, "", 0, 0},
		{"edited event", func(l [][]byte, h *Head) ([][]byte, *Head) {
			l[2] = []byte(strings.Replace(string(l[2]), `"n":3`, `"n":4`, 1))
			return l, h
		}, BadMAC, 3, 3},
		{"whitespace in the event is not an edit", func(l [][]byte, h *Head) ([][]byte, *Head) {
			l[2] = []byte(strings.Replace(string(l[2]), `"n":3`, `"n": 3`, 1))
			return l, h
		}, "", 0, 0},
		{"swapped", func(l [][]byte, h *Head) ([][]byte, *Head) {
			l[1], l[2] = l[2], l[1]
			return l, h
		}, SeqGap, 3, 2},
		{"deleted", func(l [][]byte, h *Head) ([][]byte, *Head) { return append(l[:1:1], l[2:]...), h }, SeqGap, 3, 2},
		{"repeated", func(l [][]byte, h *Head) ([][]byte, *Head) {
			return append(l[:2:2], append([][]byte{l[1]}, l[2:]...)...), h
		}, SeqGap, 2, 3},
		{"tail cut", func(l [][]byte, h *Head) ([][]byte, *Head) { return l[:3], h }, Truncated, 4, 0},
		{"no checkpoint", func(l [][]byte, h *Head) ([][]byte, *Head) { return l, nil }, NoCheckpoint, 5, 0},
		{"checkpoint of another record", func(l [][]byte, h *Head) ([][]byte, *Head) {
			h2 := k.SignHead(Head{Seq: 5, MAC: strings.Repeat("0", 64), Time: "t"})
			return l, &h2
		}, BadCheckpoint, 5, 0},
		{"not a record", func(l [][]byte, h *Head) ([][]byte, *Head) {
			l[0] = []byte(`{"seq":1}`)
			return l, h
		}, BadRecord, 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, h := chain(t, k, 5)
			l, hp := c.tamper(l, &h)
			b := check(k, l, hp)
			if c.kind == "" {
				require.Nil(t, b)
				return
			}
			require.NotNil(t, b)
			assert.Equal(t, c.kind, b.Kind, b.Error())
			assert.Equal(t, c.seq, b.Seq, b.Error())
			assert.Equal(t, c.line, b.Line, b.Error())
		})
	}
}

func TestVMChainsFindGapsAndEdits(t *testing.T) {
	c := NewVMChains()
	c.Add(1, []byte(`{"event_id":"a-1","hash":"x"}`))
	require.Len(t, c.Gaps, 1, "the hash does not recompute")
	assert.Contains(t, c.Gaps[0].Detail, "its hash does not recompute")
	c.Add(2, []byte(`{"event_id":"b-1"}`))
	assert.Empty(t, c.Events["b"], "events without a VM chain are not followed")
}
