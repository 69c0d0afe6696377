package sandbox

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func toolPath(t testing.TB, name string) string { return testbuild.Path(t, "tools", name+".wasm") }

func newExec(t testing.TB, cfg Config) *Executor {
	if cfg.Tools == nil {
		cfg.Tools = []Tool{
			{Name: "starlark", Path: toolPath(t, "starlark")},
			{Name: "sh", Path: toolPath(t, "sh"), Scratch: true},
		}
	}
	if cfg.ScratchRoot == "" {
		cfg.ScratchRoot = t.TempDir()
	}
	e, err := New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

func TestExecLimits(t *testing.T) {
	t.Setenv("AISECOPS_HOST_SECRET", "s3cr3t-value")
	scratchRoot := t.TempDir()
	// Starlark's own deadline is 10 s here, not the default 2 s: the
	// memory bomb must meet its memory limit before any deadline on a
	// loaded machine (under two other test runs it met the 2 s one
	// first).
	e := newExec(t, Config{ScratchRoot: scratchRoot, Tools: []Tool{
		{Name: "starlark", Path: toolPath(t, "starlark"), Defaults: Limits{TimeoutMS: 10000}},
		{Name: "sh", Path: toolPath(t, "sh"), Scratch: true},
	}})
	ctx := context.Background()
	tests := []struct {
		name     string
		req      Request
		exit     int
		stdout   string
		stderr   string
		limit    string
		maxDelay time.Duration
	}{
		{name: "starlark print", req: Request{Tool: "starlark", Input: "print(1+1)"}, stdout: "2\n"},
		{name: "starlark json and math", req: Request{Tool: "starlark", Input: `print(json.encode({"a": math.floor(2.7)}))`}, stdout: "{\"a\":2}\n"},
		{name: "starlark error", req: Request{Tool: "starlark", Input: "x = 1 +"}, exit: 1, stderr: "main.star"},
		// The request's 300 ms, not the tool's 2 s or 10 s, stopped the
		// loop: the bound sits between them, with room for a loaded
		// machine (a 400 ms bound failed at 577 ms with two other test
		// runs going).
		{name: "infinite loop stopped at deadline", req: Request{Tool: "starlark", Input: "while True:\n  pass", Limits: Limits{TimeoutMS: 300}},
			exit: ExitLimit, limit: "timeout", maxDelay: 1500 * time.Millisecond},
		{name: "shell infinite loop", req: Request{Tool: "sh", Input: "while true; do :; done", Limits: Limits{TimeoutMS: 300}},
			exit: ExitLimit, limit: "timeout", maxDelay: 1500 * time.Millisecond},
		// 8 MB a step: the 64 MiB limit is hit long before the 10 s
		// deadline (a request can only lower the tool's) on a loaded
		// machine too.
		{name: "memory bomb", req: Request{Tool: "starlark", Input: "x = []\nwhile True:\n  x.append('a' * 8000000)", Limits: Limits{MemoryMB: 64, TimeoutMS: 10000}},
			limit: "memory"},
		{name: "output flood", req: Request{Tool: "starlark", Input: "while True:\n  print('flood flood flood')", Limits: Limits{MaxOutputBytes: 4096, TimeoutMS: 5000}},
			exit: ExitLimit, limit: "output", maxDelay: 2 * time.Second},
		{name: "no host files", req: Request{Tool: "sh", Input: "cat /etc/passwd"}, exit: 1, stderr: "permission denied"},
		{name: "no escape from scratch", req: Request{Tool: "sh", Input: "cd /etc && cat passwd"}, exit: 1},
		{name: "no traversal", req: Request{Tool: "sh", Input: "cat /scratch/../etc/passwd"}, exit: 1, stderr: "permission denied"},
		{name: "no host environment", req: Request{Tool: "sh", Input: `echo "[$AISECOPS_HOST_SECRET][$USER][$HOME]"`}, stdout: "[][][/scratch]\n"},
		{name: "scratch works", req: Request{Tool: "sh", Input: "echo hello > note.txt; cat note.txt; ls"}, stdout: "hello\nnote.txt\n"},
		{name: "no external programs", req: Request{Tool: "sh", Input: "curl http://example.com"}, exit: 127, stderr: "command not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			res, err := e.Exec(ctx, tc.req)
			elapsed := time.Since(start)
			require.NoError(t, err)
			if tc.limit == "memory" {
				assert.NotZero(t, res.ExitCode, "stderr: %s", res.Stderr)
			} else {
				assert.Equal(t, tc.exit, res.ExitCode, "stderr: %s", res.Stderr)
			}
			assert.Equal(t, tc.limit, res.LimitHit, "stderr: %.300s", res.Stderr)
			if tc.stdout != "" {
				assert.Equal(t, tc.stdout, res.Stdout)
			}
			assert.Contains(t, res.Stderr, tc.stderr)
			if tc.maxDelay > 0 {
				assert.Less(t, elapsed, tc.maxDelay)
			}
			if tc.limit == "output" {
				assert.Len(t, res.Stdout, 4096)
			}
		})
	}
	// The runner is unhurt: a normal run still works, and no scratch
	// directory is left behind.
	res, err := e.Exec(ctx, Request{Tool: "starlark", Input: "print('ok')"})
	require.NoError(t, err)
	assert.Equal(t, "ok\n", res.Stdout)
	left, err := os.ReadDir(scratchRoot)
	require.NoError(t, err)
	assert.Empty(t, left)
}

func TestExecConcurrencyAndQueue(t *testing.T) {
	e := newExec(t, Config{Concurrency: 4, Queue: 4})
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, busy := 0, 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.Exec(context.Background(), Request{Tool: "starlark", Input: "print(1+1)"})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil && res.Stdout == "2\n":
				ok++
			case errors.Is(err, ErrBusy):
				busy++
			default:
				t.Errorf("unexpected result %+v err %v", res, err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 200, ok+busy)
	assert.GreaterOrEqual(t, ok, 8)
	assert.Greater(t, busy, 0)
	assert.Zero(t, e.QueueDepth())
}

func TestUnknownToolAndClamp(t *testing.T) {
	e := newExec(t, Config{MaxTimeoutMS: 1000})
	_, err := e.Exec(context.Background(), Request{Tool: "python"})
	require.ErrorIs(t, err, ErrUnknownTool)
	assert.Contains(t, err.Error(), "registered: sh, starlark")
	l := e.limits(e.tools["starlark"], Limits{TimeoutMS: 999999, MemoryMB: 100000, MaxOutputBytes: 1 << 40})
	assert.Equal(t, 1000, l.TimeoutMS, "requests cannot raise limits past the ceiling")
	assert.Equal(t, defaultMemoryMB, l.MemoryMB)
	assert.Equal(t, defaultOutput, l.MaxOutputBytes)
}

var _ = strings.Contains
