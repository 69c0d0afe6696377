package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testSecret   = "filter-secret-0123456789"
	testApprover = "approver-token-0123456789"
	testAuditKey = "audit-key-for-tests-0123456789-0123456789"
)

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

// built is the binary under test, built once per test binary.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildRunner builds the binary under test (once).
func buildRunner(t *testing.T) string {
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "sandbox-runner-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "sandbox-runner")
		build := exec.Command("go", "build", "-o", built.bin, ".")
		build.Stderr = os.Stderr
		built.err = build.Run()
	})
	require.NoError(t, built.err)
	return built.bin
}

// startWait bounds how long a runner may take to become ready: generous,
// for a loaded machine; a runner that exits ends the wait at once.
const startWait = 90 * time.Second

// startRunner starts the real binary over dataDir and waits until it is
// ready; env adds environment variables.
func startRunner(t *testing.T, bin, dataDir, addr string, env ...string) *runnerProc {
	t.Helper()
	cmd, err := launchRunner(bin, dataDir, addr, startWait, env...)
	if err != nil {
		t.Fatal(err)
	}
	return cmd
}

// syncBuffer collects a process's output for an error message.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() < 64<<10 {
		b.buf.Write(p[:min(len(p), 64<<10-b.buf.Len())])
	}
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runnerProc is a started runner. Its Wait returns once the process is
// gone (the exit is collected while waiting for readiness, so exec.Cmd's
// own Wait cannot be called again).
type runnerProc struct {
	*exec.Cmd
	done chan struct{}
	err  error
}

func (p *runnerProc) Wait() error {
	<-p.done
	return p.err
}

// launchRunner starts the runner and polls /readyz until it answers 200,
// the process exits (the error carries its output) or bound passes.
func launchRunner(bin, dataDir, addr string, bound time.Duration, env ...string) (*runnerProc, error) {
	toolsDir := filepath.Join(testbuild.Dir(), "tools")
	cmd := exec.Command(bin, "--listen", addr, "--data-dir", dataDir, "--tools-dir", toolsDir,
		"--secret", testSecret, "--approver-token", testApprover, "--audit-key", testAuditKey)
	cmd.Env = append(os.Environ(), env...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &runnerProc{Cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.After(bound)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			return nil, fmt.Errorf("runner exited before it was ready (%v); its output:\n%s", p.err, out.String())
		case <-deadline:
			cmd.Process.Kill()
			<-p.done
			return nil, fmt.Errorf("runner not ready within %s; its output:\n%s", bound, out.String())
		case <-tick.C:
			resp, err := client.Get("http://" + addr + "/readyz")
			if err != nil {
				continue
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
	}
}

// TestAcknowledgedEventsSurviveKill9 posts event batches from several
// clients, kills the runner with SIGKILL mid-ingest, restarts it, and
// checks that every acknowledged event is in the log and the chain holds.
func TestAcknowledgedEventsSurviveKill9(t *testing.T) {
	testbuild.Path(t, "tools", "starlark.wasm")
	bin := buildRunner(t)
	data := t.TempDir()
	addr := freeAddr(t)
	cmd := startRunner(t, bin, data, addr)

	var mu sync.Mutex
	acked := map[string]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 4; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var batch []string
				for k := 0; k < 5; k++ {
					batch = append(batch, fmt.Sprintf(`{"class":"detection_finding","event_id":"c%d-%d-%d"}`, c, i, k))
				}
				req, _ := http.NewRequest("POST", "http://"+addr+"/v1/events", strings.NewReader("["+strings.Join(batch, ",")+"]"))
				req.Header.Set("x-aisecops-secret", testSecret)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return // the runner is gone
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					mu.Lock()
					for _, e := range batch {
						var v struct {
							ID string `json:"event_id"`
						}
						json.Unmarshal([]byte(e), &v)
						acked[v.ID] = true
					}
					mu.Unlock()
				}
			}
		}(c)
	}
	time.Sleep(700 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	cmd.Wait()
	close(stop)
	wg.Wait()
	mu.Lock()
	n := len(acked)
	mu.Unlock()
	require.Greater(t, n, 20, "the test must ingest something before the kill")

	cmd = startRunner(t, bin, data, addr) // Open re-verifies the chain
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	req, _ := http.NewRequest("GET", "http://"+addr+"/v1/events?since=0&limit=100000", nil)
	req.Header.Set("Authorization", "Bearer "+testApprover)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	stored := map[string]bool{}
	sc := bufio.NewScanner(resp.Body)
	prevSeq := uint64(0)
	for sc.Scan() {
		var r struct {
			Seq   uint64 `json:"seq"`
			Event struct {
				ID string `json:"event_id"`
			} `json:"event"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		require.Equal(t, prevSeq+1, r.Seq, "no gap in sequence")
		prevSeq = r.Seq
		stored[r.Event.ID] = true
	}
	for id := range acked {
		assert.True(t, stored[id], "acknowledged event %s lost", id)
	}
	t.Logf("acknowledged %d events before SIGKILL; %d stored after restart", n, len(stored))
}

// TestStartRunnerWaitsForReadiness starts a runner that takes longer to
// come up than the old fixed wait (10 s) allowed, as on a loaded machine;
// and one that cannot start, whose failure and output come at once.
func TestStartRunnerWaitsForReadiness(t *testing.T) {
	bin := buildRunner(t)
	addr := freeAddr(t)
	start := time.Now()
	cmd := startRunner(t, bin, t.TempDir(), addr, "AISECOPS_RUNNER_TEST_START_DELAY=12s")
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	assert.GreaterOrEqual(t, time.Since(start), 12*time.Second)
	resp, err := http.Get("http://" + addr + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}

func TestStartRunnerReportsEarlyExit(t *testing.T) {
	bin := buildRunner(t)
	start := time.Now()
	// A data directory that is a file: the runner exits at once.
	notDir := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(notDir, nil, 0o600))
	_, err := launchRunner(bin, notDir, freeAddr(t), startWait)
	require.Error(t, err)
	assert.Less(t, time.Since(start), startWait/3, "the wait ends when the process exits")
	assert.Contains(t, err.Error(), "runner exited before it was ready")
	assert.Contains(t, err.Error(), "not a directory", "the runner's own output is in the error")
}

// TestLimitFlags: the quota and budget flags refuse values that would
// switch the limits off, naming the flag.
func TestLimitFlags(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	base := []string{"--secret", testSecret, "--approver-token", testApprover, "--audit-key", testAuditKey, "--data-dir", t.TempDir()}
	for _, tc := range []struct{ flag, want string }{
		{"--memory-budget-mb=0", "--memory-budget-mb: must be positive, got 0"},
		{"--scratch-max-bytes=-1", "--scratch-max-bytes: must be positive, got -1"},
		{"--scratch-max-files=0", "--scratch-max-files: must be positive, got 0"},
		{"--max-approval-args-bytes=0", "--max-approval-args-bytes: must be positive, got 0"},
	} {
		err := run(append([]string{tc.flag}, base...), log)
		require.Error(t, err, tc.flag)
		assert.Equal(t, tc.want, err.Error())
	}
	err := run(append([]string{"--memory-budget-mb=100", "--tools-dir", filepath.Join(testbuild.Dir(), "tools")}, base...), log)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "memory budget 100 MiB is below one run at the ceilings (514 MiB")
}

// TestAuditKeyFlags: the runner does not start without an audit key, with
// a short one, with one a filter or an approver also holds, or with two.
func TestAuditKeyFlags(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	file := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(file, []byte("short\n"), 0o600))
	base := []string{"--secret", testSecret, "--approver-token", testApprover, "--data-dir", t.TempDir()}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "--audit-key (AISECOPS_RUNNER_AUDIT_KEY) or --audit-key-file: required, at least 32 bytes"},
		{[]string{"--audit-key", "0123456789"}, "--audit-key: audit key: 10 bytes, need at least 32"},
		{[]string{"--audit-key-file", file}, "--audit-key: audit key: 5 bytes, need at least 32"},
		{[]string{"--audit-key-file", file + ".missing"}, "--audit-key-file: open"},
		{[]string{"--audit-key", testAuditKey, "--audit-key-file", file}, "--audit-key and --audit-key-file: give one, not both"},
		{[]string{"--secret", testAuditKey, "--audit-key", testAuditKey}, "--audit-key must differ from --secret and --approver-token"},
	} {
		err := run(append(append([]string{}, base...), tc.args...), log)
		require.Error(t, err, tc.args)
		assert.Contains(t, err.Error(), tc.want, tc.args)
	}
}
