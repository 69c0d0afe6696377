// Package sandbox runs WASI modules under wazero with hard limits: a fresh
// module instance per execution, no network, no host environment, no host
// filesystem except an optional per-execution scratch directory under a
// quota (bytes written, files created), a memory page cap, a wall-clock
// deadline, capped output, bounded concurrency with a bounded queue, and
// a memory budget shared by all running executions.
package sandbox

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aisecops/aisecops/internal/runnerapi"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
)

// Limits bound one execution. Zero fields take the tool's defaults. They
// are the limits of an exec request (runnerapi.Limits).
type Limits = runnerapi.Limits

// Tool is a registered module.
type Tool struct {
	Name     string
	Path     string
	Defaults Limits
	// Scratch mounts a fresh, empty directory at /scratch for each run.
	Scratch bool
	binary  []byte
}

// Config of an Executor.
type Config struct {
	Tools []Tool
	// CacheDir keeps compiled modules on disk across restarts ("" keeps
	// them in memory only).
	CacheDir    string
	ScratchRoot string // parent of scratch directories (default os.TempDir)
	Concurrency int    // executions at once (default 4)
	Queue       int    // executions waiting for a slot (default 16)
	// Ceilings: a request may lower limits, never raise them past these.
	MaxTimeoutMS int
	MaxMemoryMB  int
	MaxOutput    int
	// Scratch quota of one run: bytes written (default 64 MiB) and
	// files, directories and links created (default 1024).
	ScratchMaxBytes int64
	ScratchMaxFiles int
	// MemoryBudgetMB bounds what running executions reserve together
	// (default 640): each reserves twice its memory cap (growing linear
	// memory copies it), its two output buffers and its input, and waits
	// for room before it starts.
	MemoryBudgetMB int
}

// Request is one execution.
type Request struct {
	Tool   string
	Input  string // stdin
	Args   []string
	Limits Limits
}

// Result of an execution: the answer to an exec request.
type Result = runnerapi.ExecResult

// ExitLimit is the exit code of a run ended by its timeout or output cap.
const ExitLimit = 124

// Errors callers map to HTTP statuses.
var (
	ErrBusy        = errors.New("sandbox: all execution slots and the queue are full")
	ErrUnknownTool = errors.New("sandbox: unknown tool")
	ErrOverBudget  = errors.New("sandbox: the run needs more memory than the whole budget")
)

// Executor runs tools. It is safe for concurrent use.
type Executor struct {
	cfg   Config
	tools map[string]*Tool
	cache wazero.CompilationCache
	admit chan struct{} // running + queued
	slots chan struct{} // running
	mem   memoryBudget
	mu    sync.Mutex
	// One runtime per memory cap (rounded to a power of two MiB): the cap
	// is a runtime setting in wazero. All share the compilation cache.
	runtimes map[int]*capRuntime
}

type capRuntime struct {
	rt       wazero.Runtime
	compiled map[string]wazero.CompiledModule
}

const (
	defaultTimeoutMS = 2000
	defaultMemoryMB  = 64
	defaultOutput    = 64 << 10
	// Go's wasip1 runtime needs this much to start at all.
	minMemoryMB = 32
)

// New loads the tools and prepares the runtimes.
func New(cfg Config) (*Executor, error) {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.Queue < 0 {
		cfg.Queue = 0
	}
	if cfg.MaxTimeoutMS <= 0 {
		cfg.MaxTimeoutMS = 30000
	}
	if cfg.MaxMemoryMB <= 0 {
		cfg.MaxMemoryMB = 256
	}
	if cfg.MaxOutput <= 0 {
		cfg.MaxOutput = 1 << 20
	}
	if cfg.ScratchRoot == "" {
		cfg.ScratchRoot = os.TempDir()
	}
	if cfg.ScratchMaxBytes <= 0 {
		cfg.ScratchMaxBytes = 64 << 20
	}
	if cfg.ScratchMaxFiles <= 0 {
		cfg.ScratchMaxFiles = 1024
	}
	if cfg.MemoryBudgetMB <= 0 {
		cfg.MemoryBudgetMB = 640
	}
	// Limits are clamped to at least minMemoryMB, so a ceiling below it
	// means minMemoryMB.
	worst := reservation(Limits{MemoryMB: max(roundPow2(cfg.MaxMemoryMB), minMemoryMB), MaxOutputBytes: cfg.MaxOutput}, 0)
	if int64(cfg.MemoryBudgetMB)<<20 < worst {
		return nil, fmt.Errorf("sandbox: memory budget %d MiB is below one run at the ceilings (%d MiB: twice the %d MiB memory cap plus output buffers)",
			cfg.MemoryBudgetMB, (worst+(1<<20)-1)>>20, max(roundPow2(cfg.MaxMemoryMB), minMemoryMB))
	}
	e := &Executor{cfg: cfg, tools: map[string]*Tool{}, runtimes: map[int]*capRuntime{},
		admit: make(chan struct{}, cfg.Concurrency+cfg.Queue), slots: make(chan struct{}, cfg.Concurrency),
		mem: memoryBudget{total: int64(cfg.MemoryBudgetMB) << 20}}
	var err error
	if cfg.CacheDir != "" {
		if e.cache, err = wazero.NewCompilationCacheWithDir(cfg.CacheDir); err != nil {
			return nil, fmt.Errorf("sandbox: cache dir %s: %w", cfg.CacheDir, err)
		}
	} else {
		e.cache = wazero.NewCompilationCache()
	}
	for i := range cfg.Tools {
		t := cfg.Tools[i]
		if t.Name == "" || strings.ContainsAny(t.Name, "/ ") {
			return nil, fmt.Errorf("sandbox: tools[%d]: invalid name %q", i, t.Name)
		}
		if _, dup := e.tools[t.Name]; dup {
			return nil, fmt.Errorf("sandbox: tool[%s]: registered twice", t.Name)
		}
		if t.binary, err = os.ReadFile(t.Path); err != nil {
			return nil, fmt.Errorf("sandbox: tool[%s]: %w", t.Name, err)
		}
		e.tools[t.Name] = &t
	}
	// Compile every tool once at the default cap, so the first request is
	// not the one that pays for compilation.
	for _, t := range e.tools {
		if _, err := e.compiled(context.Background(), t, e.limits(t, Limits{}).MemoryMB); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Tools lists the registered tool names.
func (e *Executor) Tools() []string {
	out := make([]string, 0, len(e.tools))
	for n := range e.tools {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Close releases every runtime.
func (e *Executor) Close(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var errs []error
	for _, r := range e.runtimes {
		errs = append(errs, r.rt.Close(ctx))
	}
	errs = append(errs, e.cache.Close(ctx))
	return errors.Join(errs...)
}

// QueueDepth is the number of admitted executions (running or waiting).
func (e *Executor) QueueDepth() int { return len(e.admit) }

// Capacity is the most executions admitted at once (running and
// waiting), and the memory budget they reserve from (bytes): what
// QueueDepth and MemoryReserved saturate against.
func (e *Executor) Capacity() (admitted int, memory int64) { return cap(e.admit), e.mem.total }

// MemoryReserved is what running executions have reserved from the
// memory budget now, and the most they ever held at once (bytes).
func (e *Executor) MemoryReserved() (now, peak int64) { return e.mem.inUse() }

// reservation is the most memory one run can hold: its linear memory
// twice over (a grow copies the buffer, and the old one lives until the
// next GC), both output buffers and its input.
func reservation(l Limits, input int) int64 {
	return 2*int64(l.MemoryMB)<<20 + 2*int64(l.MaxOutputBytes) + int64(input)
}

// limits merges request limits with tool defaults and clamps them.
func (e *Executor) limits(t *Tool, req Limits) Limits {
	l := t.Defaults
	if l.TimeoutMS == 0 {
		l.TimeoutMS = defaultTimeoutMS
	}
	if l.MemoryMB == 0 {
		l.MemoryMB = defaultMemoryMB
	}
	if l.MaxOutputBytes == 0 {
		l.MaxOutputBytes = defaultOutput
	}
	if req.TimeoutMS > 0 && req.TimeoutMS < l.TimeoutMS {
		l.TimeoutMS = req.TimeoutMS
	}
	if req.MemoryMB > 0 && req.MemoryMB < l.MemoryMB {
		l.MemoryMB = req.MemoryMB
	}
	if req.MaxOutputBytes > 0 && req.MaxOutputBytes < l.MaxOutputBytes {
		l.MaxOutputBytes = req.MaxOutputBytes
	}
	l.TimeoutMS = min(l.TimeoutMS, e.cfg.MaxTimeoutMS)
	l.MemoryMB = max(min(roundPow2(l.MemoryMB), e.cfg.MaxMemoryMB), minMemoryMB)
	l.MaxOutputBytes = min(l.MaxOutputBytes, e.cfg.MaxOutput)
	return l
}

func roundPow2(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}

func (e *Executor) compiled(ctx context.Context, t *Tool, memMB int) (wazero.CompiledModule, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	cr := e.runtimes[memMB]
	if cr == nil {
		rc := wazero.NewRuntimeConfig().
			WithCompilationCache(e.cache).
			WithCloseOnContextDone(true).
			WithMemoryLimitPages(uint32(memMB) * 16) // 64 KiB pages
		cr = &capRuntime{rt: wazero.NewRuntimeWithConfig(ctx, rc), compiled: map[string]wazero.CompiledModule{}}
		if _, err := wasi_snapshot_preview1.Instantiate(ctx, cr.rt); err != nil {
			return nil, fmt.Errorf("sandbox: wasi: %w", err)
		}
		e.runtimes[memMB] = cr
	}
	if m, ok := cr.compiled[t.Name]; ok {
		return m, nil
	}
	m, err := cr.rt.CompileModule(ctx, t.binary)
	if err != nil {
		return nil, fmt.Errorf("sandbox: tool[%s]: compile: %w", t.Name, err)
	}
	cr.compiled[t.Name] = m
	return m, nil
}

// Exec runs one request. It returns ErrBusy at once when the queue is
// full, and waits otherwise (until ctx is done) for a slot and then for
// room in the memory budget.
func (e *Executor) Exec(ctx context.Context, req Request) (Result, error) {
	t, ok := e.tools[req.Tool]
	if !ok {
		return Result{}, fmt.Errorf("%w %q (registered: %s)", ErrUnknownTool, req.Tool, strings.Join(e.Tools(), ", "))
	}
	need := reservation(e.limits(t, req.Limits), len(req.Input))
	if need > e.mem.total {
		return Result{}, fmt.Errorf("%w (%d bytes needed, budget %d)", ErrOverBudget, need, e.mem.total)
	}
	select {
	case e.admit <- struct{}{}:
	default:
		return Result{}, ErrBusy
	}
	defer func() { <-e.admit }()
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	defer func() { <-e.slots }()
	if err := e.mem.acquire(ctx, need); err != nil {
		return Result{}, err
	}
	defer e.mem.release(need)
	return e.run(ctx, t, req)
}

func (e *Executor) run(ctx context.Context, t *Tool, req Request) (Result, error) {
	lim := e.limits(t, req.Limits)
	mod, err := e.compiled(ctx, t, lim.MemoryMB)
	if err != nil {
		return Result{}, err
	}
	runCtx, cancel := context.WithTimeout(ctx, time.Duration(lim.TimeoutMS)*time.Millisecond)
	defer cancel()
	stdout := &cappedWriter{max: lim.MaxOutputBytes, onFull: cancel}
	stderr := &cappedWriter{max: lim.MaxOutputBytes, onFull: cancel}
	cfg := wazero.NewModuleConfig().
		WithName(""). // anonymous: instances of one tool may run at once
		WithArgs(append([]string{t.Name}, req.Args...)...).
		WithStdin(strings.NewReader(req.Input)).
		WithStdout(stdout).WithStderr(stderr).
		WithSysWalltime().WithSysNanotime().WithSysNanosleep().
		WithRandSource(rand.Reader).
		WithStartFunctions("_start")
	var quota *scratchQuota
	if t.Scratch {
		dir, err := os.MkdirTemp(e.cfg.ScratchRoot, "aisecops-scratch-")
		if err != nil {
			return Result{}, fmt.Errorf("sandbox: scratch: %w", err)
		}
		defer os.RemoveAll(dir)
		quota = &scratchQuota{maxBytes: e.cfg.ScratchMaxBytes, maxFiles: e.cfg.ScratchMaxFiles}
		mount := &quotaFS{FS: sysfs.DirFS(dir), q: quota}
		cfg = cfg.WithFSConfig(wazero.NewFSConfig().(sysfs.FSConfig).WithSysFSMount(mount, "/scratch"))
	}
	e.mu.Lock()
	rt := e.runtimes[lim.MemoryMB].rt
	e.mu.Unlock()
	start := time.Now()
	inst, err := rt.InstantiateModule(runCtx, mod, cfg)
	res := Result{DurationMS: time.Since(start).Milliseconds()}
	if inst != nil {
		inst.Close(context.Background())
	}
	res.Stdout, res.Stderr = stdout.String(), stderr.String()
	var exit *sys.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		res.ExitCode = int(exit.ExitCode())
	default:
		res.ExitCode = 1
		if res.Stderr == "" {
			res.Stderr = err.Error()
		}
	}
	// A run ended by a limit reports a conventional code, not wazero's
	// internal sentinels.
	switch {
	case stdout.full || stderr.full:
		res.LimitHit, res.ExitCode = "output", ExitLimit
	case runCtx.Err() == context.DeadlineExceeded:
		res.LimitHit, res.ExitCode = "timeout", ExitLimit
	case res.ExitCode != 0 && (strings.Contains(res.Stderr, "out of memory") || strings.Contains(res.Stderr, "memory.grow")):
		res.LimitHit = "memory"
	}
	if hit := quota.limitHit(); hit != "" {
		if res.LimitHit == "" {
			res.LimitHit = hit
		}
		what := fmt.Sprintf("more than %d bytes written", e.cfg.ScratchMaxBytes)
		if hit == LimitScratchFiles {
			what = fmt.Sprintf("more than %d files, directories or links created", e.cfg.ScratchMaxFiles)
		}
		res.Stderr += "\nsandbox: /scratch quota exceeded (" + hit + "): " + what + "; the write failed with EIO\n"
	}
	return res, nil
}

// cappedWriter keeps at most max bytes and stops the run when more come.
type cappedWriter struct {
	mu     sync.Mutex
	buf    []byte
	max    int
	full   bool
	onFull func()
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	room := w.max - len(w.buf)
	if len(p) > room {
		w.buf = append(w.buf, p[:max(room, 0)]...)
		if !w.full {
			w.full = true
			w.onFull()
		}
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

func (w *cappedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}
