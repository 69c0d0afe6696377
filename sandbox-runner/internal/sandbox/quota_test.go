package sandbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFlood is an sh program that writes a file of 1 MiB and a newline,
// then copies it 200 times as fast as it can.
const writeFlood = `s=0123456789abcdef
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do s=$s$s; done
echo $s > one
i=0
while [ $i -lt 200 ]; do cp one f$i; i=$((i+1)); done
echo done`

// TestScratchQuotaDefault: with nothing configured, a write flood stops
// at the default quota (64 MiB) instead of filling the host's disk, and
// the result says which limit was hit.
func TestScratchQuotaDefault(t *testing.T) {
	root := t.TempDir()
	// A long deadline, so that on a loaded machine the quota, not the
	// clock, ends the flood.
	e, err := New(Config{Tools: []Tool{{Name: "sh", Path: toolPath(t, "sh"), Scratch: true, Defaults: Limits{TimeoutMS: 30000}}},
		ScratchRoot: root})
	require.NoError(t, err)
	defer e.Close(context.Background())
	res, err := e.Exec(context.Background(), Request{Tool: "sh", Input: writeFlood})
	require.NoError(t, err)
	assert.Equal(t, "scratch_bytes", res.LimitHit, "stderr: %.300s", res.Stderr)
	assert.Equal(t, "done\n", res.Stdout, "the program goes on after failed writes")
	// 63 copies of 1 MiB+1 fit in 64 MiB (one, f0..f61); f62 is the
	// first that fails.
	fit := (64<<20)/(1<<20+1) - 1
	assert.NotContains(t, res.Stderr, "/scratch/f"+strconv.Itoa(fit-1)+":")
	assert.Contains(t, res.Stderr, "cp: write /scratch/f"+strconv.Itoa(fit)+": I/O error")
	left, err := os.ReadDir(root)
	require.NoError(t, err)
	assert.Empty(t, left, "the scratch directory is removed")
}

// TestScratchQuotaConfigured: small quotas on bytes and on files; the
// program sees a failed write (EIO: wazero has no ENOSPC) and goes on,
// and the result names the limit on LimitHit and stderr.
func TestScratchQuotaConfigured(t *testing.T) {
	e := newExec(t, Config{ScratchMaxBytes: 4096, ScratchMaxFiles: 5})
	ctx := context.Background()
	t.Run("bytes", func(t *testing.T) {
		script := `i=0
while [ $i -lt 200 ]; do echo 0123456789012345678901234567890123456789 >> log.txt; i=$((i+1)); done
wc log.txt
cp log.txt copy.txt
echo after`
		res, err := e.Exec(ctx, Request{Tool: "sh", Input: script})
		require.NoError(t, err)
		assert.Equal(t, LimitScratchBytes, res.LimitHit)
		assert.Contains(t, res.Stderr, "cp: write /scratch/copy.txt: I/O error", "the program's own write failed")
		assert.Contains(t, res.Stderr, "sandbox: /scratch quota exceeded (scratch_bytes): more than 4096 bytes written")
		// 99 whole lines of 41 bytes, then 37 bytes of the 100th: the
		// file ends exactly at the quota, and the program goes on.
		assert.Equal(t, "99 100 4096 log.txt\nafter\n", res.Stdout)
	})
	t.Run("exactly at the quota is fine", func(t *testing.T) {
		// 4096 bytes: 64 lines of 63 characters and a newline.
		script := `s=012345678901234567890123456789012345678901234567890123456789012
i=0
while [ $i -lt 64 ]; do echo $s >> full.txt; i=$((i+1)); done
wc full.txt`
		res, err := e.Exec(ctx, Request{Tool: "sh", Input: script})
		require.NoError(t, err)
		assert.Empty(t, res.LimitHit, "stderr: %s", res.Stderr)
		assert.Equal(t, "64 64 4096 full.txt\n", res.Stdout)
	})
	t.Run("files", func(t *testing.T) {
		res, err := e.Exec(ctx, Request{Tool: "sh", Input: `mkdir d
for i in 1 2 3 4 5 6 7 8; do touch f$i; done
ls`})
		require.NoError(t, err)
		assert.Equal(t, LimitScratchFiles, res.LimitHit)
		assert.Equal(t, "d\nf1\nf2\nf3\nf4\n", res.Stdout, "one directory and four files fit in five")
		assert.Contains(t, res.Stderr, "sandbox: /scratch quota exceeded (scratch_files): more than 5 files, directories or links created")
	})
	t.Run("a fresh quota per run", func(t *testing.T) {
		res, err := e.Exec(ctx, Request{Tool: "sh", Input: "echo hello > a.txt; cat a.txt"})
		require.NoError(t, err)
		assert.Empty(t, res.LimitHit)
		assert.Equal(t, "hello\n", res.Stdout)
	})
}

// TestMemoryBudgetDefault: four runs at the 256 MiB memory ceiling each
// reserve 514 MiB of the default 640 MiB budget, so they run one after
// another instead of together (they all wait; none is refused).
func TestMemoryBudgetDefault(t *testing.T) {
	e, err := New(Config{Tools: []Tool{{Name: "starlark", Path: toolPath(t, "starlark"), Defaults: Limits{MemoryMB: 256}}},
		Concurrency: 4, Queue: 4, ScratchRoot: t.TempDir()})
	require.NoError(t, err)
	defer e.Close(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ends []time.Duration
	start := time.Now()
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.Exec(context.Background(), Request{Tool: "starlark", Input: "while True:\n  pass",
				Limits: Limits{MemoryMB: 256, TimeoutMS: 300}})
			if !assert.NoError(t, err) {
				return
			}
			assert.Equal(t, "timeout", res.LimitHit)
			mu.Lock()
			ends = append(ends, time.Since(start))
			mu.Unlock()
		}()
	}
	wg.Wait()
	require.Len(t, ends, 4)
	sort.Slice(ends, func(i, j int) bool { return ends[i] < ends[j] })
	assert.GreaterOrEqual(t, ends[3]-ends[0], 800*time.Millisecond,
		"the runs ended one after another, not together: %v", ends)
}

// TestMemoryBudgetConfigured: with a budget for two runs, eight callers
// all get their result and the reservations never exceed the budget; a
// request that needs more than the whole budget is refused at once; a
// budget below one run at the ceilings is a configuration error.
func TestMemoryBudgetConfigured(t *testing.T) {
	one := reservation(Limits{MemoryMB: 32, MaxOutputBytes: 4096}, len("while True:\n  pass"))
	budgetMB := int((2*one + (1 << 20) - 1) >> 20) // two runs, not three
	require.Less(t, int64(budgetMB)<<20, 3*one)
	e := newExec(t, Config{Concurrency: 4, Queue: 4, MaxMemoryMB: 32, MaxOutput: 4096, MemoryBudgetMB: budgetMB})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.Exec(context.Background(), Request{Tool: "starlark", Input: "while True:\n  pass", Limits: Limits{TimeoutMS: 200}})
			if assert.NoError(t, err) {
				assert.Equal(t, "timeout", res.LimitHit)
			}
		}()
	}
	wg.Wait()
	now, peak := e.MemoryReserved()
	assert.Zero(t, now, "every reservation is returned")
	assert.Equal(t, 2*one, peak, "two runs at once, never three")

	_, err := e.Exec(context.Background(), Request{Tool: "starlark", Input: strings.Repeat("#", budgetMB<<20)})
	require.ErrorIs(t, err, ErrOverBudget)

	_, err = New(Config{Tools: []Tool{{Name: "starlark", Path: filepath.Clean(toolPath(t, "starlark"))}},
		MaxMemoryMB: 64, MemoryBudgetMB: 100})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "memory budget 100 MiB is below one run at the ceilings (130 MiB")
}

// TestMemoryBudgetQueue: waiting for the budget counts against the
// queue; past it, callers get ErrBusy (the server's 429).
func TestMemoryBudgetQueue(t *testing.T) {
	one := reservation(Limits{MemoryMB: 32, MaxOutputBytes: 4096}, len("while True:\n  pass"))
	e := newExec(t, Config{Concurrency: 2, Queue: 0, MaxMemoryMB: 32, MaxOutput: 4096, MemoryBudgetMB: int((one + (1 << 20) - 1) >> 20)})
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, busy := 0, 0
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.Exec(context.Background(), Request{Tool: "starlark", Input: "while True:\n  pass", Limits: Limits{TimeoutMS: 300}})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrBusy):
				busy++
			default:
				t.Errorf("unexpected error %v", err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 6, ok+busy)
	assert.GreaterOrEqual(t, ok, 2, "one runs, one waits for the budget")
	assert.Greater(t, busy, 0)
	_, peak := e.MemoryReserved()
	assert.Equal(t, one, peak)
}
