package events

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/eventchain"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func key(t *testing.T, s string) eventchain.Key {
	k, err := eventchain.NewKey([]byte(s))
	require.NoError(t, err)
	return k
}

const secret = "audit-key-for-tests-0123456789-0123456789"

func batch(vm string, from, to int) []json.RawMessage {
	var out []json.RawMessage
	for i := from; i <= to; i++ {
		out = append(out, json.RawMessage(fmt.Sprintf(`{"event_id":"%s-%d","action":"block"}`, vm, i)))
	}
	return out
}

func TestAppendDeduplicatesAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, 0, key(t, secret))
	require.NoError(t, err)
	st, err := l.Append(batch("a", 1, 3))
	require.NoError(t, err)
	assert.Equal(t, Stored{FirstSeq: 1, LastSeq: 3}, st)
	// A retry that overlaps, and a duplicate inside one batch.
	st, err = l.Append(append(batch("a", 2, 4), batch("a", 4, 4)...))
	require.NoError(t, err)
	assert.Equal(t, Stored{FirstSeq: 4, LastSeq: 4, Duplicates: 3}, st)
	require.NoError(t, l.Close())

	// The window is reloaded from the log.
	l, err = Open(dir, 0, key(t, secret))
	require.NoError(t, err)
	defer l.Close()
	st, err = l.Append(batch("a", 1, 5))
	require.NoError(t, err)
	assert.Equal(t, Stored{FirstSeq: 5, LastSeq: 5, Duplicates: 4}, st)
	assert.Equal(t, uint64(5), l.Head().Seq)
	assert.True(t, key(t, secret).CheckHead(l.Head()))
}

func TestDedupWindowForgetsOldest(t *testing.T) {
	l := &Log{ids: map[string]struct{}{}, ring: make([]string, 3)}
	for _, id := range []string{"a", "b", "c", "d"} {
		l.remember(id)
	}
	_, a := l.ids["a"]
	_, d := l.ids["d"]
	assert.False(t, a, "the oldest id left the window")
	assert.True(t, d)
	assert.Len(t, l.ids, 3)
}

// TestOpenRefusesTamperedLog: the runner does not append to a log whose
// chain or checkpoint does not hold, and says where it breaks.
func TestOpenRefusesTamperedLog(t *testing.T) {
	seg := func(dir string) string { return filepath.Join(dir, segmentName(1)) }
	cases := []struct {
		name   string
		tamper func(t *testing.T, dir string)
		want   string
	}{
		{"edit", func(t *testing.T, dir string) {
			editFile(t, seg(dir), func(s string) string {
				return strings.Replace(s, `"a-2","action":"block"`, `"a-2","action":"allow"`, 1)
			})
		}, "seq 2: bad_mac"},
		{"delete", func(t *testing.T, dir string) {
			editFile(t, seg(dir), func(s string) string {
				lines := strings.SplitAfter(s, "\n")
				return strings.Join(append(lines[:1], lines[2:]...), "")
			})
		}, "events-000001.jsonl:2: seq 3: seq_gap: expected seq 2, found 3"},
		{"truncate", func(t *testing.T, dir string) {
			editFile(t, seg(dir), func(s string) string {
				lines := strings.SplitAfter(s, "\n")
				return strings.Join(lines[:2], "")
			})
		}, "seq 3: truncated: the log ends at seq 2 but the checkpoint says seq 4"},
		{"checkpoint removed", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, HeadFile)))
		}, "no_checkpoint"},
		{"other key", func(*testing.T, string) {}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			l, err := Open(dir, 0, key(t, secret))
			require.NoError(t, err)
			_, err = l.Append(batch("a", 1, 4))
			require.NoError(t, err)
			require.NoError(t, l.Close())
			c.tamper(t, dir)
			k := key(t, secret)
			want := c.want
			if want == "" {
				k, want = key(t, strings.ToUpper(secret)), "seq 1: bad_mac"
			}
			_, err = Open(dir, 0, k)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
}

func TestOpenCutsTornLineAndKeepsCheckpoint(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, 0, key(t, secret))
	require.NoError(t, err)
	_, err = l.Append(batch("a", 1, 2))
	require.NoError(t, err)
	require.NoError(t, l.Close())
	f, err := os.OpenFile(filepath.Join(dir, segmentName(1)), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	f.WriteString(`{"seq":3,"prev":"`)
	f.Close()
	l, err = Open(dir, 0, key(t, secret))
	require.NoError(t, err)
	defer l.Close()
	assert.Equal(t, uint64(2), l.Seq())
	st, err := l.Append(batch("a", 3, 3))
	require.NoError(t, err)
	assert.Equal(t, uint64(3), st.LastSeq)
}

func TestRotationKeepsOneChain(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, 200, key(t, secret))
	require.NoError(t, err)
	for i := 1; i <= 6; i++ {
		_, err := l.Append(batch("a", i, i))
		require.NoError(t, err)
	}
	require.NoError(t, l.Close())
	segs, err := Segments(dir)
	require.NoError(t, err)
	assert.Greater(t, len(segs), 2, "segments rotated")
	l, err = Open(dir, 200, key(t, secret))
	require.NoError(t, err)
	defer l.Close()
	assert.Equal(t, uint64(6), l.Seq())
	var b strings.Builder
	n, err := l.Since(2, 100, &b)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
}

func editFile(t *testing.T, path string, fn func(string) string) {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(fn(string(b))), 0o640))
}
