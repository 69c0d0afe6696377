// Command wasmexec runs a wasip1 program under wazero, for
// `go test -exec`: GOOS=wasip1 GOARCH=wasm go test -exec "go run ./bench/wasmexec" ./rules/
//
// The module sees its arguments, the current directory mounted at the same
// path (tests read testdata) and no environment except GOMAXPROCS-style
// test variables; it exits with the module's exit code.
package main

import (
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"os"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wasmexec MODULE.wasm [ARGS...]")
		os.Exit(2)
	}
	os.Exit(run(os.Args[1], os.Args[2:]))
}

func run(path string, args []string) int {
	ctx := context.Background()
	bin, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmexec:", err)
		return 2
	}
	cache := wazero.NewCompilationCache()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(cache))
	defer rt.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmexec:", err)
		return 2
	}
	cfg := wazero.NewModuleConfig().
		WithArgs(append([]string{path}, args...)...).
		WithStdout(os.Stdout).WithStderr(os.Stderr).WithStdin(os.Stdin).
		WithFSConfig(wazero.NewFSConfig().WithDirMount(wd, wd).WithDirMount("/", "/")).
		WithSysWalltime().WithSysNanotime().WithSysNanosleep().WithRandSource(cryptoRand).
		WithEnv("PWD", wd)
	_, err = rt.InstantiateWithConfig(ctx, bin, cfg)
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		return int(exit.ExitCode())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmexec:", err)
		return 1
	}
	return 0
}

var cryptoRand = crand.Reader
