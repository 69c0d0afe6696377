// Package testbuild locates what `make build` writes under build/, for
// tests in any package of the module.
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

// Path returns build/<rel...> under the repository root. A missing
// artifact fails the test and names the target that makes it.
func Path(t testing.TB, rel ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Root(), "build"}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s missing: run make build (%v)", p, err)
	}
	return p
}
