// Command sandbox-runner runs high-risk tool calls as WebAssembly under
// wazero with hard limits, holds human approvals, and stores security
// events. Every flag has an environment fallback (AISECOPS_RUNNER_*).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aisecops/aisecops/internal/eventchain"
	"github.com/aisecops/aisecops/sandbox-runner/internal/approvals"
	"github.com/aisecops/aisecops/sandbox-runner/internal/captures"
	"github.com/aisecops/aisecops/sandbox-runner/internal/events"
	"github.com/aisecops/aisecops/sandbox-runner/internal/sandbox"
	"github.com/aisecops/aisecops/sandbox-runner/internal/server"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(os.Args[1:], log); err != nil {
		log.Error("sandbox-runner stopped", "err", err)
		os.Exit(1)
	}
}

func env(name, def string) string {
	if v, ok := os.LookupEnv("AISECOPS_RUNNER_" + name); ok {
		return v
	}
	return def
}

// envIntChecked reads an integer setting from the environment; a value that is
// not an integer is an error (run refuses to start), never the default.
func envIntChecked(errs *[]error, name string, def int) int {
	v, ok := os.LookupEnv("AISECOPS_RUNNER_" + name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("AISECOPS_RUNNER_%s: invalid value %q: want an integer", name, v))
		return def
	}
	return n
}

// startDelay is the test-only AISECOPS_RUNNER_TEST_START_DELAY: the
// runner waits this long before it listens.
func startDelay() time.Duration {
	d, err := time.ParseDuration(os.Getenv("AISECOPS_RUNNER_TEST_START_DELAY"))
	if err != nil || d < 0 {
		return 0
	}
	return d
}

// toolFile is the operator's registry of extra modules (--tools-config).
type toolFile struct {
	Tools map[string]struct {
		Path           string `json:"path"`
		TimeoutMS      int    `json:"timeout_ms"`
		MemoryMB       int    `json:"memory_mb"`
		MaxOutputBytes int    `json:"max_output_bytes"`
		Scratch        bool   `json:"scratch"`
	} `json:"tools"`
}

func run(args []string, log *slog.Logger) error {
	var envErrs []error
	envInt := func(name string, def int) int { return envIntChecked(&envErrs, name, def) }
	fs := flag.NewFlagSet("sandbox-runner", flag.ContinueOnError)
	listen := fs.String("listen", env("LISTEN", "127.0.0.1:8081"), "address to serve on")
	toolsDir := fs.String("tools-dir", env("TOOLS_DIR", "build/tools"), "directory with the built-in tools (starlark.wasm, sh.wasm)")
	toolsConfig := fs.String("tools-config", env("TOOLS_CONFIG", ""), "JSON file registering more WASI modules by name")
	cacheDir := fs.String("cache-dir", env("CACHE_DIR", ""), "compilation cache directory (empty: in memory)")
	dataDir := fs.String("data-dir", env("DATA_DIR", "data"), "directory for approvals and the event log")
	concurrency := fs.Int("concurrency", envInt("CONCURRENCY", 4), "executions at once")
	queue := fs.Int("queue", envInt("QUEUE", 16), "executions waiting for a slot before 429")
	secret := fs.String("secret", env("SECRET", ""), "shared secret filters send (required, 16+ bytes)")
	secretHeader := fs.String("secret-header", env("SECRET_HEADER", "x-aisecops-secret"), "header carrying the secret")
	approverToken := fs.String("approver-token", env("APPROVER_TOKEN", ""), "bearer token of human approvers (required, 16+ bytes)")
	auditKey := fs.String("audit-key", env("AUDIT_KEY", ""), "key of the event log's HMAC chain (required unless --audit-key-file, 32+ bytes; never given to filters)")
	auditKeyFile := fs.String("audit-key-file", env("AUDIT_KEY_FILE", ""), "file holding the audit key (a mounted secret); trailing white space is ignored")
	ttl := fs.Duration("approval-ttl", 10*time.Minute, "lifetime of an approval")
	maxBody := fs.Int64("max-body-bytes", int64(envInt("MAX_BODY_BYTES", 4<<20)), "largest request body")
	maxArgs := fs.Int("max-approval-args-bytes", envInt("MAX_APPROVAL_ARGS_BYTES", 64<<10), "largest arguments of one approval (shown whole to approvers; larger are refused)")
	scratchBytes := fs.Int64("scratch-max-bytes", int64(envInt("SCRATCH_MAX_BYTES", 64<<20)), "bytes one run may write to /scratch")
	scratchFiles := fs.Int("scratch-max-files", envInt("SCRATCH_MAX_FILES", 1024), "files, directories and links one run may create in /scratch")
	captureKey := fs.String("capture-key", env("CAPTURE_KEY", ""), "key (32+ bytes) that seals evidence captures at rest; empty: capture endpoints answer 503")
	captureRetention := fs.String("capture-retention", env("CAPTURE_RETENTION", "168h"), "captures older than this are deleted (a duration)")
	captureMaxMB := fs.Int("capture-max-mb", envInt("CAPTURE_MAX_MB", 1024), "captures kept on disk at most (MiB, encrypted size); the oldest go first")
	budgetMB := fs.Int("memory-budget-mb", envInt("MEMORY_BUDGET_MB", 640), "memory all running executions may reserve together (MiB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := errors.Join(envErrs...); err != nil {
		return err
	}
	if len(*secret) < 16 {
		return errors.New("--secret (AISECOPS_RUNNER_SECRET): required, at least 16 bytes")
	}
	if len(*approverToken) < 16 {
		return errors.New("--approver-token (AISECOPS_RUNNER_APPROVER_TOKEN): required, at least 16 bytes")
	}
	if *captureKey != "" && (*captureKey == *secret || *captureKey == *approverToken) {
		return errors.New("--capture-key must differ from --secret and --approver-token: every proxy holds the secret, and the key opens the captures")
	}
	if *secret == *approverToken {
		return errors.New("--approver-token must differ from --secret: filters must not approve")
	}
	key, err := readAuditKey(*auditKey, *auditKeyFile, *secret, *approverToken)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    int64
	}{{"max-approval-args-bytes", int64(*maxArgs)}, {"scratch-max-bytes", *scratchBytes},
		{"scratch-max-files", int64(*scratchFiles)}, {"memory-budget-mb", int64(*budgetMB)}, {"capture-max-mb", int64(*captureMaxMB)}, {"max-body-bytes", *maxBody}} {
		if f.v <= 0 {
			return fmt.Errorf("--%s: must be positive, got %d", f.name, f.v)
		}
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		// The budget bounds what executions reserve; the soft limit makes
		// the GC return their garbage before the heap doubles past it.
		debug.SetMemoryLimit(int64(*budgetMB+256) << 20)
	}
	tools := []sandbox.Tool{
		{Name: "starlark", Path: filepath.Join(*toolsDir, "starlark.wasm")},
		{Name: "sh", Path: filepath.Join(*toolsDir, "sh.wasm"), Scratch: true},
	}
	if *toolsConfig != "" {
		b, err := os.ReadFile(*toolsConfig)
		if err != nil {
			return fmt.Errorf("--tools-config: %w", err)
		}
		var tf toolFile
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&tf); err != nil {
			return fmt.Errorf("--tools-config %s: %w", *toolsConfig, err)
		}
		for name, t := range tf.Tools {
			if t.Path == "" {
				return fmt.Errorf("--tools-config %s: tools.%s.path: required", *toolsConfig, name)
			}
			tools = append(tools, sandbox.Tool{Name: name, Path: t.Path, Scratch: t.Scratch,
				Defaults: sandbox.Limits{TimeoutMS: t.TimeoutMS, MemoryMB: t.MemoryMB, MaxOutputBytes: t.MaxOutputBytes}})
		}
	}
	if err = os.MkdirAll(*dataDir, 0o750); err != nil {
		return err
	}
	ex, err := sandbox.New(sandbox.Config{Tools: tools, CacheDir: *cacheDir, Concurrency: *concurrency, Queue: *queue,
		ScratchMaxBytes: *scratchBytes, ScratchMaxFiles: *scratchFiles, MemoryBudgetMB: *budgetMB})
	if err != nil {
		return err
	}
	ap, err := approvals.Open(filepath.Join(*dataDir, "approvals.json"))
	if err != nil {
		return err
	}
	ev, err := events.Open(filepath.Join(*dataDir, "events"), 64<<20, key)
	if err != nil {
		return err
	}
	defer ev.Close()
	srv := server.New(server.Config{Secret: *secret, SecretHeader: *secretHeader, ApproverToken: *approverToken,
		MaxBodyBytes: *maxBody, MaxApprovalArgsBytes: *maxArgs, ApprovalTTL: *ttl}, ex, ap, ev, log)
	if *captureKey != "" {
		retention, err := time.ParseDuration(*captureRetention)
		if err != nil || retention <= 0 {
			return fmt.Errorf("--capture-retention: invalid value %q: want a positive duration such as 168h", *captureRetention)
		}
		st, err := captures.Open(filepath.Join(*dataDir, "evidence"), []byte(*captureKey),
			captures.Options{Retention: retention, MaxBytes: int64(*captureMaxMB) << 20})
		if err != nil {
			return fmt.Errorf("--capture-key: %w", err)
		}
		srv.SetCaptures(st)
	}
	hs := &http.Server{Addr: *listen, Handler: srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 90 * time.Second, IdleTimeout: 120 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if d := startDelay(); d > 0 {
		// Tests use it to stand for a slow start on a loaded machine.
		log.Warn("start delayed (test only)", "delay", d.String())
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return nil
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	log.Info("sandbox-runner listening", "addr", *listen, "tools", ex.Tools(), "data_dir", *dataDir)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	return errors.Join(err, ex.Close(sctx))
}

// readAuditKey takes the event log's key from --audit-key or the file of
// --audit-key-file (exactly one). It must differ from the two secrets
// others hold: a filter or an approver must not be able to re-sign the log.
func readAuditKey(value, file, secret, approver string) (eventchain.Key, error) {
	switch {
	case value != "" && file != "":
		return eventchain.Key{}, errors.New("--audit-key and --audit-key-file: give one, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return eventchain.Key{}, fmt.Errorf("--audit-key-file: %w", err)
		}
		value = strings.TrimRight(string(b), " \t\r\n")
	case value == "":
		return eventchain.Key{}, fmt.Errorf("--audit-key (AISECOPS_RUNNER_AUDIT_KEY) or --audit-key-file: required, at least %d bytes: it keys the event log's HMAC chain", eventchain.MinKeyBytes)
	}
	if value == secret || value == approver {
		return eventchain.Key{}, errors.New("--audit-key must differ from --secret and --approver-token: whoever holds it can re-sign the event log")
	}
	k, err := eventchain.NewKey([]byte(value))
	if err != nil {
		return eventchain.Key{}, fmt.Errorf("--audit-key: %w", err)
	}
	return k, nil
}
