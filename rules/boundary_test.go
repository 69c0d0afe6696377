package rules

import (
	"go/build"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImportBoundary keeps rules pure: no host, no I/O. Direct imports of
// os and net are forbidden; proxywasm, wazero and net may not appear even
// transitively. (fmt and crypto/sha256 reach os internally; that is the
// standard library's business, not a way for rules to do I/O.)
func TestImportBoundary(t *testing.T) {
	if runtime.GOOS == "wasip1" {
		t.Skip("needs the go command; runs in the native pass of make test")
	}
	pkg, err := build.ImportDir(".", 0)
	require.NoError(t, err)
	for _, imp := range pkg.Imports {
		require.False(t, imp == "os" || imp == "net" || strings.HasPrefix(imp, "net/") || imp == "syscall",
			"rules imports %s", imp)
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	require.NoError(t, err)
	for _, dep := range strings.Fields(string(out)) {
		require.False(t, strings.Contains(dep, "proxy-wasm") || strings.Contains(dep, "wazero") ||
			dep == "net" || strings.HasPrefix(dep, "net/"), "rules depends on %s", dep)
	}
}
