// Package testbuild locates what `make build` writes under build/, for
// tests in any package of the module.
//
// It is a test helper, not product code: only tests, e2e and bench import
// it. The filter, the runner and the CLI must not (it reads the
// environment and fails tests); internal/boundary checks the
// filter's side with go list -deps.
package testbuild

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root is the repository root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Dir is where make build wrote its outputs: $AISECOPS_BUILD when set (a
// build directory of one's own, e.g. make build BUILD=/tmp/b), otherwise
// build/ under the repository root.
func Dir() string {
	if d := os.Getenv("AISECOPS_BUILD"); d != "" {
		return d
	}
	return filepath.Join(Root(), "build")
}

// Path returns <Dir>/<rel...>. A missing
// artifact fails the test and names the target that makes it.
func Path(t testing.TB, rel ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Dir()}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s missing: run make build (%v)", p, err)
	}
	return p
}
