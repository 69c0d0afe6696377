package captures

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/recording"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const key = "test-capture-key-0123456789abcdef-xyz"

var opts = Options{Retention: time.Hour, MaxBytes: 1 << 20}

func capture(id, body string) []byte {
	return []byte(`{"capture_id":"` + id + `","time":"2026-12-07T01:02:03Z","policy_version":"v1","policy_hash":"` +
		strings.Repeat("a", 64) + `","events":[{"layer":"context"}],"exchange":{"method":"POST","path":"/v1/chat/completions","request_body":` +
		jsonx.Quote(body) + `}}`)
}

func export(t *testing.T, s *Store) string {
	var b bytes.Buffer
	_, err := s.Export(&b, time.Time{}, 1000)
	require.NoError(t, err)
	return b.String()
}

func TestSealedAtRestAndExported(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, []byte(key), opts)
	require.NoError(t, err)
	_, err = s.Put(capture("c1", "secret customer text"))
	require.NoError(t, err)
	// A retry after a lost answer is stored once.
	_, err = s.Put(capture("c1", "secret customer text"))
	require.NoError(t, err)
	n, _ := s.Stats()
	assert.Equal(t, 1, n)
	raw, err := os.ReadFile(filepath.Join(dir, "captures", "c1.cap"))
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "secret customer text", "a capture is stored encrypted")
	out := export(t, s)
	assert.Contains(t, out, "secret customer text")
	l, err := recording.ParseExportLine([]byte(strings.TrimSpace(out)))
	require.NoError(t, err)
	require.NotNil(t, l.Capture)
	assert.Equal(t, "c1", l.Capture.ID)
}

func TestWrongKeyOrAlteredFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, []byte(key), opts)
	require.NoError(t, err)
	_, err = s.Put(capture("c1", "x"))
	require.NoError(t, err)
	_, err = Open(dir, []byte(key+"-other"), opts)
	require.ErrorContains(t, err, "does not decrypt")
	// A file moved to another capture's name no longer opens: the name is
	// bound into the sealed data.
	p := filepath.Join(dir, "captures")
	require.NoError(t, os.Rename(filepath.Join(p, "c1.cap"), filepath.Join(p, "c2.cap")))
	_, err = Open(dir, []byte(key), opts)
	require.ErrorContains(t, err, "c2.cap: does not decrypt")
	_, err = Open(dir, []byte("short"), opts)
	require.ErrorContains(t, err, "at least 32")
}

func TestInvalidCapturesAreRefusedByField(t *testing.T) {
	s, err := Open(t.TempDir(), []byte(key), opts)
	require.NoError(t, err)
	for _, tc := range []struct{ body, want string }{
		{`{"capture_id":"../x","time":"2026-12-07T01:02:03Z","policy_hash":"` + strings.Repeat("a", 64) + `","events":[],"exchange":{"method":"GET","path":"/"}}`, "capture_id"},
		{`{"capture_id":"a","time":"yesterday","policy_hash":"` + strings.Repeat("a", 64) + `","events":[],"exchange":{"method":"GET","path":"/"}}`, "time"},
		{`{"capture_id":"a","time":"2026-12-07T01:02:03Z","policy_hash":"x","events":[],"exchange":{"method":"GET","path":"/"}}`, "policy_hash"},
		{`{"capture_id":"a","time":"2026-12-07T01:02:03Z","policy_hash":"` + strings.Repeat("a", 64) + `","events":[],"exchange":{"path":"/"}}`, "exchange: method"},
		{`{"capture_id":"a","time":"2026-12-07T01:02:03Z","policy_hash":"` + strings.Repeat("a", 64) + `","events":[],"exchange":{"method":"GET","path":"/"},"extra":1}`, "unknown field"},
	} {
		_, err := s.Put([]byte(tc.body))
		require.ErrorIs(t, err, ErrInvalid)
		assert.ErrorContains(t, err, tc.want)
	}
}

func TestRetentionAndSizeBound(t *testing.T) {
	dir := t.TempDir()
	one := int64(len(capture("c0", strings.Repeat("x", 1000)))) + 28
	s, err := Open(dir, []byte(key), Options{Retention: time.Hour, MaxBytes: 3 * one})
	require.NoError(t, err)
	for _, id := range []string{"c1", "c2", "c3", "c4", "c5"} {
		_, err := s.Put(capture(id, strings.Repeat("x", 1000)))
		require.NoError(t, err)
	}
	n, b := s.Stats()
	assert.Equal(t, 3, n, "the oldest go first past the size bound")
	assert.LessOrEqual(t, b, 3*one)
	out := export(t, s)
	assert.NotContains(t, out, `"c1"`)
	assert.Contains(t, out, `"c5"`)
	// Past the retention they are gone, also after a restart.
	old := time.Now().Add(-2 * time.Hour)
	for _, id := range []string{"c3", "c4"} {
		require.NoError(t, os.Chtimes(filepath.Join(dir, "captures", id+".cap"), old, old))
	}
	s, err = Open(dir, []byte(key), Options{Retention: time.Hour, MaxBytes: 3 * one})
	require.NoError(t, err)
	n, _ = s.Stats()
	assert.Equal(t, 1, n)
}

func TestPolicyStoredByItsHash(t *testing.T) {
	s, err := Open(t.TempDir(), []byte(key), opts)
	require.NoError(t, err)
	doc := `{"policy_version": "v1", "mode": "enforce"}`
	h := jsonx.CanonicalHash([]byte(doc))
	require.NoError(t, s.PutPolicy([]byte(`{"hash":"`+h+`","document":`+doc+`}`)))
	err = s.PutPolicy([]byte(`{"hash":"` + strings.Repeat("b", 64) + `","document":` + doc + `}`))
	require.ErrorIs(t, err, ErrInvalid)
	assert.ErrorContains(t, err, "does not match the document")
	c := strings.Replace(string(capture("c1", "x")), strings.Repeat("a", 64), h, 1)
	_, err = s.Put([]byte(c))
	require.NoError(t, err)
	out := export(t, s)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, "the policy document comes before the capture it decided")
	l, err := recording.ParseExportLine([]byte(lines[0]))
	require.NoError(t, err)
	require.NotNil(t, l.Policy)
	assert.Equal(t, h, l.Policy.Hash)
}
