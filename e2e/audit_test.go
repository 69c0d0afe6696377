package e2e

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// TestAuditTrailSurvivesRunnerRestart is the audit trail's acceptance
// test: traffic flows through the compiled filter while the runner is
// killed (SIGKILL) for three seconds and started again on the same data
// directory. Every event the filter emitted is then in the runner's log
// exactly once, the log verifies (`aisecops events verify`, over HTTP and
// on the directory), and an edit, a reorder, a deletion or a cut tail of
// a copy is reported at its place.
func TestAuditTrailSurvivesRunnerRestart(t *testing.T) {
	st, err := StartStack(testbuild.Root())
	require.NoError(t, err)
	defer st.Close()
	env, err := st.Embedded(false)
	require.NoError(t, err)

	// Each malformed request is refused with one event. Traffic pauses
	// while the runner starts again, which takes seconds on a loaded
	// machine: otherwise the filter's queue bound (1000 events) is what a
	// slow start would test.
	var sent sync.WaitGroup
	stop := make(chan struct{})
	var paused atomic.Bool
	var reqs, failed int
	sent.Add(1)
	go func() {
		defer sent.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if paused.Load() {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			code, _, err := rawPost(env, "/v1/chat/completions", []byte(`{"model":"gpt-4o","messages":[`))
			reqs++
			if err != nil || code != 400 {
				failed++
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	st.StopRunner()
	down := len(env.Events())
	time.Sleep(3 * time.Second)
	paused.Store(true)
	downEnd := len(env.Events())
	require.NoError(t, st.StartRunner())
	paused.Store(false)
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	sent.Wait()
	require.Zero(t, failed, "every request was refused by the filter with 400")
	emitted := env.Events()
	require.Greater(t, downEnd-down, 20, "events were emitted while the runner was down")
	t.Logf("%d requests; %d events emitted, %d of them while the runner was down", reqs, len(emitted), downEnd-down)

	// Wait (generously) until the filter's retries have delivered them all.
	want := map[string]int{}
	for _, e := range emitted {
		want[gjson.Get(e, "event_id").String()]++
	}
	var stored []string
	deadline := time.Now().Add(90 * time.Second)
	for {
		stored = runnerEvents(t, st)
		if len(stored) >= len(emitted) || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	got := map[string]int{}
	for _, r := range stored {
		got[gjson.Get(r, "event.event_id").String()]++
	}
	for id, n := range want {
		require.Equal(t, 1, n, "the filter emits each id once")
		assert.Equal(t, 1, got[id], "event %s in the runner's log once", id)
	}
	assert.Len(t, stored, len(emitted), "nothing else in the log")
	assert.Positive(t, env.Metric("aisecops_errors_total", "kind", "event_post_failed"), "posts failed while the runner was down")
	assert.Zero(t, env.Metric("aisecops_errors_total", "kind", "event_dropped"), "none dropped")

	// Events emitted just before the filter goes (less than a tick) are
	// handed over as it goes, not lost.
	for range 5 {
		rawPost(env, "/v1/chat/completions", []byte(`{"model":"gpt-4o","messages":[`))
	}
	last := env.Events()
	require.Len(t, last, len(emitted)+5)
	for _, c := range st.filterClosers {
		c()
	}
	st.filterClosers = nil
	stored = runnerEvents(t, st)
	assert.Len(t, stored, len(last), "the last events were delivered when the filter closed")
	assert.Contains(t, stored[len(stored)-1], gjson.Get(last[len(last)-1], "event_id").String())

	// The log verifies, over HTTP and on disk.
	out, code := verifyCmd(t, st, st.RunnerURL)
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "filter VM chains: 1 VM(s)")
	assert.Contains(t, out, "0 gap(s)")
	dir := filepath.Join(st.RunnerData, "events")
	out, code = verifyCmd(t, st, dir)
	require.Equal(t, 0, code, out)

	// Tampering with a copy, each reported where it is.
	lines := func(d string) []string {
		b, err := os.ReadFile(filepath.Join(d, "events-000001.jsonl"))
		require.NoError(t, err)
		l := strings.SplitAfter(string(b), "\n")
		return l[:len(l)-1] // each line with its newline
	}
	n := len(lines(dir))
	require.Greater(t, n, 20)
	seg := "events-000001.jsonl"
	cases := []struct {
		name   string
		edit   func([]string) []string
		broken string
	}{
		{"edit", func(l []string) []string {
			l[9] = strings.Replace(l[9], `"action":"block"`, `"action":"allow"`, 1)
			return l
		}, seg + ":10: seq 10: bad_mac"},
		{"reorder", func(l []string) []string {
			l[9], l[10] = l[10], l[9]
			return l
		}, seg + ":10: seq 11: seq_gap: expected seq 10, found 11"},
		{"reorder and renumber", func(l []string) []string {
			l[9], l[10] = strings.Replace(l[10], `"seq":11,`, `"seq":10,`, 1), strings.Replace(l[9], `"seq":10,`, `"seq":11,`, 1)
			return l
		}, seg + ":10: seq 10: prev_mismatch"},
		{"delete one", func(l []string) []string {
			return append(l[:9:9], l[10:]...)
		}, seg + ":10: seq 11: seq_gap: expected seq 10, found 11 (records 10..10 missing or moved)"},
		{"truncate the tail", func(l []string) []string {
			return l[:n-3]
		}, "head.json: seq " + strconv.Itoa(n-2) + ": truncated: the log ends at seq " + strconv.Itoa(n-3) + " but the checkpoint says seq " + strconv.Itoa(n)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cp := t.TempDir()
			head, err := os.ReadFile(filepath.Join(dir, "head.json"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(cp, "head.json"), head, 0o600))
			l := c.edit(lines(dir))
			require.NoError(t, os.WriteFile(filepath.Join(cp, seg), []byte(strings.Join(l, "")), 0o600))
			out, code := verifyCmd(t, st, cp)
			assert.Equal(t, 1, code, out)
			assert.Contains(t, out, "BROKEN: "+filepath.Join(cp, c.broken), out)
		})
	}

	// Cut while the runner runs: its export falls short of its checkpoint.
	t.Run("truncate the live log", func(t *testing.T) {
		l := lines(dir)
		require.NoError(t, os.WriteFile(filepath.Join(dir, seg), []byte(strings.Join(l[:len(l)-1], "")), 0o640))
		out, code := verifyCmd(t, st, st.RunnerURL)
		assert.Equal(t, 1, code, out)
		assert.Contains(t, out, "truncated: the log ends at seq "+strconv.Itoa(len(l)-1)+" but the checkpoint says seq "+strconv.Itoa(len(l)), out)
	})
}

// runnerEvents reads every record of the runner's log.
func runnerEvents(t *testing.T, st *Stack) []string {
	req, _ := http.NewRequestWithContext(context.Background(), "GET", st.RunnerURL+"/v1/events?since=0&limit=100000", nil)
	req.Header.Set("Authorization", "Bearer "+st.ApproverToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// verifyCmd runs the built CLI's `events verify` on src.
func verifyCmd(t *testing.T, st *Stack, src string) (string, int) {
	cmd := exec.Command(st.buildPath("aisecops"), "events", "verify", src)
	cmd.Env = append(os.Environ(), "AISECOPS_AUDIT_KEY="+RunnerAuditKey, "AISECOPS_APPROVER_TOKEN="+st.ApproverToken,
		"AISECOPS_AUDIT_KEY_FILE=")
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return string(out), code
}
