package jsonx

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestImportsNothingOfOurs keeps jsonx the bottom layer: go list -deps
// (native and wasip1) finds no other package of this module below it, and
// no host, OS-facing network or proxy-wasm package.
func TestImportsNothingOfOurs(t *testing.T) {
	if runtime.GOOS == "wasip1" {
		t.Skip("needs the go command; runs in the native pass")
	}
	const self = "github.com/aisecops/aisecops/internal/jsonx"
	for _, goos := range []string{"", "wasip1"} {
		cmd := exec.Command("go", "list", "-deps", ".")
		if goos != "" {
			cmd.Env = append(cmd.Environ(), "GOOS=wasip1", "GOARCH=wasm")
		}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps (GOOS=%q): %v", goos, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) == 0 || deps[len(deps)-1] != self {
			t.Fatalf("go list -deps (GOOS=%q) does not end with %s: %v", goos, self, deps)
		}
		for _, d := range deps {
			ours := strings.HasPrefix(d, "github.com/aisecops/aisecops/") && d != self
			host := strings.Contains(d, "proxy-wasm") || strings.Contains(d, "wazero") || d == "net" || strings.HasPrefix(d, "net/")
			if ours || host {
				t.Errorf("jsonx (GOOS=%q) depends on %s; it may import only the standard library and gjson", goos, d)
			}
		}
	}
}
