package wire

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestImportsOnlyJSONX keeps wire the layer above jsonx: go list -deps
// (native and wasip1) finds internal/jsonx and no other package of this
// module below it, and no host, OS-facing network or proxy-wasm package.
func TestImportsOnlyJSONX(t *testing.T) {
	if runtime.GOOS == "wasip1" {
		t.Skip("needs the go command; runs in the native pass")
	}
	const (
		self  = "github.com/aisecops/aisecops/internal/wire"
		jsonx = "github.com/aisecops/aisecops/internal/jsonx"
	)
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
		sawJSONX := false
		for _, d := range deps {
			sawJSONX = sawJSONX || d == jsonx
			ours := strings.HasPrefix(d, "github.com/aisecops/aisecops/") && d != self && d != jsonx
			host := strings.Contains(d, "proxy-wasm") || strings.Contains(d, "wazero") || d == "net" || strings.HasPrefix(d, "net/")
			if ours || host {
				t.Errorf("wire (GOOS=%q) depends on %s; it may import only the standard library, gjson and internal/jsonx", goos, d)
			}
		}
		if !sawJSONX {
			t.Errorf("wire (GOOS=%q) no longer reads bodies through internal/jsonx: %v", goos, deps)
		}
	}
}
