package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testSecret   = "filter-secret-0123456789"
	testApprover = "approver-token-0123456789"
)

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

// buildRunner builds the binary under test.
func buildRunner(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "sandbox-runner")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	return bin
}

// startRunner builds and starts the real binary over dataDir.
func startRunner(t *testing.T, bin, dataDir, addr string) *exec.Cmd {
	cmd := exec.Command(bin, "--listen", addr, "--data-dir", dataDir, "--tools-dir", "../build/tools",
		"--secret", testSecret, "--approver-token", testApprover)
	cmd.Stderr = io.Discard
	require.NoError(t, cmd.Start())
	for i := 0; i < 200; i++ {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return cmd
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("runner did not start")
	return nil
}

// TestAcknowledgedEventsSurviveKill9 posts event batches from several
// clients, kills the runner with SIGKILL mid-ingest, restarts it, and
// checks that every acknowledged event is in the log and the chain holds.
func TestAcknowledgedEventsSurviveKill9(t *testing.T) {
	if _, err := os.Stat("../build/tools/starlark.wasm"); err != nil {
		t.Fatal("build/tools missing: run make build")
	}
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
