package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/eventchain"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testAuditKey = "audit-key-for-tests-0123456789-0123456789"

// writeLog writes a runner event directory of n records from one filter
// VM (its own chain intact unless skip names an event number it never
// delivered) and returns it.
func writeLog(t *testing.T, n int, skip int) string {
	k, err := eventchain.NewKey([]byte(testAuditKey))
	require.NoError(t, err)
	dir := t.TempDir()
	var buf bytes.Buffer
	prev, vmHash := "", ""
	seq := uint64(0)
	for i := 1; i <= n; i++ {
		ev := fmt.Sprintf(`{"event_id":"vm1-%d","action":"block"`, i)
		if vmHash != "" {
			ev += `,"prev_hash":` + jsonx.Quote(vmHash)
		}
		vmHash = jsonx.SHA256Hex(jsonx.Canonical([]byte(ev + "}")))
		ev += `,"hash":` + jsonx.Quote(vmHash) + "}"
		if i == skip {
			continue
		}
		seq++
		r := k.Seal(seq, prev, []byte(ev))
		line, err := json.Marshal(r)
		require.NoError(t, err)
		buf.Write(append(line, '\n'))
		prev = r.MAC
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "events-000001.jsonl"), buf.Bytes(), 0o600))
	head, err := json.Marshal(k.SignHead(eventchain.Head{Seq: seq, MAC: prev, Time: "2026-12-07T00:00:00Z"}))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "head.json"), head, 0o600))
	return dir
}

func verify(t *testing.T, key string, args ...string) (string, int) {
	t.Setenv("AISECOPS_AUDIT_KEY", key)
	t.Setenv("AISECOPS_AUDIT_KEY_FILE", "")
	var out, errb bytes.Buffer
	code := run(append([]string{"events", "verify"}, args...), &out, &errb)
	return out.String() + errb.String(), code
}

func TestEventsVerify(t *testing.T) {
	dir := writeLog(t, 6, 0)
	seg := filepath.Join(dir, "events-000001.jsonl")
	out, code := verify(t, testAuditKey, dir)
	require.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "6 record(s), last seq 6")
	assert.Contains(t, out, "filter VM chains: 1 VM(s), 6 event(s), 0 gap(s)")

	// A FILE without its checkpoint: the tail is not checked, and it says so.
	out, code = verify(t, testAuditKey, seg)
	require.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "none given (--head): the tail is not checked")
	out, code = verify(t, testAuditKey, "--head", filepath.Join(dir, "head.json"), seg)
	require.Equal(t, exitOK, code, out)

	// An anchor kept elsewhere that the log falls short of.
	out, code = verify(t, testAuditKey, "--expect-seq", "9", dir)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, out, "BROKEN: "+dir+": seq 7: truncated: the log ends at seq 6, short of the --expect-seq anchor 9")

	// Another key: the first record's MAC does not match.
	out, code = verify(t, strings.ToUpper(testAuditKey), dir)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, out, "BROKEN: "+seg+":1: seq 1: bad_mac")

	// A forged checkpoint.
	editHead(t, dir, func(s string) string { return strings.Replace(s, `"seq":6`, `"seq":5`, 1) })
	out, code = verify(t, testAuditKey, dir)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, out, "BROKEN: "+filepath.Join(dir, "head.json")+": seq 5: bad_checkpoint: the checkpoint's signature does not match")
}

// TestEventsVerifyVMGap: the runner's chain holds, but a filter VM's
// event 3 never arrived: reported, and the exit is 1.
func TestEventsVerifyVMGap(t *testing.T) {
	dir := writeLog(t, 5, 3)
	out, code := verify(t, testAuditKey, dir)
	assert.Equal(t, exitRefused, code, out)
	assert.Contains(t, out, "VM vm1, at runner seq 3: event vm1-4 follows vm1-2: 1 event(s) of this VM are not in the log")
}

func TestEventsVerifyUsage(t *testing.T) {
	dir := writeLog(t, 2, 0)
	for _, c := range []struct {
		key  string
		args []string
		want string
	}{
		{"", []string{dir}, "the runner's audit key is required"},
		{"short", []string{dir}, "audit key: 5 bytes, need at least 32"},
		{testAuditKey, []string{}, "usage: aisecops events verify"},
		{testAuditKey, []string{filepath.Join(dir, "nope")}, "no such file"},
		{testAuditKey, []string{t.TempDir()}, "not a runner event directory"},
		{testAuditKey, []string{"http://127.0.0.1:1"}, "--token or $AISECOPS_APPROVER_TOKEN is required for a URL"},
	} {
		t.Setenv("AISECOPS_APPROVER_TOKEN", "")
		out, code := verify(t, c.key, c.args...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, out, c.want, c.args)
	}
}

func editHead(t *testing.T, dir string, fn func(string) string) {
	p := filepath.Join(dir, "head.json")
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, []byte(fn(string(b))), 0o600))
}
