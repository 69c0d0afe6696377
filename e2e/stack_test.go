package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// A runner that dies at start is reported at once, with what it said,
// not after the health-check timeout with nothing to go on.
func TestRunnerExitReported(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "build"), 0o755))
	script := "#!/bin/sh\necho 'cannot read tools dir: permission denied' >&2\nexit 3\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "build", "sandbox-runner"), []byte(script), 0o755))
	st := &Stack{Root: root}
	defer st.Close()
	err := st.startRunner("")
	require.Error(t, err)
	require.Contains(t, err.Error(), "exited before it was healthy")
	require.Contains(t, err.Error(), "exit status 3")
	require.Contains(t, err.Error(), "cannot read tools dir: permission denied")
}
